"""The ledger's one write path: `post()` an entry with its legs, idempotently.

Not specific to money: a unit ("CNY" in fen, later "PTS" for time-bank points) travels with
every account and leg. Validation here gives coded refusals before PostgreSQL's triggers (the
last line of defence, see migration 0002) would abort the transaction at commit.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.models import CNY, Account, AccountKind, Entry, Leg
from commonweal.platform.db import insert_once
from commonweal.platform.errors import DomainError


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


def account(code: str, *, name: str = "", kind: str = AccountKind.EXTERNAL, currency=CNY):
    """The account with this code, created on first use."""
    found = Account.objects.filter(code=code).first()
    if found is not None:
        return found
    return _create_account(code, name=name, kind=kind, currency=currency)


def accounts(*specs: tuple[str, str, str]) -> list[Account]:
    """The accounts of these (code, name, kind), in that order, each created on first use:
    one query when they all exist."""
    found = {a.code: a for a in Account.objects.filter(code__in=[code for code, *_ in specs])}
    return [
        found.get(code) or _create_account(code, name=name, kind=kind) for code, name, kind in specs
    ]


def _create_account(code: str, *, name: str, kind: str, currency=CNY) -> Account:
    try:
        with transaction.atomic():
            return Account.objects.create(
                code=code, name=name or code, kind=kind, currency=currency
            )
    except IntegrityError:
        return Account.objects.get(code=code)


def signed_in(actor):
    """The signed-in user behind `actor`, or None (anonymous visitors, jobs): what an entry
    or a record names as its author."""
    return actor if actor is not None and actor.is_authenticated else None


@dataclass(frozen=True)
class Posting:
    entry: Entry
    created: bool


def post(
    *,
    kind: str,
    external_id: str,
    legs: Sequence[tuple[Account, int]],
    memo: str = "",
    reverses: Entry | None = None,
    occurred_at=None,
    actor=None,
) -> Posting:
    """Post one balanced entry; a replay of `external_id` returns the first and posts nothing.

    Two statements (the entry, its legs), no savepoint: a database error here fails the
    caller's transaction, or its nearest savepoint, with everything else it wrote.
    """
    legs = [(acc, amount) for acc, amount in legs if amount != 0]
    if len(legs) < 2:
        raise DomainError(FundErrorCode.TOO_FEW_LEGS, _("An entry needs at least two legs."))
    totals: dict[str, int] = {}
    for acc, amount in legs:
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise DomainError(FundErrorCode.AMOUNT_NOT_INTEGER, _("Amounts are whole numbers."))
        totals[acc.currency] = totals.get(acc.currency, 0) + amount
    if any(totals.values()):
        raise DomainError(FundErrorCode.UNBALANCED, _("The legs of an entry must sum to zero."))
    entry = Entry(
        kind=kind,
        external_id=external_id,
        memo=memo[:300],
        reverses=reverses,
        occurred_at=occurred_at or timezone.now(),
        created_by=signed_in(actor),
    )
    with transaction.atomic(savepoint=False):
        if not insert_once(entry, unique=["external_id"]):
            # Posted before, or by a concurrent delivery of the same event that committed.
            return Posting(Entry.objects.get(external_id=external_id), False)
        # Lock accounts in id order so two entries touching the same accounts cannot deadlock.
        Leg.objects.bulk_create(
            [
                Leg(entry=entry, account=acc, amount=amount, currency=acc.currency)
                for acc, amount in sorted(legs, key=lambda leg: leg[0].pk)
            ]
        )
    return Posting(entry, True)


def split(total: int, shares: Iterable[tuple[object, int]], remainder_to) -> dict:
    """Floor each share (basis points of `total`), send what is left to `remainder_to`.

    Returns {recipient: amount}; the amounts sum to `total` exactly.
    """
    shares = list(shares)
    if sum(bp for _r, bp in shares) != 10_000 or any(bp < 0 for _r, bp in shares):
        raise DomainError(FundErrorCode.SHARES_INVALID, _("Shares must add up to 100%."))
    result: dict = {}
    for recipient, bp in shares:
        result[recipient] = result.get(recipient, 0) + total * bp // 10_000
    result[remainder_to] = result.get(remainder_to, 0) + total - sum(result.values())
    return result


def balance(acc: Account) -> int:
    """Running balance (maintained by the leg trigger)."""
    return Account.objects.values_list("balance", flat=True).get(pk=acc.pk)


def balance_from_legs(acc: Account) -> int:
    from django.db.models import Sum

    return Leg.objects.filter(account=acc).aggregate(total=Sum("amount"))["total"] or 0
