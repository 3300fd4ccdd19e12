"""Posting in a batch: the same checks and answers as one by one, written at the block's end
in a fixed number of statements; nothing written when the block fails."""

import pytest
from django.db import DatabaseError, connection, transaction

from commonweal.ledger import batching, selectors
from commonweal.ledger import services as ledger
from commonweal.ledger.error_codes import LedgerErrorCode
from commonweal.ledger.models import Entry, Leg
from commonweal.platform.kernel.errors import DomainError
from tests.fixtures import StatementsRun


def _accounts():
    return ledger.account("a", kind="fund"), ledger.account("b", kind="external")


def test_a_batch_answers_at_once_and_writes_at_its_end(books):
    # given two accounts and an entry posted before the batch
    a, b = _accounts()
    before = ledger.post(kind="transfer", external_id="old", legs=[(a, 7), (b, -7)])
    # when a batch posts three new entries, one of them twice, and the old one again
    with transaction.atomic(), batching.posting_batch() as batch:
        batch.read_booked(["old", "n1", "n2"])
        first = ledger.post(kind="transfer", external_id="n1", legs=[(a, 100), (b, -100)])
        again = ledger.post(kind="transfer", external_id="n1", legs=[(a, 100), (b, -100)])
        second = ledger.post(kind="transfer", external_id="n2", legs=[(b, 30), (a, -30)])
        third = ledger.post(kind="transfer", external_id="n3", legs=[(a, 1), (b, -1)])
        old = ledger.post(kind="transfer", external_id="old", legs=[(a, 7), (b, -7)])
        # then each has its id at once, and nothing is written yet
        assert first.entry.pk and second.entry.pk and third.entry.pk
        assert (first.created, again.created, second.created, old.created) == (
            True,
            False,
            True,
            False,
        )
        assert again.entry is first.entry and old.entry.pk == before.entry.pk
        assert Entry.objects.count() == 1
    # and at its end the three new ones are in the books with their legs, balances right
    assert sorted(Entry.objects.values_list("external_id", flat=True)) == ["n1", "n2", "n3", "old"]
    assert Leg.objects.count() == 8
    assert Entry.objects.get(external_id="n1").pk == first.entry.pk
    assert (selectors.balance(a), selectors.balance(b)) == (7 + 100 - 30 + 1, -78)


def test_a_batch_writes_in_the_same_statements_for_two_entries_as_for_twenty(books):
    a, b = _accounts()

    def batch_of(n: int, prefix: str) -> int:
        run = StatementsRun(connection)
        with run, transaction.atomic(), batching.posting_batch(expected=n) as batch:
            batch.read_booked([f"{prefix}{i}" for i in range(n)])
            for i in range(n):
                ledger.post(kind="t", external_id=f"{prefix}{i}", legs=[(a, 1), (b, -1)])
        return len(run)

    # reads booked keys, reserves ids, inserts entries, inserts legs (and the savepoint pair)
    assert batch_of(2, "x") == batch_of(20, "y") == 6
    assert Entry.objects.count() == 22 and selectors.balance(a) == 22


def test_a_batch_refuses_a_bad_entry_before_anything_is_written(books):
    a, b = _accounts()
    with pytest.raises(DomainError) as refusal, transaction.atomic(), batching.posting_batch():
        ledger.post(kind="t", external_id="good", legs=[(a, 5), (b, -5)])
        ledger.post(kind="t", external_id="bad", legs=[(a, 5), (b, -4)])
    assert refusal.value.code == LedgerErrorCode.UNBALANCED
    assert Entry.objects.count() == 0 and selectors.balance(a) == 0


def test_a_batch_whose_block_raises_writes_nothing(books):
    a, b = _accounts()
    with pytest.raises(ZeroDivisionError), transaction.atomic(), batching.posting_batch():
        ledger.post(kind="t", external_id="kept?", legs=[(a, 5), (b, -5)])
        1 / 0  # noqa: B018
    assert Entry.objects.count() == 0 and selectors.balance(a) == 0
    # and the next post outside a batch writes at once, as ever
    ledger.post(kind="t", external_id="kept?", legs=[(a, 5), (b, -5)])
    assert Entry.objects.count() == 1


def test_an_entry_posted_meanwhile_fails_the_whole_batch(books):
    # given an entry already booked, which the batch believes is not (a stale read)
    a, b = _accounts()
    ledger.post(kind="t", external_id="taken", legs=[(a, 5), (b, -5)])
    # when the batch posts it again with another
    meanwhile = pytest.raises(batching.PostedMeanwhile, match="taken")
    with meanwhile, transaction.atomic(), batching.posting_batch() as batch:
        batch.booked["taken"] = None
        ledger.post(kind="t", external_id="other", legs=[(a, 1), (b, -1)])
        ledger.post(kind="t", external_id="taken", legs=[(a, 5), (b, -5)])
    # then nothing of the batch is kept, and the first is booked once
    assert list(Entry.objects.values_list("external_id", flat=True)) == ["taken"]
    assert selectors.balance(a) == 5
    assert issubclass(batching.PostedMeanwhile, DatabaseError)


def test_a_batch_refuses_to_post_inside_a_savepoint_it_could_lose(books):
    a, b = _accounts()
    refused = pytest.raises(RuntimeError, match="savepoint")
    with refused, transaction.atomic(), batching.posting_batch(), transaction.atomic():
        ledger.post(kind="t", external_id="s", legs=[(a, 5), (b, -5)])
    assert Entry.objects.count() == 0
