"""Adding and removing photos: who may, how many, and that a refusal leaves no row and no
file (files are written only when the transaction commits)."""

import io

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image

from commonweal.governance.hazards.services import reports as report_services
from commonweal.governance.photos import services
from commonweal.governance.photos.models import Photo
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role
from tests.governance.hazards.fixtures import file_report
from tests.governance.photos.fixtures import jpeg_with_gps, raise_need, stored_files, upload
from tests.partners.fixtures import in_schema

RESIDENT = frozenset({Role.RESIDENT})
STAFF = frozenset({Role.STAFF})


def _refused(call) -> str:
    with pytest.raises(DomainError) as refused, transaction.atomic():
        call()
    return refused.value.code


def test_a_stored_photo_reopened_from_storage_has_no_exif(
    fengshu, people, media_root, django_capture_on_commit_callbacks
):
    need = raise_need(fengshu, people.resident)
    with in_schema(fengshu), django_capture_on_commit_callbacks(execute=True):
        photo = services.photo_add_to_need(
            actor=people.resident, roles=RESIDENT, need=need, upload=upload(jpeg_with_gps())
        )

    with default_storage.open(photo.image) as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert photo.image.startswith(f"photos/{fengshu.schema_name}/")
    assert (image.format, image.size, dict(image.getexif())) == ("JPEG", (64, 48), {})
    assert "exif" not in image.info
    assert stored_files(media_root) == sorted([photo.image, photo.thumbnail])


def test_a_refused_upload_leaves_no_row_and_no_file(
    fengshu, people, media_root, django_capture_on_commit_callbacks
):
    need = raise_need(fengshu, people.resident)
    fake = upload(b"GIF89a? no, a text file\n", "holiday.jpg")

    with in_schema(fengshu), django_capture_on_commit_callbacks(execute=True):
        code = _refused(
            lambda: services.photo_add_to_need(
                actor=people.resident, roles=RESIDENT, need=need, upload=fake
            )
        )
        rows = Photo.objects.count()

    assert (code, rows, stored_files(media_root)) == ("PHOTO_NOT_AN_IMAGE", 0, [])


def test_a_later_refusal_in_the_same_transaction_takes_the_earlier_photos_with_it(
    fengshu, people, media_root, django_capture_on_commit_callbacks
):
    need = raise_need(fengshu, people.resident)

    def two_photos_one_bad():
        for data in (jpeg_with_gps(), b"not a photo"):
            services.photo_add_to_need(
                actor=people.resident, roles=RESIDENT, need=need, upload=upload(data)
            )

    with in_schema(fengshu), django_capture_on_commit_callbacks(execute=True):
        code = _refused(two_photos_one_bad)
        rows = Photo.objects.count()

    assert (code, rows, stored_files(media_root)) == ("PHOTO_NOT_AN_IMAGE", 0, [])


def test_at_most_six_photos_a_need(fengshu, people):
    need = raise_need(fengshu, people.resident)
    with in_schema(fengshu):
        for _ in range(services.NEED_LIMIT):
            services.photo_add_to_need(
                actor=people.resident, roles=RESIDENT, need=need, upload=jpeg_with_gps()
            )
        code = _refused(
            lambda: services.photo_add_to_need(
                actor=people.staff, roles=STAFF, need=need, upload=jpeg_with_gps()
            )
        )
        assert (code, need.photos.count()) == ("TOO_MANY_PHOTOS", 6)


def test_at_most_nine_photos_a_report_and_nine_of_its_fix(fengshu, grid_map, people):
    report = file_report(fengshu, people.resident)
    with in_schema(fengshu):
        for _ in range(services.REPORT_LIMIT):
            services.photo_add_to_report(
                actor=people.resident, roles=RESIDENT, report=report, upload=jpeg_with_gps()
            )
        code = _refused(
            lambda: services.photo_add_to_report(
                actor=people.resident, roles=RESIDENT, report=report, upload=jpeg_with_gps()
            )
        )
        report_services.report_confirm(actor=people.staff, community=fengshu, report=report)
        report_services.report_fix(actor=people.staff, community=fengshu, report=report)
        services.photo_add_to_report(
            actor=people.staff, roles=STAFF, report=report, upload=jpeg_with_gps(), of_the_fix=True
        )
        assert code == "TOO_MANY_PHOTOS"
        assert list(report.photos.values_list("of_the_fix", flat=True)) == [False] * 9 + [True]


def test_only_the_raiser_and_the_office_add_photos_to_a_need(fengshu, people):
    need = raise_need(fengshu, people.resident)
    with in_schema(fengshu):
        code = _refused(
            lambda: services.photo_add_to_need(
                actor=people.neighbour, roles=RESIDENT, need=need, upload=jpeg_with_gps()
            )
        )
        services.photo_add_to_need(
            actor=people.staff, roles=STAFF, need=need, upload=jpeg_with_gps()
        )
        assert (code, need.photos.count()) == ("NOT_YOURS", 1)


def test_photos_of_the_fix_come_from_a_handler_once_the_report_is_fixed(fengshu, grid_map, people):
    report = file_report(fengshu, people.resident)
    worker = frozenset({Role.GRID_WORKER})
    with in_schema(fengshu):
        report_services.report_confirm(actor=people.staff, community=fengshu, report=report)

        def add(actor, roles):
            return services.photo_add_to_report(
                actor=actor, roles=roles, report=report, upload=jpeg_with_gps(), of_the_fix=True
            )

        before_fix = _refused(lambda: add(people.grid_worker, worker))
        report_services.report_fix(actor=people.grid_worker, community=fengshu, report=report)
        by_reporter = _refused(lambda: add(people.resident, RESIDENT))
        photo = add(people.grid_worker, worker)

    assert (before_fix, by_reporter) == ("NOT_FIXED", "NOT_YOURS")
    assert (photo.of_the_fix, photo.report_id, photo.uploaded_by_id) == (
        True,
        report.pk,
        people.grid_worker.pk,
    )


def test_removing_a_photo_removes_its_row_and_files(
    fengshu, people, media_root, django_capture_on_commit_callbacks
):
    need = raise_need(fengshu, people.resident)
    with in_schema(fengshu), django_capture_on_commit_callbacks(execute=True):
        photo = services.photo_add_to_need(
            actor=people.resident, roles=RESIDENT, need=need, upload=jpeg_with_gps()
        )
    assert len(stored_files(media_root)) == 2
    with in_schema(fengshu):
        refused = _refused(
            lambda: services.photo_remove(actor=people.neighbour, roles=RESIDENT, photo=photo)
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.photo_remove(actor=people.staff, roles=frozenset(OFFICE_ROLES), photo=photo)
        rows = Photo.objects.count()

    assert (refused, rows, stored_files(media_root)) == ("NOT_YOURS", 0, [])
