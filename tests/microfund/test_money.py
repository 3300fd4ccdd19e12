"""The amounts the fund accepts: whole fen, positive, bounded, in its currency."""

from decimal import Decimal

import pytest

from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.money import check_amount
from commonweal.platform.kernel.errors import DomainError


@pytest.mark.parametrize(
    ("amount", "currency", "code"),
    [
        (0, "CNY", FundErrorCode.AMOUNT_NOT_POSITIVE),
        (-5, "CNY", FundErrorCode.AMOUNT_NOT_POSITIVE),
        (1.5, "CNY", FundErrorCode.AMOUNT_NOT_INTEGER),
        (Decimal("10.01"), "CNY", FundErrorCode.AMOUNT_NOT_INTEGER),
        ("100", "CNY", FundErrorCode.AMOUNT_NOT_INTEGER),
        (True, "CNY", FundErrorCode.AMOUNT_NOT_INTEGER),
        (float("nan"), "CNY", FundErrorCode.AMOUNT_NOT_INTEGER),
        (10**15, "CNY", FundErrorCode.AMOUNT_TOO_LARGE),
        (100, "USD", FundErrorCode.CURRENCY_MISMATCH),
    ],
)
def test_bad_amounts_are_refused_with_codes(amount, currency, code):
    with pytest.raises(DomainError) as refusal:
        check_amount(amount, currency=currency)
    assert refusal.value.code == code


def test_whole_decimals_and_floats_are_accepted():
    assert check_amount(Decimal("1000.00")) == 1000
    assert check_amount(2500.0) == 2500
