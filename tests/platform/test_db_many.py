"""Rows of one model written in one statement (`platform/kernel/db.py`): ids reserved first,
inserted once by a unique key, updated each with its own values."""

import pytest
from django.db import connection

from commonweal.ledger.models import Account
from commonweal.platform.kernel.db import insert_many_once, reserve_ids, update_many
from tests.fixtures import StatementsRun


@pytest.fixture
def schema(fengshu):
    connection.set_tenant(fengshu)
    yield fengshu
    connection.set_schema_to_public()


def test_rows_with_reserved_ids_are_inserted_once_by_their_unique_key(schema):
    # given an account "a" already there, and three reserved ids
    Account.objects.create(code="a", name="A", kind="fund")
    ids = reserve_ids(Account, 3)
    assert len(set(ids)) == 3 and reserve_ids(Account, 0) == []
    rows = [
        Account(pk=ids[0], code="a", name="again", kind="fund"),
        Account(pk=ids[1], code="b", name="B", kind="fund"),
        Account(pk=ids[2], code="b", name="B twice", kind="fund"),
    ]
    # when they are inserted in one statement
    with StatementsRun(connection) as run:
        inserted = insert_many_once(rows, unique=["code"])
    # then only the first "b" went in, with its reserved id, and is marked saved
    assert len(run) == 1
    assert inserted == {ids[1]}
    assert sorted(Account.objects.values_list("code", "name")) == [("a", "A"), ("b", "B")]
    assert Account.objects.get(code="b").pk == ids[1]
    assert (rows[1]._state.adding, rows[0]._state.adding) == (False, True)
    # and a row without an id is refused before anything is written
    with pytest.raises(ValueError):
        insert_many_once([Account(code="c", name="C", kind="fund")], unique=["code"])


def test_rows_are_updated_each_with_its_own_values_in_one_statement(schema):
    # given three accounts
    a, b, _c = (Account.objects.create(code=code, name=code, kind="fund") for code in "abc")
    a.name, a.kind = "甲", "expense"
    b.name = "乙"
    # when two are written back, names and kinds
    with StatementsRun(connection) as run:
        update_many([a, b], ["name", "kind"])
    # then each row holds its own values, the third is untouched
    assert len(run) == 1
    assert sorted(Account.objects.values_list("code", "name", "kind")) == [
        ("a", "甲", "expense"),
        ("b", "乙", "fund"),
        ("c", "c", "fund"),
    ]
    # and nothing at all is asked for no rows or no fields
    with StatementsRun(connection) as run:
        update_many([], ["name"])
        update_many([a], [])
    assert len(run) == 0
