"""What every deliberation service checks of its text."""

from django.utils.translation import gettext_lazy as _

from commonweal.governance.deliberation.error_codes import DeliberationErrorCode
from commonweal.platform.kernel.errors import DomainError


def required_text(value, *, field: str, limit: int, code=None, required: bool = True) -> str:
    """Trimmed text within `limit` characters; refused (never cut) when longer."""
    value = (value or "").strip()
    if required and not value:
        raise DomainError(
            code or DeliberationErrorCode.TITLE_REQUIRED, _("This field is required."), field=field
        )
    if len(value) > limit:
        raise DomainError(
            DeliberationErrorCode.TOO_LONG,
            _("At most %(limit)d characters.") % {"limit": limit},
            field=field,
        )
    return value
