"""The ledger resists its own database users: no TRUNCATE, whoever asks, and no legs joining
an entry that another transaction posted."""

import pytest
from django.db import DatabaseError, connection, transaction

from commonweal.ledger import selectors
from commonweal.ledger import services as ledger
from commonweal.ledger.models import Entry, Leg


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE ledger_leg",
        "TRUNCATE ledger_leg, ledger_entry CASCADE",
        "TRUNCATE ledger_account CASCADE",
    ],
)
def test_truncate_of_the_ledger_is_refused_even_for_its_owner(books, statement):
    # given a posted donation of 100 fen
    fund = ledger.account("fund:general", kind="fund")
    donors = ledger.account("external:donors", kind="external")
    with transaction.atomic():
        ledger.post(kind="donation", external_id="d1", legs=[(donors, -100), (fund, 100)])
    _raw("SET CONSTRAINTS ALL IMMEDIATE")  # what COMMIT does: no trigger events pending

    # when the table's owner (this connection owns the tables) truncates the ledger
    with pytest.raises(DatabaseError, match="TRUNCATE refused"), transaction.atomic():
        _raw(statement)

    # then every row and balance is still there
    assert (Entry.objects.count(), Leg.objects.count()) == (1, 2)
    assert (selectors.balance(fund), selectors.balance(donors)) == (100, -100)


def test_legs_cannot_join_an_entry_posted_by_another_transaction(books):
    fund = ledger.account("fund:general", kind="fund")
    donors = ledger.account("external:donors", kind="external")
    # Rolled back at the end: an entry without legs must not reach the deferred checks.
    with transaction.atomic():
        # given an entry that an earlier transaction posted (its transaction id is not ours)
        _raw(
            "INSERT INTO ledger_entry (kind, external_id, memo, occurred_at, created_at,"
            " posted_in) VALUES ('donation', 'old', '', now(), now(), '3'::xid8)"
        )
        old = Entry.objects.get(external_id="old")

        # when a balanced pair of legs is slipped into it
        with (
            pytest.raises(DatabaseError, match="posted by another transaction"),
            transaction.atomic(),
        ):
            Leg.objects.create(entry=old, account=fund, amount=500)
            Leg.objects.create(entry=old, account=donors, amount=-500)

        # then no leg joined and no balance moved
        assert Leg.objects.filter(entry=old).count() == 0
        assert (selectors.balance(fund), selectors.balance(donors)) == (0, 0)
        transaction.set_rollback(True)


def test_legs_join_their_entry_within_the_posting_transaction_even_across_savepoints(books):
    # given accounts, when an entry is created and its legs added in nested savepoints
    fund = ledger.account("fund:general", kind="fund")
    donors = ledger.account("external:donors", kind="external")
    with transaction.atomic():
        entry = Entry.objects.create(
            kind="donation", external_id="nested", occurred_at="2026-01-01T00:00:00Z"
        )
        with transaction.atomic():
            Leg.objects.create(entry=entry, account=fund, amount=70)
        with transaction.atomic():
            Leg.objects.create(entry=entry, account=donors, amount=-70)

    # then the posting stands
    assert selectors.balance(fund) == 70
