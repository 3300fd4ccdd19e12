"""The ledger's invariants, as PostgreSQL enforces them, and the coded refusals before them."""

import pytest
from django.db import DatabaseError, connection, transaction

from commonweal.ledger import selectors
from commonweal.ledger import services as ledger
from commonweal.ledger.error_codes import LedgerErrorCode
from commonweal.ledger.models import Account, Entry, Leg
from commonweal.platform.kernel.errors import DomainError


def _accounts():
    return ledger.account("a", kind="fund"), ledger.account("b", kind="external")


def _sum_of_legs(account) -> int:
    """The oracle the running balance must equal."""
    return sum(Leg.objects.filter(account=account).values_list("amount", flat=True))


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_unbalanced_entry_inserted_directly_fails_at_commit(books):
    # given two accounts
    a, b = _accounts()
    # when an entry with legs of +100 and -99 is written behind the service's back
    with pytest.raises(DatabaseError, match="unbalanced"), transaction.atomic():
        entry = Entry.objects.create(
            kind="correction", external_id="x1", occurred_at="2026-01-01T00:00:00Z"
        )
        Leg.objects.create(entry=entry, account=a, amount=100)
        Leg.objects.create(entry=entry, account=b, amount=-99)
        _raw("SET CONSTRAINTS ALL IMMEDIATE")  # what COMMIT does for deferred triggers
    # then nothing was kept
    assert Entry.objects.count() == 0
    assert Account.objects.get(pk=a.pk).balance == 0


def test_an_entry_with_a_single_leg_fails_at_commit(books):
    a, _b = _accounts()
    with pytest.raises(DatabaseError, match="at least two"), transaction.atomic():
        entry = Entry.objects.create(
            kind="correction", external_id="x2", occurred_at="2026-01-01T00:00:00Z"
        )
        _raw("SET CONSTRAINTS ALL IMMEDIATE")
        Leg.objects.create(entry=entry, account=a, amount=100)
    assert Entry.objects.count() == 0


def test_legs_balance_per_unit(books):
    # given a CNY and a PTS account each way
    a, _b = _accounts()
    p = ledger.account("p", kind="points", unit="PTS")
    q = ledger.account("q", kind="points", unit="PTS")
    # when fen and points cross (the sum is zero only when units are ignored)
    with pytest.raises(DatabaseError, match="unbalanced"), transaction.atomic():
        entry = Entry.objects.create(
            kind="transfer", external_id="x3", occurred_at="2026-01-01T00:00:00Z"
        )
        Leg.objects.create(entry=entry, account=a, amount=100, unit="CNY")
        Leg.objects.create(entry=entry, account=p, amount=-100, unit="PTS")
        _raw("SET CONSTRAINTS ALL IMMEDIATE")
    # then points balance with points
    posting = ledger.post(kind="transfer", external_id="pts1", legs=[(p, 5), (q, -5)])
    assert posting.created
    assert selectors.balance(p) == 5


def test_a_leg_in_another_unit_than_its_account_is_refused(books):
    a, _b = _accounts()
    with pytest.raises(DatabaseError, match="kept in"), transaction.atomic():
        entry = Entry.objects.create(
            kind="transfer", external_id="x4", occurred_at="2026-01-01T00:00:00Z"
        )
        Leg.objects.create(entry=entry, account=a, amount=100, unit="PTS")


