"""Adding and removing photos. The photo itself comes as a multipart upload (the GraphQL
multipart request spec: `operations`, `map`, then the file); the endpoint accepts it because
a cookie session must still send its CSRF token (`platform.graphql.view`)."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload
from strawberry.types import Info

from commonweal.governance.hazards import selectors as hazard_selectors
from commonweal.governance.needs import selectors as need_selectors
from commonweal.governance.photos import selectors, services
from commonweal.governance.photos.error_codes import PhotoErrorCode, not_found
from commonweal.governance.photos.graphql.types import PhotoType
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.errors import NotFound
from commonweal.platform.kernel.graphql.errors import error_type
from commonweal.platform.kernel.graphql.mutations import (
    MEMBERS,
    Always,
    arg,
    caller,
    mutation,
    payload,
)

PhotoError = error_type(PhotoErrorCode, "PhotoError")
PhotoPayload = payload(
    "PhotoPayload", PhotoError, photo=(PhotoType, "The photo as stored (metadata removed).")
)
RemovedPayload = payload(
    "PhotoRemovedPayload",
    PhotoError,
    removed=(bool, "True once the photo and its files are gone.", Always(bool)),
)
PHOTO = "A JPEG, PNG or WebP photo of at most 10 MB, as a multipart upload."


def _pk(global_id: relay.GlobalID, type_name: str) -> int:
    if global_id.type_name != type_name:
        raise not_found()
    node_id = global_id.node_id
    if not node_id.isdigit() or len(node_id) > 18:
        raise not_found()
    return int(node_id)


def _seen(fetch):
    """The owner's own "not found" (another domain's code) read as a photo's."""
    try:
        return fetch()
    except NotFound as missing:
        raise not_found() from missing


@strawberry.type
class PhotosMutation:
    @mutation(
        PhotoPayload,
        allow=MEMBERS,
        description="Add a photo to a need: its raiser, or the office and grid workers (at most"
        " 6 a need).",
    )
    def add_need_photo(
        self,
        info: Info,
        need_id: Annotated[relay.GlobalID, arg("The need.")],
        photo: Annotated[Upload, arg(PHOTO)],
    ) -> PhotoPayload:
        who = caller(info)
        roles = roles_in_current_community(who.request)
        need = _seen(
            lambda: need_selectors.access_need(
                actor=who.user, roles=roles, need_id=_pk(need_id, "Need")
            )
        )
        return PhotoPayload(
            photo=services.photo_add_to_need(actor=who.user, roles=roles, need=need, upload=photo)
        )

    @mutation(
        PhotoPayload,
        allow=MEMBERS,
        description="Add a photo to a hazard report: its reporter or its handlers (at most 9);"
        " with `ofTheFix`, a photo of the fix, by a handler once the report is fixed (9 more).",
    )
    def add_hazard_report_photo(
        self,
        info: Info,
        report_id: Annotated[relay.GlobalID, arg("The hazard report.")],
        photo: Annotated[Upload, arg(PHOTO)],
        of_the_fix: Annotated[bool, arg("A photo of the fix (整改照片).")] = False,
    ) -> PhotoPayload:
        who = caller(info)
        roles = roles_in_current_community(who.request)
        report = _seen(
            lambda: hazard_selectors.access_report(
                actor=who.user, roles=roles, report_id=_pk(report_id, "HazardReport")
            )
        )
        return PhotoPayload(
            photo=services.photo_add_to_report(
                actor=who.user, roles=roles, report=report, upload=photo, of_the_fix=of_the_fix
            )
        )

    @mutation(
        RemovedPayload,
        allow=MEMBERS,
        description="Remove a photo: its uploader, the need's raiser or report's reporter, or"
        " those who handle it.",
    )
    def remove_photo(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The photo.")]
    ) -> RemovedPayload:
        who = caller(info)
        roles = roles_in_current_community(who.request)
        photo = selectors.access_photo(actor=who.user, roles=roles, photo_id=_pk(id, "Photo"))
        services.photo_remove(actor=who.user, roles=roles, photo=photo)
        return RemovedPayload(removed=True)
