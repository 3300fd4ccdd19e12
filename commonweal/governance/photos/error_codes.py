from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.errors import NotFound


class PhotoErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    PHOTO_NOT_AN_IMAGE = "PHOTO_NOT_AN_IMAGE"
    PHOTO_TOO_LARGE = "PHOTO_TOO_LARGE"
    PHOTO_TOO_MANY_PIXELS = "PHOTO_TOO_MANY_PIXELS"
    TOO_MANY_PHOTOS = "TOO_MANY_PHOTOS"
    NOT_YOURS = "NOT_YOURS"
    NOT_FIXED = "NOT_FIXED"


def not_found() -> NotFound:
    """Missing and forbidden read the same, so ids cannot be probed."""
    return NotFound(PhotoErrorCode.NOT_FOUND, _("Nothing found with this id."))
