"""What every needs service checks of its text and places."""

import math

from django.utils.translation import gettext_lazy as _

from commonweal.governance.needs.error_codes import NeedErrorCode
from commonweal.platform.kernel.errors import DomainError


def required_text(value, *, field: str, limit: int, code=None, required: bool = True) -> str:
    """Trimmed text within `limit` characters; refused (never cut) when longer."""
    value = (value or "").strip()
    if required and not value:
        raise DomainError(code, _("This field is required."), field=field)
    if len(value) > limit:
        raise DomainError(
            NeedErrorCode.TOO_LONG,
            _("At most %(limit)d characters.") % {"limit": limit},
            field=field,
        )
    return value


def clean_point(lat, lng) -> tuple[float | None, float | None]:
    """Both or neither, finite and on Earth (GCJ-02 as the map gives it)."""
    if lat is None and lng is None:
        return None, None
    valid = (
        lat is not None
        and lng is not None
        and all(isinstance(v, int | float) and math.isfinite(v) for v in (lat, lng))
        and -90 <= lat <= 90
        and -180 <= lng <= 180
    )
    if not valid:
        raise DomainError(
            NeedErrorCode.INVALID_POINT, _("The place on the map is not valid."), field="lat"
        )
    return float(lat), float(lng)
