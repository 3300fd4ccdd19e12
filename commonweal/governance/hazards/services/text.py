"""What every hazards service checks of its text and points."""

import math

from django.utils.translation import gettext_lazy as _

from commonweal.governance.hazards.error_codes import HazardErrorCode
from commonweal.platform.kernel.errors import DomainError


def required_text(value, *, field: str, limit: int, code=None, required: bool = True) -> str:
    """Trimmed text within `limit` characters; refused (never cut) when longer."""
    value = (value or "").strip() if isinstance(value, str) else ""
    if required and not value:
        raise DomainError(code, _("This field is required."), field=field)
    if len(value) > limit:
        raise DomainError(
            HazardErrorCode.TOO_LONG,
            _("At most %(limit)d characters.") % {"limit": limit},
            field=field,
        )
    return value


def clean_point(lat, lng) -> tuple[float, float]:
    """A finite point on Earth (GCJ-02, as the map gives it); a report always has one."""
    valid = all(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
        for v in (lat, lng)
    )
    if not (valid and -90 <= lat <= 90 and -180 <= lng <= 180):
        raise DomainError(
            HazardErrorCode.INVALID_POINT, _("Choose the place on the map."), field="lat"
        )
    return float(lat), float(lng)
