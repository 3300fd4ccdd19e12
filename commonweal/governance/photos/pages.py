"""What the needs and hazards pages use of photos: attaching a form's files inside their
write, and the strip of thumbnails on a detail page (or under each progress update)."""

from dataclasses import dataclass

from commonweal.governance.photos import selectors, services
from commonweal.governance.photos.forms import PhotosField
from commonweal.governance.photos.models import Photo


def need_photos_field(**kwargs) -> PhotosField:
    return PhotosField(limit=services.NEED_LIMIT, **kwargs)


def report_photos_field(**kwargs) -> PhotosField:
    return PhotosField(limit=services.REPORT_LIMIT, **kwargs)


def update_photos_field(**kwargs) -> PhotosField:
    return PhotosField(limit=services.UPDATE_LIMIT, **kwargs)


def attach_to_need(files, *, actor, roles, need) -> None:
    """Inside the caller's transaction: one refused file refuses them all (and the need)."""
    for upload in files:
        services.photo_add_to_need(actor=actor, roles=roles, need=need, upload=upload)


def attach_to_report(files, *, actor, roles, report, of_the_fix=False) -> None:
    for upload in files:
        services.photo_add_to_report(
            actor=actor, roles=roles, report=report, upload=upload, of_the_fix=of_the_fix
        )


def attach_to_update(files, *, actor, roles, update) -> None:
    """Inside the caller's transaction: one refused file refuses them all (and the update).
    Too many files are refused before any is decoded."""
    if len(files) > services.UPDATE_LIMIT:
        raise services.too_many(services.UPDATE_LIMIT)
    for upload in files:
        services.photo_add_to_update(actor=actor, roles=roles, update=update, upload=upload)


@dataclass(frozen=True)
class Shown:
    photo: Photo
    removable: bool


def strip(request, roles, photos) -> list[Shown]:
    """The photos of one need or report as its page shows them, each saying whether the
    reader may remove it. `photos` is the owner's related manager (or a list of rows)."""
    user = request.user
    return [
        Shown(photo, selectors.may_remove(actor=user, roles=roles, photo=photo)) for photo in photos
    ]


def update_strips(request, updates, *, may_post: bool) -> list[tuple]:
    """(update, its photos as shown) for a project's page, newest first, in two queries: who
    may post progress on the project may remove any of its photos, the uploader their own
    (`selectors.may_remove`), so `may_post` is asked once, not per photo."""
    user_pk = request.user.pk if request.user.is_authenticated else None
    return [
        (update, [Shown(p, may_post or p.uploaded_by_id == user_pk) for p in update.photos.all()])
        for update in updates.prefetch_related("photos").order_by("-created_at", "-pk")
    ]


def add_url(request, roles, *, need=None, report=None, of_the_fix=False) -> str:
    """Where the page's "add photos" form posts, or "" when the reader may not add any."""
    user = request.user
    if need is not None:
        may = selectors.may_add_to_need(actor=user, roles=roles, need=need)
        return f"/photos/needs/{need.pk}/add/" if may else ""
    may = selectors.may_add_to_report(actor=user, roles=roles, report=report, of_the_fix=of_the_fix)
    return f"/photos/hazards/{report.pk}/add/" if may else ""
