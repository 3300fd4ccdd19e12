"""Amounts of money as the fund accepts them: whole fen, positive, bounded, in its currency."""

import math
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from commonweal.ledger.models import CNY
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.platform.kernel.errors import DomainError


def _whole(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return math.isfinite(value) and value.is_integer()
    if isinstance(value, Decimal):
        return value.is_finite() and value == value.to_integral_value()
    return False


def check_amount(amount, *, currency: str = CNY, expected: str = CNY, field: str = "amount"):
    """A positive whole number of fen, not absurdly large, in the expected unit."""
    if not _whole(amount):
        raise DomainError(
            FundErrorCode.AMOUNT_NOT_INTEGER, _("Amounts are whole numbers of fen."), field=field
        )
    amount = int(amount)
    if amount <= 0:
        raise DomainError(
            FundErrorCode.AMOUNT_NOT_POSITIVE, _("The amount must be positive."), field=field
        )
    if amount > settings.FUND_MAX_AMOUNT:
        raise DomainError(
            FundErrorCode.AMOUNT_TOO_LARGE, _("The amount is larger than allowed."), field=field
        )
    if currency != expected:
        raise DomainError(
            FundErrorCode.CURRENCY_MISMATCH,
            _("This fund only takes its own currency."),
            field="currency",
        )
    return amount
