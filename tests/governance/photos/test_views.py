"""Photos on the community's host: served only where what they belong to may be seen, with
the stored content type and nosniff; the phone forms attach them; owners and staff remove."""

from django.test import Client, TestCase

from commonweal.governance.hazards.models import HazardReport
from commonweal.governance.hazards.services import reports as report_services
from commonweal.governance.needs.services import needs as need_services
from commonweal.governance.photos import services
from commonweal.governance.photos.models import Photo
from commonweal.platform.kernel.roles import Role
from tests.fixtures import host_of
from tests.governance.hazards.fixtures import file_report
from tests.governance.photos.fixtures import jpeg_with_gps, raise_need, stored_files, upload
from tests.partners.fixtures import in_schema


def committing():
    """Files are written when a write commits; a test's transaction never does, so what a
    block registers to run on commit is run at its end."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _get(community, path, user=None):
    return _client(user).get(path, HTTP_HOST=host_of(community))


def _post(community, path, data, user=None):
    with committing():
        return _client(user).post(path, data, HTTP_HOST=host_of(community), follow=True)


def _need_photo(community, people, need=None):
    need = need or raise_need(community, people.resident)
    with in_schema(community), committing():
        return services.photo_add_to_need(
            actor=people.resident, roles={Role.RESIDENT}, need=need, upload=jpeg_with_gps()
        )


def _report_photo(community, people, report):
    with in_schema(community), committing():
        return services.photo_add_to_report(
            actor=people.resident, roles={Role.RESIDENT}, report=report, upload=jpeg_with_gps()
        )


def test_a_photo_is_served_with_its_stored_type_nosniff_and_cache_headers(
    fengshu, grid_map, people
):
    photo = _report_photo(fengshu, people, file_report(fengshu, people.resident))

    full = _get(fengshu, photo.path)
    thumbnail = _get(fengshu, photo.thumbnail_path)
    again = _client().get(photo.path, HTTP_HOST=host_of(fengshu), HTTP_IF_NONE_MATCH=full["ETag"])

    assert (full.status_code, full["Content-Type"]) == (200, "image/jpeg")
    assert full["X-Content-Type-Options"] == "nosniff"
    assert full["Cache-Control"] == "private, max-age=86400"
    assert b"".join(full.streaming_content)[:2] == b"\xff\xd8"
    assert (thumbnail.status_code, thumbnail["Content-Type"]) == (200, "image/jpeg")
    assert again.status_code == 304


def test_an_id_from_another_community_is_404(fengshu, jiahonglu, grid_map, people):
    photo = _report_photo(fengshu, people, file_report(fengshu, people.resident))

    assert _get(fengshu, photo.path).status_code == 200
    assert _get(jiahonglu, photo.path).status_code == 404
    assert _get(jiahonglu, photo.thumbnail_path).status_code == 404


def test_a_needs_photos_follow_the_needs_visibility(fengshu, people):
    photo = _need_photo(fengshu, people)

    # submitted, not yet accepted: the raiser and the office only
    seen = {
        who: _get(fengshu, photo.path, user).status_code
        for who, user in (
            ("anonymous", None),
            ("neighbour", people.neighbour),
            ("raiser", people.resident),
            ("staff", people.staff),
        )
    }
    with in_schema(fengshu):
        need_services.need_accept(actor=people.staff, community=fengshu, need=photo.need)

    assert seen == {"anonymous": 404, "neighbour": 404, "raiser": 200, "staff": 200}
    assert _get(fengshu, photo.path).status_code == 200


def test_a_reports_photos_are_public_until_it_is_closed_as_not_a_hazard(fengshu, grid_map, people):
    report = file_report(fengshu, people.resident)
    photo = _report_photo(fengshu, people, report)
    public = _get(fengshu, photo.path).status_code
    with in_schema(fengshu):
        report_services.report_reject(
            actor=people.staff, community=fengshu, report=report, reason="正常气味"
        )

    assert public == 200
    assert _get(fengshu, photo.path).status_code == 404
    assert _get(fengshu, photo.path, people.resident).status_code == 200


def test_a_hazard_reported_with_a_photo_shows_its_thumbnail_and_never_the_reporter(
    fengshu, grid_map, people, media_root
):
    form = {
        "category": "gas",
        "description": "楼道里燃气味很重",
        "lat": "30.6011",
        "lng": "104.1011",
        "system": "gcj02",
        "photos": [upload(jpeg_with_gps()), upload(jpeg_with_gps(orientation=6), "b.jpg")],
    }

    filed = _post(fengshu, "/hazards/new/", form, people.resident)
    with in_schema(fengshu):
        report = HazardReport.objects.get()
        photos = list(report.photos.all())
    page = _get(fengshu, report.path).content.decode()

    assert filed.redirect_chain[-1][0] == report.path
    assert [(p.width, p.height) for p in photos] == [(64, 48), (48, 64)]
    assert f'src="{photos[0].thumbnail_path}"' in page
    assert f'href="{photos[1].path}"' in page
    assert "居民张伟" not in page
    assert len(stored_files(media_root)) == 4


def test_a_need_raised_with_a_file_that_is_not_a_photo_is_not_raised_at_all(
    fengshu, people, media_root
):
    form = {
        "title": "广场缺少座椅",
        "description": "老人散步没地方坐",
        "category": "facilities",
        "confirmed": "on",
        "photos": [upload(jpeg_with_gps()), upload(b"plain text", "seat.jpg")],
    }

    page = _post(fengshu, "/needs/new/", form, people.resident).content.decode()
    with in_schema(fengshu):
        counts = (need_services.Need.objects.count(), Photo.objects.count())

    assert "这个文件不是照片" in page
    assert counts == (0, 0)
    assert stored_files(media_root) == []


def test_the_fix_is_recorded_with_its_photos(fengshu, grid_map, people):
    report = file_report(fengshu, people.resident)
    with in_schema(fengshu):
        report_services.report_confirm(actor=people.staff, community=fengshu, report=report)

    _post(
        fengshu,
        f"{report.path}fix/",
        {"note": "已更换阀门", "photos": [upload(jpeg_with_gps())]},
        people.grid_worker,
    )
    page = _get(fengshu, report.path).content.decode()
    with in_schema(fengshu):
        report.refresh_from_db()
        fix_photos = list(report.photos.values_list("of_the_fix", flat=True))

    assert (report.state, fix_photos) == ("fixed", [True])
    assert "整改照片" in page


def test_owners_and_staff_remove_photos_and_others_cannot(fengshu, people, media_root):
    photo = _need_photo(fengshu, people)

    neighbour = _client(people.neighbour).post(
        f"/photos/{photo.pk}/remove/", HTTP_HOST=host_of(fengshu)
    )
    removed = _post(fengshu, f"/photos/{photo.pk}/remove/", {}, people.staff)
    with in_schema(fengshu):
        left = Photo.objects.count()

    assert neighbour.status_code == 404  # the need is not public yet: not even seen
    assert removed.redirect_chain[-1][0] == f"/needs/{photo.need_id}/"
    assert (left, stored_files(media_root)) == (0, [])


def test_the_raiser_adds_photos_from_the_needs_page(fengshu, people):
    need = raise_need(fengshu, people.resident)

    page = _get(fengshu, need.path, people.resident).content.decode()
    added = _post(
        fengshu,
        f"/photos/needs/{need.pk}/add/",
        {"photos": [upload(jpeg_with_gps())]},
        people.resident,
    )
    refused = _client(people.neighbour).post(
        f"/photos/needs/{need.pk}/add/",
        {"photos": [upload(jpeg_with_gps())]},
        HTTP_HOST=host_of(fengshu),
    )

    assert f'action="/photos/needs/{need.pk}/add/"' in page
    assert 'accept="image/jpeg,image/png,image/webp,image/*"' in page
    assert "照片已添加" in added.content.decode()
    assert refused.status_code == 404
    with in_schema(fengshu):
        assert need.photos.count() == 1
