import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from commonweal.platform.accounts.error_codes import AccountErrorCode
from commonweal.platform.kernel.errors import DomainError

# Mainland China mobile numbers: 11 digits starting 13–19.
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalise_phone(raw: str) -> str | None:
    """`+86 138-0013-8000` → `13800138000`; None when it is no mainland mobile number."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits if MOBILE_RE.match(digits) else None


def clean_contact(*, email: str, phone: str, field_prefix: str = "") -> tuple[str, str]:
    """Validated (email, phone); at least one is required."""
    email = (email or "").strip().lower()
    phone_raw = (phone or "").strip()
    if not email and not phone_raw:
        raise DomainError(
            AccountErrorCode.CONTACT_REQUIRED,
            _("Give an e-mail address or a mobile number."),
            field=f"{field_prefix}email",
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(
                AccountErrorCode.INVALID_EMAIL,
                _("This is not a valid e-mail address."),
                field=f"{field_prefix}email",
            ) from None
    phone = ""
    if phone_raw:
        phone = normalise_phone(phone_raw) or ""
        if not phone:
            raise DomainError(
                AccountErrorCode.INVALID_PHONE,
                _("This is not a valid mainland mobile number (11 digits starting with 1)."),
                field=f"{field_prefix}phone",
            )
    return email, phone
