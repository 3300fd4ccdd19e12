"""Posting many entries at once: `posting_batch()`, for a caller that posts a batch of outside
events in one transaction (the fund's webhook drain).

Inside the block every `services.post` is validated as ever and answers at once (the entry,
with its id, and whether it was new), but writes nothing: leaving the block inserts all the
new entries in one statement and all their legs in another. What a batch saves is statements
and ORM work, not checks: the same idempotency keys, the same validation before anything is
written, the same triggers (each leg moves its account's balance; balance per entry is checked
at COMMIT), and legs are still inserted in account-id order, now across the whole batch, so
two batches touching the same accounts cannot deadlock either.

"Already booked?" is asked once for the keys a caller names in advance (`read_booked`), and
per entry for any other. Should a key be booked by another transaction between that question
and the insert (a caller that does not hold the rows its keys belong to), the insert finds it
taken and the block raises `PostedMeanwhile`: the caller's transaction is then undone as a
whole, and the caller posts those events one by one (`services.post`, which handles that
race itself).
"""

from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import IntegrityError, connection

from commonweal.ledger.models import Account, Entry, Leg
from commonweal.platform.kernel.db import insert_many_once, reserve_ids


class PostedMeanwhile(IntegrityError):
    """An entry of the batch was posted by another transaction after it was asked for."""


class PostingBatch:
    def __init__(self, *, expected: int):
        self.expected = max(expected, 1)
        self.queued: dict[str, Entry] = {}  # by external_id, in posting order
        self.legs: list[Leg] = []
        self.booked: dict[str, int | None] = {}  # external_id → its entry's id, as last read
        self.ids: list[int] = []
        # A savepoint opened inside the block could be rolled back, and with it an entry the
        # batch still holds: posting there is refused rather than silently kept.
        self.depth = len(connection.savepoint_ids)

    def read_booked(self, external_ids: Iterable[str]) -> None:
        """Ask once which of these keys are posted already."""
        asked = [key for key in dict.fromkeys(external_ids) if key not in self.booked]
        if not asked:
            return
        found = dict(Entry.objects.filter(external_id__in=asked).values_list("external_id", "pk"))
        for key in asked:
            self.booked[key] = found.get(key)

    def add(self, entry: Entry, legs: Sequence[tuple[Account, int]]) -> tuple[Entry, bool]:
        """`entry` with its (validated) legs queued, or the entry already holding its key."""
        if any(connection.savepoint_ids[self.depth :]):
            raise RuntimeError("a posting batch cannot post inside a savepoint of its own")
        key = entry.external_id
        if key in self.queued:
            return self.queued[key], False
        self.read_booked([key])
        if self.booked[key] is not None:
            return Entry.objects.get(pk=self.booked[key]), False
        if not self.ids:
            self.ids = reserve_ids(Entry, self.expected)
        entry.pk = self.ids.pop(0)
        self.queued[key] = entry
        self.legs += [
            Leg(entry=entry, account=account, amount=amount, unit=account.unit)
            for account, amount in legs
        ]
        return entry, True

    def flush(self) -> None:
        entries = list(self.queued.values())
        if not entries:
            return
        inserted = insert_many_once(entries, unique=["external_id"])
        if len(inserted) != len(entries):
            raise PostedMeanwhile(
                "ledger entries posted by another transaction during the batch: "
                + ", ".join(e.external_id for e in entries if e.pk not in inserted)
            )
        # One order for the whole batch: each leg's trigger locks its account.
        Leg.objects.bulk_create(sorted(self.legs, key=lambda leg: (leg.account_id, leg.entry_id)))
        self.queued, self.legs = {}, []


_open: ContextVar[PostingBatch | None] = ContextVar("ledger_posting_batch", default=None)


def current() -> PostingBatch | None:
    return _open.get()


@contextmanager
def posting_batch(*, expected: int = 16):
    """Defer the writes of every `services.post` inside the block to its end (see the module's
    docstring). Runs inside the caller's transaction; nothing is written if the block raises.
    `expected`: about how many entries will be posted (their ids are reserved together)."""
    if not connection.in_atomic_block:
        raise RuntimeError("a posting batch runs inside the caller's transaction")
    if _open.get() is not None:
        yield _open.get()
        return
    batch = PostingBatch(expected=expected)
    token = _open.set(batch)
    try:
        yield batch
    finally:
        _open.reset(token)
    batch.flush()
