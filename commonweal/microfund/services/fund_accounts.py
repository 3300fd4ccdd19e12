"""The fund's own ledger accounts, and what they hold free to spend.

Money is counted in the ledger (`commonweal.ledger`); these are the accounts the fund posts to,
each created on first use, and the balance rules that awards and refunds share.
"""

from django.db.models import Sum

from commonweal.ledger import services as ledger
from commonweal.ledger.models import Account
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.models import (
    AccountKind,
    Campaign,
    Refund,
    RefundStatus,
)
from commonweal.platform.kernel.errors import DomainError

GENERAL = "fund:general"


COMMITTED = "fund:committed"


DONORS = "external:donors"


FEES = "expense:processor_fees"


GRANTEES = "external:grantees"


# The fund's own accounts: (name, kind) by code, each created on first use.
_SYSTEM_ACCOUNTS = {
    GENERAL: ("社区微基金", AccountKind.FUND),
    COMMITTED: ("已承诺资助", AccountKind.COMMITTED),
    DONORS: ("捐赠人", AccountKind.EXTERNAL),
    FEES: ("支付手续费", AccountKind.EXPENSE),
}


def system_accounts(*codes: str) -> list[Account]:
    return ledger.accounts(*((code, *_SYSTEM_ACCOUNTS[code]) for code in codes))


def _system_account(code: str) -> Account:
    name, kind = _SYSTEM_ACCOUNTS[code]
    return ledger.account(code, name=name, kind=kind)


def fund_account() -> Account:
    return _system_account(GENERAL)


def donors_account() -> Account:
    return _system_account(DONORS)


def fees_account() -> Account:
    return _system_account(FEES)


def target_account(campaign: Campaign | None) -> Account:
    return campaign.account if campaign is not None else fund_account()


def free_balance(account: Account, campaign: Campaign | None) -> int:
    """What `account` (a project's, or the general fund's when `campaign` is None) holds that
    is neither committed nor promised to a refund still awaiting the provider's answer.

    The caller holds the account's row lock: awards and refunds both take it before reading
    this, so neither can spend what the other has just counted on."""
    pending = Refund.objects.filter(status=RefundStatus.PENDING, donation__campaign=campaign)
    return account.balance - (pending.aggregate(total=Sum("amount"))["total"] or 0)


def insufficient_funds(message) -> DomainError:
    return DomainError(FundErrorCode.INSUFFICIENT_FUNDS, message, field="amount")
