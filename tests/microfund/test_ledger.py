"""The ledger's invariants, as PostgreSQL enforces them, and the coded refusals before them."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from commonweal.microfund import ledger
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.models import Account, Entry, EntryKind, Leg
from commonweal.platform.errors import DomainError


def _accounts():
    return ledger.account("a", kind="fund"), ledger.account("b", kind="external")


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_unbalanced_entry_inserted_directly_fails_at_commit(fund):
    # given two accounts
    a, b = _accounts()
    # when an entry with legs of +100 and -99 is written behind the service's back
    with pytest.raises(DatabaseError, match="unbalanced"), transaction.atomic():
        entry = Entry.objects.create(
            kind=EntryKind.CORRECTION, external_id="x1", occurred_at="2026-01-01T00:00:00Z"
        )
        Leg.objects.create(entry=entry, account=a, amount=100)
        Leg.objects.create(entry=entry, account=b, amount=-99)
        _raw("SET CONSTRAINTS ALL IMMEDIATE")  # what COMMIT does for deferred triggers
    # then nothing was kept
    assert Entry.objects.count() == 0
    assert Account.objects.get(pk=a.pk).balance == 0


def test_an_entry_with_a_single_leg_fails_at_commit(fund):
    a, _b = _accounts()
    with pytest.raises(DatabaseError, match="at least two"), transaction.atomic():
        entry = Entry.objects.create(
            kind=EntryKind.CORRECTION, external_id="x2", occurred_at="2026-01-01T00:00:00Z"
        )
        _raw("SET CONSTRAINTS ALL IMMEDIATE")
        Leg.objects.create(entry=entry, account=a, amount=100)
    assert Entry.objects.count() == 0


def test_legs_balance_per_currency(fund):
    # given a CNY and a PTS account each way
    a, _b = _accounts()
    p = ledger.account("p", currency="PTS")
    q = ledger.account("q", currency="PTS")
    # when fen and points cross (the sum is zero only when units are ignored)
    with pytest.raises(DatabaseError, match="unbalanced"), transaction.atomic():
        entry = Entry.objects.create(
            kind=EntryKind.TRANSFER, external_id="x3", occurred_at="2026-01-01T00:00:00Z"
        )
        Leg.objects.create(entry=entry, account=a, amount=100, currency="CNY")
        Leg.objects.create(entry=entry, account=p, amount=-100, currency="PTS")
        _raw("SET CONSTRAINTS ALL IMMEDIATE")
    # then points balance with points
    posting = ledger.post(kind=EntryKind.TRANSFER, external_id="pts1", legs=[(p, 5), (q, -5)])
    assert posting.created
    assert ledger.balance(p) == 5


def test_a_leg_in_another_unit_than_its_account_is_refused(fund):
    a, _b = _accounts()
    with pytest.raises(DatabaseError, match="kept in"), transaction.atomic():
        entry = Entry.objects.create(
            kind=EntryKind.TRANSFER, external_id="x4", occurred_at="2026-01-01T00:00:00Z"
        )
        Leg.objects.create(entry=entry, account=a, amount=100, currency="PTS")


def test_legs_cannot_be_updated_or_deleted(fund):
    a, b = _accounts()
    entry = ledger.post(kind=EntryKind.TRANSFER, external_id="t1", legs=[(a, 100), (b, -100)]).entry
    leg = entry.legs.first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw(
            f'UPDATE "{connection.schema_name}".microfund_leg SET amount = 1 WHERE id = %s',
            [leg.pk],
        )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw(f'DELETE FROM "{connection.schema_name}".microfund_leg WHERE id = %s', [leg.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(memo="changed")
    assert sorted(entry.legs.values_list("amount", flat=True)) == [-100, 100]


def test_balances_move_only_with_legs(fund):
    a, _b = _accounts()
    with pytest.raises(DatabaseError, match="only with legs"), transaction.atomic():
        Account.objects.filter(pk=a.pk).update(balance=1_000_000)
    assert Account.objects.get(pk=a.pk).balance == 0


def test_running_balance_equals_sum_of_legs(fund):
    a, b = _accounts()
    for i, amount in enumerate((100, 250, -30)):
        ledger.post(kind=EntryKind.TRANSFER, external_id=f"r{i}", legs=[(a, amount), (b, -amount)])
    assert ledger.balance(a) == ledger.balance_from_legs(a) == 320
    assert ledger.balance(b) == ledger.balance_from_legs(b) == -320


def test_a_replayed_external_id_posts_nothing(fund):
    a, b = _accounts()
    first = ledger.post(kind=EntryKind.TRANSFER, external_id="same", legs=[(a, 5), (b, -5)])
    again = ledger.post(kind=EntryKind.TRANSFER, external_id="same", legs=[(a, 5), (b, -5)])
    assert (first.created, again.created) == (True, False)
    assert again.entry.pk == first.entry.pk
    assert ledger.balance(a) == 5


def test_unbalanced_legs_are_refused_with_a_code_before_the_database(fund):
    a, b = _accounts()
    with pytest.raises(DomainError) as refusal:
        ledger.post(kind=EntryKind.TRANSFER, external_id="u", legs=[(a, 5), (b, -4)])
    assert refusal.value.code == FundErrorCode.UNBALANCED
    assert Entry.objects.count() == 0


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
        ledger.check_amount(amount, currency=currency)
    assert refusal.value.code == code


def test_whole_decimals_and_floats_are_accepted():
    assert ledger.check_amount(Decimal("1000.00")) == 1000
    assert ledger.check_amount(2500.0) == 2500


def test_split_floors_each_share_and_sends_the_remainder_to_the_named_recipient():
    # 70 / 25 / 5 of 333 fen: 233.1 → 233, 83.25 → 83, 16.65 → 16; 1 fen left over
    shares = ledger.split(333, [("operator", 7000), ("hub", 2500), ("fund", 500)], "operator")
    assert shares == {"operator": 234, "hub": 83, "fund": 16}
    assert sum(shares.values()) == 333


def test_split_refuses_shares_that_do_not_make_100_percent():
    with pytest.raises(DomainError) as refusal:
        ledger.split(100, [("a", 7000), ("b", 2000)], "a")
    assert refusal.value.code == FundErrorCode.SHARES_INVALID
