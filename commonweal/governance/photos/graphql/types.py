"""The photo as GraphQL shows it: where to fetch it and its size; never who uploaded it (a
hazard report's reporter is never public, and the uploader is often the reporter)."""

from datetime import datetime

import strawberry_django
from strawberry import relay
from strawberry.types import Info

from commonweal.governance.photos.models import Photo


@strawberry_django.type(
    Photo,
    name="Photo",
    description="A photo of a need, a hazard report or a project's progress update,"
    " re-encoded without any metadata (no EXIF, no location). Fetch it from `url` on the"
    " community's host, as the reader.",
)
class PhotoType(relay.Node):
    width: int = strawberry_django.field(description="Width of the stored photo (px).")
    height: int = strawberry_django.field(description="Height of the stored photo (px).")
    uploaded_at: datetime = strawberry_django.field(description="When it was uploaded.")
    of_the_fix: bool = strawberry_django.field(
        description="True for a photo of the fix (整改照片), added when a report was fixed."
    )

    @strawberry_django.field(description="The photo (at most 1,600 px a side).")
    def url(self, info: Info) -> str:
        return info.context.request.build_absolute_uri(self.path)

    @strawberry_django.field(description="A thumbnail (at most 320 px a side).")
    def thumbnail_url(self, info: Info) -> str:
        return info.context.request.build_absolute_uri(self.thumbnail_path)
