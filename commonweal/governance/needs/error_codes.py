from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.errors import NotFound


class NeedErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    REASON_REQUIRED = "REASON_REQUIRED"
    TITLE_REQUIRED = "TITLE_REQUIRED"
    DESCRIPTION_REQUIRED = "DESCRIPTION_REQUIRED"
    INVALID_CATEGORY = "INVALID_CATEGORY"
    INVALID_SOURCE = "INVALID_SOURCE"
    INVALID_POINT = "INVALID_POINT"
    TOO_LONG = "TOO_LONG"
    OWN_NEED = "OWN_NEED"
    MERGE_INTO_ITSELF = "MERGE_INTO_ITSELF"
    NO_NEEDS = "NO_NEEDS"
    INVALID_DEADLINE = "INVALID_DEADLINE"
    INVALID_BUDGET = "INVALID_BUDGET"
    NOT_A_REPRESENTATIVE = "NOT_A_REPRESENTATIVE"
    PARTNER_NOT_ACTIVE = "PARTNER_NOT_ACTIVE"
    ALREADY_RESPONDED = "ALREADY_RESPONDED"
    NOT_A_RESPONSE = "NOT_A_RESPONSE"
    NOT_ELIGIBLE_TO_RATE = "NOT_ELIGIBLE_TO_RATE"
    ALREADY_RATED = "ALREADY_RATED"
    INVALID_RATING = "INVALID_RATING"
    MILESTONES_OPEN = "MILESTONES_OPEN"
    GRANT_NOT_AWARDED = "GRANT_NOT_AWARDED"
    GRANT_IN_USE = "GRANT_IN_USE"
    # A progress update's photos refused (`photos.error_codes`, same names): the update with them.
    PHOTO_NOT_AN_IMAGE = "PHOTO_NOT_AN_IMAGE"
    PHOTO_TOO_LARGE = "PHOTO_TOO_LARGE"
    PHOTO_TOO_MANY_PIXELS = "PHOTO_TOO_MANY_PIXELS"
    TOO_MANY_PHOTOS = "TOO_MANY_PHOTOS"


def not_found() -> NotFound:
    """Missing and forbidden read the same, so ids cannot be probed."""
    return NotFound(NeedErrorCode.NOT_FOUND, _("Nothing found with this id."))
