"""Adding and removing photos of needs and hazard reports.

Invariant: a refused upload changes nothing and leaves no file. The pixels are checked and
re-encoded (`processing.prepare`) before anything is written; the row is written in the
caller's transaction, and the files only once that transaction commits
(`transaction.on_commit`): a refusal later in the same transaction (another photo of the same
form, the need itself) rolls the row back and no file was ever written. Removing works the
same way round: the row goes in the transaction, the files after it commits.

The owner's row is locked while its photos are counted, so two uploads at once cannot both
take the last place.
"""

import logging
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.hazards.models import HazardReport, ReportState
from commonweal.governance.needs.models import Need
from commonweal.governance.photos import processing, selectors
from commonweal.governance.photos.error_codes import PhotoErrorCode, not_found
from commonweal.governance.photos.models import Photo
from commonweal.platform.kernel.errors import DomainError

NEED_LIMIT = 6
# 九宫格: the reporter's nine, and nine more of the fix.
REPORT_LIMIT = 9
logger = logging.getLogger(__name__)


def _not_yours() -> DomainError:
    return DomainError(
        PhotoErrorCode.NOT_YOURS,
        _("Only the person who raised it, or those who handle it, may add or remove photos."),
    )


def _too_many(limit: int) -> DomainError:
    return DomainError(
        PhotoErrorCode.TOO_MANY_PHOTOS,
        _("At most %(limit)d photos can be attached here.") % {"limit": limit},
        field="photo",
    )


def photo_add_to_need(*, actor, roles, need: Need, upload) -> Photo:
    """Caller has checked that `actor` may see the need (`needs.selectors.access_need`)."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    if not selectors.may_add_to_need(actor=actor, roles=roles, need=need):
        raise _not_yours()
    if need.photos.count() >= NEED_LIMIT:
        raise _too_many(NEED_LIMIT)
    return _store(processing.prepare(upload), actor=actor, need=need)


def photo_add_to_report(
    *, actor, roles, report: HazardReport, upload, of_the_fix: bool = False
) -> Photo:
    """Caller has checked that `actor` may see the report. A photo of the fix is added once
    the report is marked fixed, by one of its handlers."""
    report = HazardReport.objects.select_for_update().get(pk=report.pk)
    if not selectors.may_add_to_report(
        actor=actor, roles=roles, report=report, of_the_fix=of_the_fix
    ):
        raise _not_yours()
    if of_the_fix and report.state != ReportState.FIXED:
        raise DomainError(
            PhotoErrorCode.NOT_FIXED,
            _("Photos of the fix are added once the report is marked fixed."),
        )
    if report.photos.filter(of_the_fix=of_the_fix).count() >= REPORT_LIMIT:
        raise _too_many(REPORT_LIMIT)
    return _store(processing.prepare(upload), actor=actor, report=report, of_the_fix=of_the_fix)


def photo_remove(*, actor, roles, photo: Photo) -> None:
    """Caller has checked that `actor` may see the photo (`selectors.access_photo`)."""
    photo = Photo.objects.select_for_update().filter(pk=photo.pk).first()
    if photo is None:
        raise not_found()
    if not selectors.may_remove(actor=actor, roles=roles, photo=photo):
        raise _not_yours()
    names = (photo.image, photo.thumbnail)
    photo.delete()
    transaction.on_commit(lambda: _delete_files(names))


def _store(prepared: processing.Prepared, *, actor, **owner) -> Photo:
    # Per community: a schema's photos can be moved, backed up or erased as one folder.
    stem = f"photos/{connection.schema_name}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"
    full, small = prepared.photo, prepared.thumbnail
    photo = Photo.objects.create(
        **owner,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
        image=f"{stem}.{full.extension}",
        thumbnail=f"{stem}-thumbnail.{small.extension}",
        content_type=full.content_type,
        width=full.width,
        height=full.height,
        thumbnail_width=small.width,
        thumbnail_height=small.height,
        size=len(full.data),
    )
    files = ((photo.image, full.data), (photo.thumbnail, small.data))
    transaction.on_commit(lambda: _write_files(files))
    return photo


def _write_files(files) -> None:
    for name, data in files:
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # a random name taken twice: the row points at `name`
            logger.error("photo file %s was stored as %s", name, saved)


def _delete_files(names) -> None:
    for name in names:
        default_storage.delete(name)