def test_legs_cannot_be_updated_or_deleted(books):
    a, b = _accounts()
    entry = ledger.post(kind="transfer", external_id="t1", legs=[(a, 100), (b, -100)]).entry
    leg = entry.legs.first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw(
            f'UPDATE "{connection.schema_name}".ledger_leg SET amount = 1 WHERE id = %s',
            [leg.pk],
        )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw(f'DELETE FROM "{connection.schema_name}".ledger_leg WHERE id = %s', [leg.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(memo="changed")
    assert sorted(entry.legs.values_list("amount", flat=True)) == [-100, 100]


def test_balances_move_only_with_legs(books):
    a, _b = _accounts()
    with pytest.raises(DatabaseError, match="only with legs"), transaction.atomic():
        Account.objects.filter(pk=a.pk).update(balance=1_000_000)
    assert Account.objects.get(pk=a.pk).balance == 0


def test_running_balance_equals_sum_of_legs(books):
    a, b = _accounts()
    for i, amount in enumerate((100, 250, -30)):
        ledger.post(kind="transfer", external_id=f"r{i}", legs=[(a, amount), (b, -amount)])
    assert selectors.balance(a) == _sum_of_legs(a) == 320
    assert selectors.balance(b) == _sum_of_legs(b) == -320


def test_a_replayed_external_id_posts_nothing(books):
    a, b = _accounts()
    first = ledger.post(kind="transfer", external_id="same", legs=[(a, 5), (b, -5)])
    again = ledger.post(kind="transfer", external_id="same", legs=[(a, 5), (b, -5)])
    assert (first.created, again.created) == (True, False)
    assert again.entry.pk == first.entry.pk
    assert selectors.balance(a) == 5


def test_unbalanced_legs_are_refused_with_a_code_before_the_database(books):
    a, b = _accounts()
    with pytest.raises(DomainError) as refusal:
        ledger.post(kind="transfer", external_id="u", legs=[(a, 5), (b, -4)])
    assert refusal.value.code == LedgerErrorCode.UNBALANCED
    assert Entry.objects.count() == 0


def test_split_floors_each_share_and_sends_the_remainder_to_the_named_recipient():
    # 70 / 25 / 5 of 333 fen: 233.1 → 233, 83.25 → 83, 16.65 → 16; 1 fen left over
    shares = ledger.split(333, [("operator", 7000), ("hub", 2500), ("fund", 500)], "operator")
    assert shares == {"operator": 234, "hub": 83, "fund": 16}
    assert sum(shares.values()) == 333


def test_split_refuses_shares_that_do_not_make_100_percent():
    with pytest.raises(DomainError) as refusal:
        ledger.split(100, [("a", 7000), ("b", 2000)], "a")
    assert refusal.value.code == LedgerErrorCode.SHARES_INVALID


def test_reverse_undoes_every_leg_once_and_links_the_original(books):
    # given an entry moving 100 from b to a and 7 points from q to p
    a, b = _accounts()
    p = ledger.account("p", kind="points", unit="PTS")
    q = ledger.account("q", kind="points", unit="PTS")
    original = ledger.post(
        kind="transfer", external_id="orig", legs=[(a, 100), (b, -100), (p, 7), (q, -7)]
    ).entry

    # when it is reversed, twice under the same key
    first = ledger.reverse(original, external_id="orig:reversal")
    again = ledger.reverse(original, external_id="orig:reversal")

    # then one reversal exists, linked to the original, and every balance is back at zero
    assert (first.created, again.created) == (True, False)
    assert first.entry.reverses_id == original.pk
    assert sorted(first.entry.legs.values_list("amount", "unit")) == [
        (-100, "CNY"),
        (-7, "PTS"),
        (7, "PTS"),
        (100, "CNY"),
    ]
    assert [selectors.balance(x) for x in (a, b, p, q)] == [0, 0, 0, 0]
    assert Entry.objects.filter(reverses=original).count() == 1


def test_too_few_legs_and_fractions_are_refused_with_codes(books):
    a, b = _accounts()
    with pytest.raises(DomainError) as one_leg:
        ledger.post(kind="transfer", external_id="one", legs=[(a, 5), (b, 0)])
    with pytest.raises(DomainError) as fraction:
        ledger.post(kind="transfer", external_id="frac", legs=[(a, 5.5), (b, -5.5)])
    assert (one_leg.value.code, fraction.value.code) == (
        LedgerErrorCode.TOO_FEW_LEGS,
        LedgerErrorCode.AMOUNT_NOT_INTEGER,
    )
    assert Entry.objects.count() == 0


def test_an_account_keeps_its_unit(books):
    a, _b = _accounts()
    with pytest.raises(DatabaseError, match="keeps its unit"), transaction.atomic():
        Account.objects.filter(pk=a.pk).update(unit="PTS")
    assert Account.objects.get(pk=a.pk).unit == "CNY"
