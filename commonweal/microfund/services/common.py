"""Small checks the fund's services share."""

from django.utils.translation import gettext_lazy as _

from commonweal.microfund.error_codes import FundErrorCode
from commonweal.platform.kernel.errors import DomainError


def required(value: str, code: FundErrorCode, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(code, _("This field is required."), field=field)
    return value
