"""The ledger's write path: accounts, and `post()` of a balanced entry, idempotently.

Validation here gives coded refusals before PostgreSQL's triggers (migration 0001, the last
line of defence) would abort the whole transaction at COMMIT.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.ledger import batching
from commonweal.ledger.error_codes import LedgerErrorCode
from commonweal.ledger.models import CNY, Account, Entry, Leg
from commonweal.platform.accounts.selectors import signed_in
from commonweal.platform.kernel.db import insert_once
from commonweal.platform.kernel.errors import DomainError


def account(code: str, *, name: str = "", kind: str, unit: str = CNY) -> Account:
    """The account with this code, created on first use (concurrent first uses agree)."""
    found = Account.objects.filter(code=code).first()
    if found is not None:
        return found
    return _create_account(code, name=name, kind=kind, unit=unit)


def accounts(*specs: tuple[str, str, str], unit: str = CNY) -> list[Account]:
    """The accounts of these (code, name, kind), in that order, each created on first use:
    one query when they all exist."""
    found = {a.code: a for a in Account.objects.filter(code__in=[code for code, *_ in specs])}
    return [
        found.get(code) or _create_account(code, name=name, kind=kind, unit=unit)
        for code, name, kind in specs
    ]


def _create_account(code: str, *, name: str, kind: str, unit: str) -> Account:
    try:
        with transaction.atomic():
            return Account.objects.create(code=code, name=name or code, kind=kind, unit=unit)
    except IntegrityError:
        return Account.objects.get(code=code)


@dataclass(frozen=True)
class Posting:
    entry: Entry
    created: bool  # False: `external_id` was posted before, and nothing was posted now


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
    """Post one entry of `legs` (account, signed amount in the account's unit's smallest
    denomination: fen for CNY, points for PTS).

    - The legs must sum to zero per unit (an entry may move several units, each balanced);
      zero legs are dropped and at least two must remain. Refused with a LedgerErrorCode
      DomainError before anything is written.
    - `external_id` is the idempotency key, unique across the community's ledger: a replay
      returns the first entry with `created=False` and posts nothing, also when a concurrent
      transaction posting the same key commits first (this one waits for it). Choose it from
      the outside event (the provider's payment id, the check-in's id) so that retries and
      replays map to one key; namespace it by domain ("stripe:payment:…", "timebank:…").
    - `reverses` links a correction to the entry it undoes, wholly or in part.
    - Locking: each leg's trigger updates its account's balance, which locks the account row
      until the caller's transaction ends, so concurrent postings to one account serialise.
      Legs are inserted in account-id order, so two entries touching the same accounts cannot
      deadlock. A caller that must read a balance and then decide (is there enough?) locks
      that account first (`Account.objects.select_for_update()`), always in the order
      "its own rows, then ledger accounts", and asks no network service while holding them.
    - Atomicity: two statements (the entry, its legs) and no savepoint of its own, so a
      database error fails the caller's transaction (or its nearest savepoint) with everything
      else it wrote. Call it inside the caller's `transaction.atomic()`.
    - Inside `batching.posting_batch()` the same checks and answer, but the entry and its legs
      are written with the batch's at the block's end (the entry has its id at once).
    """
    legs = [(acc, amount) for acc, amount in legs if amount != 0]
    if len(legs) < 2:
        raise DomainError(LedgerErrorCode.TOO_FEW_LEGS, _("An entry needs at least two legs."))
    totals: dict[str, int] = {}
    for acc, amount in legs:
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise DomainError(LedgerErrorCode.AMOUNT_NOT_INTEGER, _("Amounts are whole numbers."))
        totals[acc.unit] = totals.get(acc.unit, 0) + amount
    if any(totals.values()):
        raise DomainError(LedgerErrorCode.UNBALANCED, _("The legs of an entry must sum to zero."))
    entry = Entry(
        kind=kind,
        external_id=external_id,
        memo=memo[:300],
        reverses=reverses,
        occurred_at=occurred_at or timezone.now(),
        created_by=signed_in(actor),
    )
    if (batch := batching.current()) is not None:
        return Posting(*batch.add(entry, legs))
    with transaction.atomic(savepoint=False):
        if not insert_once(entry, unique=["external_id"]):
            # Posted before, or by a concurrent delivery of the same event that committed.
            return Posting(Entry.objects.get(external_id=external_id), False)
        Leg.objects.bulk_create(
            [
                Leg(entry=entry, account=acc, amount=amount, unit=acc.unit)
                for acc, amount in sorted(legs, key=lambda leg: leg[0].pk)
            ]
        )
    return Posting(entry, True)


def reverse(
    entry: Entry, *, external_id: str, kind: str | None = None, memo: str = "", actor=None
) -> Posting:
    """Undo `entry` wholly: a new entry with each leg negated, linked to it by `reverses`.
    Idempotent by `external_id` like `post` (a partial correction is a `post` with
    `reverses=`)."""
    legs = [(leg.account, -leg.amount) for leg in entry.legs.select_related("account")]
    if not legs:
        raise DomainError(LedgerErrorCode.NOTHING_TO_REVERSE, _("This entry has no legs."))
    return post(
        kind=kind or entry.kind,
        external_id=external_id,
        legs=legs,
        memo=memo or f"冲正 · {entry.memo or entry.external_id}"[:300],
        reverses=entry,
        actor=actor,
    )


def split(total: int, shares: Iterable[tuple[object, int]], remainder_to) -> dict:
    """Floor each share (basis points of `total`), send what is left to `remainder_to`.

    Returns {recipient: amount}; the amounts sum to `total` exactly.
    """
    shares = list(shares)
    if sum(bp for _r, bp in shares) != 10_000 or any(bp < 0 for _r, bp in shares):
        raise DomainError(LedgerErrorCode.SHARES_INVALID, _("Shares must add up to 100%."))
    result: dict = {}
    for recipient, bp in shares:
        result[recipient] = result.get(recipient, 0) + total * bp // 10_000
    result[remainder_to] = result.get(remainder_to, 0) + total - sum(result.values())
    return result
