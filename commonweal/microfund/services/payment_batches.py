"""A batch of the provider's payment facts reconciled together (the webhook drain's batch).

Each payment still goes through `payments.payment_reconcile`, one call each, so there is one
place that decides what the books miss. Inside `reconciling(...)` those calls share what they
would each read and defer what they would each write:

- read once for the batch: the donations the facts name (locked, in id order, before any
  ledger account: the order every writer keeps, "its own rows, then ledger accounts"), the
  fund's accounts, and which of the entries they may post are booked already;
- written once at the end: the entries and legs (`ledger.batching`), the donations' changed
  fields (one UPDATE), and the signed-in donors' public records (one upsert).

The caller's transaction holds it all: should any call raise, nothing of the batch is written
(the drain then posts the events one by one, without a batch).

`knowing_recorded(...)` answers `payment_recorded` for a batch's payments from one query (the
drain asks it before fetching each payment, outside any transaction).
"""

from collections.abc import Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q
from django.db.models.signals import post_save, pre_save

from commonweal.ledger import batching
from commonweal.ledger.models import Account
from commonweal.microfund.models import Donation
from commonweal.microfund.providers.base import PaymentFacts
from commonweal.microfund.services.donations import donor_record_fields, token_of_ref
from commonweal.microfund.services.fund_accounts import DONORS, FEES, GENERAL, system_accounts
from commonweal.platform.kernel.db import update_many


@dataclass
class Reconciling:
    community: object
    donations: list[Donation]  # locked by this transaction
    accounts: tuple[Account, Account, Account]  # donors, the general fund, fees
    covered: set[tuple[str, str]]  # (payment id, donation reference) of the facts read for
    changed: dict[int, tuple[Donation, set[str]]] = field(default_factory=dict)
    to_sync: dict[int, Donation] = field(default_factory=dict)

    def covers(self, facts: PaymentFacts) -> bool:
        return (facts.payment_id, facts.donation_ref) in self.covered

    def donation_for(self, facts: PaymentFacts) -> Donation | None:
        """As `payments._donation_for_payment` would find it now: the donation holding the
        payment, else the one its reference names (read from the locked rows, as they are
        after the batch's earlier calls)."""
        token = token_of_ref(self.community, facts.donation_ref)
        found = [
            d
            for d in self.donations
            if (facts.payment_id and d.payment_id == facts.payment_id)
            or (token and d.token == token)
        ]
        return min(found, key=lambda d: d.payment_id != facts.payment_id, default=None)

    def save_later(self, donation: Donation, fields: Sequence[str]) -> None:
        # What `save()` would have run first (the platform refuses over-long or unstorable
        # text there), so a refusal comes at the same point; post_save follows the UPDATE.
        pre_save.send(
            Donation,
            instance=donation,
            raw=False,
            using=DEFAULT_DB_ALIAS,
            update_fields=frozenset(fields),
        )
        _same, pending = self.changed.setdefault(donation.pk, (donation, set()))
        pending.update(fields)

    def sync_later(self, donation: Donation) -> None:
        self.to_sync[donation.pk] = donation

    def flush(self) -> None:
        if self.changed:
            # Every donation here is the locked row as this batch left it, so writing the
            # union of the changed fields for all of them writes only what each one holds.
            fields = sorted(set().union(*(pending for _d, pending in self.changed.values())))
            update_many([d for d, _f in self.changed.values()], fields)
            for donation, pending in self.changed.values():
                post_save.send(
                    Donation,
                    instance=donation,
                    created=False,
                    raw=False,
                    using=DEFAULT_DB_ALIAS,
                    update_fields=frozenset(pending),
                )
        self._sync_donor_records()

    def _sync_donor_records(self) -> None:
        """`donations.donor_record_sync` of each donation, in one statement."""
        from commonweal.microfund.hosts.models import DonorRecord

        synced = [(d, fields) for d in self.to_sync.values() if (fields := donor_record_fields(d))]
        if synced:
            DonorRecord.objects.bulk_create(
                [
                    DonorRecord(community=self.community, donation_token=d.token, **fields)
                    for d, fields in synced
                ],
                update_conflicts=True,
                unique_fields=["community", "donation_token"],
                update_fields=list(synced[0][1]),
            )


_reconciling: ContextVar[Reconciling | None] = ContextVar("fund_reconciling", default=None)


def reconciling_now() -> Reconciling | None:
    return _reconciling.get()


def _entry_keys(facts: Sequence[PaymentFacts], provider: str) -> list[str]:
    """The ledger keys `_payment_post` may post for these facts (see there)."""
    keys = []
    for f in facts:
        keys.append(f"{provider}:payment:{f.payment_id}")
        if f.fee and f.fee_id:
            keys.append(f"{provider}:fee:{f.fee_id}")
        keys += [f"{provider}:refund:{r.id}" for r in f.refunds if r.id and r.succeeded]
    return keys


@contextmanager
def reconciling(*, community, facts: Sequence[PaymentFacts | None], provider: str):
    """Share the reads and defer the writes of the `payment_reconcile` calls made inside the
    block for these facts (see the module's docstring). Inside the caller's transaction."""
    facts = [f for f in facts if f is not None]
    if not facts or _reconciling.get() is not None:
        yield
        return
    keys = _entry_keys(facts, provider)
    with batching.posting_batch(expected=len(keys)) as postings:
        tokens = [t for f in facts if (t := token_of_ref(community, f.donation_ref))]
        payment_ids = [f.payment_id for f in facts if f.payment_id]
        donations = list(
            Donation.objects.select_for_update(of=("self",))
            .select_related("campaign__account")
            .filter(Q(payment_id__in=payment_ids) | Q(token__in=tokens))
            .order_by("pk")
        )
        batch = Reconciling(
            community=community,
            donations=donations,
            accounts=tuple(system_accounts(DONORS, GENERAL, FEES)),
            covered={(f.payment_id, f.donation_ref) for f in facts},
        )
        postings.read_booked(keys)
        postings.expected = max(1, sum(postings.booked[key] is None for key in keys))
        token = _reconciling.set(batch)
        try:
            yield batch
        finally:
            _reconciling.reset(token)
        postings.flush()
        batch.flush()


_recorded: ContextVar[tuple[frozenset, frozenset] | None] = ContextVar(
    "fund_recorded", default=None
)


def recorded_known(payment_id: str) -> bool | None:
    """`payment_recorded`'s answer read by `knowing_recorded`, or None if it was not asked."""
    known = _recorded.get()
    if known is None or payment_id not in known[0]:
        return None
    return payment_id in known[1]


@contextmanager
def knowing_recorded(payment_ids: Sequence[str]):
    """Answer `payment_recorded` for these payments inside the block from one query. A payment
    once recorded stays so (refunds change neither its entry nor its fee), so the answer can
    only be late in saying "not yet": the payment is then fetched, and posted idempotently."""
    asked = frozenset(p for p in payment_ids if p)
    recorded = Donation.objects.filter(payment_id__in=asked, entry__isnull=False, fee__gt=0)
    token = _recorded.set((asked, frozenset(recorded.values_list("payment_id", flat=True))))
    try:
        yield
    finally:
        _recorded.reset(token)
