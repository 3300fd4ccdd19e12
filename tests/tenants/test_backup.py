"""One community backed up, dropped and restored: the same rows, the ledger still guarded."""

import pytest
from django.db import DatabaseError, connection, transaction

from commonweal.ledger import selectors
from commonweal.ledger import services as ledger
from commonweal.ledger.models import Leg
from commonweal.tenants.backup import dump_community, restore_community, schema_exists
from commonweal.welfaremap.models import ServicePoint
from tests.fixtures import make_community


def _every_row(schema: str) -> dict[str, list]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", [schema]
        )
        tables = [row[0] for row in cursor.fetchall()]
        rows = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{schema}"."{table}" ORDER BY 1')
            rows[table] = cursor.fetchall()
    return rows


def test_a_community_comes_back_from_its_backup_with_the_same_rows(committed, tmp_path):
    # given a community with books and a service point, committed
    community = make_community("beifen", name="备份社区")
    connection.set_tenant(community)
    try:
        fund = ledger.account("fund:general", kind="fund")
        donors = ledger.account("external:donors", kind="external")
        with transaction.atomic():
            ledger.post(kind="donation", external_id="d1", legs=[(donors, -2500), (fund, 2500)])
        ServicePoint.objects.create(
            name="修鞋摊", category="repair", lat=30.6, lng=104.1, raw_lat=30.6, raw_lng=104.1
        )
    finally:
        connection.set_schema_to_public()
    before = _every_row(community.schema_name)

    # when it is dumped, its schema dropped, and the dump restored
    dump = dump_community(community, tmp_path / "beifen.dump")
    restore_community(community, dump, replace=True)

    # then every row of every table is back, and the balances with them
    assert schema_exists(community.schema_name)
    assert _every_row(community.schema_name) == before
    assert before["ledger_leg"] and before["welfaremap_servicepoint"]
    connection.set_tenant(community)
    try:
        assert selectors.balance(fund) == 2500
        # and the ledger's triggers guard the restored rows again
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            Leg.objects.filter(account=fund).update(amount=1)
    finally:
        connection.set_schema_to_public()


def test_restore_refuses_to_merge_into_an_existing_schema(committed, tmp_path):
    community = make_community("beifen", name="备份社区")
    dump = dump_community(community, tmp_path / "beifen.dump")

    with pytest.raises(FileExistsError):
        restore_community(community, dump)
