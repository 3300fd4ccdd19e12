"""Communities made before the ledger had its own app keep every account, entry, leg and
balance when its tables move out of the micro-fund (ledger 0001), whichever way `commonweal
migrate` brings them up to date: the SQL recorded on the template (the fast path) or Django's
executor. New communities, copied from the template's DDL, get the same triggers."""

import psycopg
import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from commonweal.ledger import selectors
from commonweal.ledger import services as ledger
from commonweal.ledger.models import Account, Entry, Leg
from commonweal.microfund.models import Campaign, Donation
from commonweal.tenants import schemas
from commonweal.tenants.migrate import _apply_rendered
from commonweal.tenants.models import RenderedMigration

SCHEMA = "c_before_ledger"
ADOPTION = ("ledger", "0001_initial")
TRIGGERS = {
    ("ledger_account", "ledger_account_balance_guard"),
    ("ledger_entry", "ledger_entry_append_only"),
    ("ledger_entry", "ledger_entry_has_legs"),
    ("ledger_leg", "ledger_leg_append_only"),
    ("ledger_leg", "ledger_leg_applies_balance"),
    ("ledger_leg", "ledger_leg_balanced"),
    ("ledger_leg", "ledger_leg_joins_its_posting"),
    ("ledger_account", "ledger_account_no_truncate"),
    ("ledger_entry", "ledger_entry_no_truncate"),
    ("ledger_leg", "ledger_leg_no_truncate"),
}


def _sql(sql: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def _migrate_to_before_the_ledger(schema: str) -> None:
    """`schema` as a community was before ledger 0001: every migration that does not need it."""
    _sql(f'CREATE SCHEMA "{schema}"')
    connection.set_schema(schema, include_public=False)
    MigrationRecorder(connection).ensure_schema()
    connection.set_schema(schema)
    try:
        executor = MigrationExecutor(connection)
        graph = executor.loader.graph
        latest: dict[str, tuple] = {}  # per app, its newest migration not needing the ledger
        for node in graph.nodes:
            plan = graph.forwards_plan(node)
            if ADOPTION not in plan and len(plan) > len(latest.get(node[0], ((), ()))[1]):
                latest[node[0]] = (node, plan)
        targets = [node for node, _plan in latest.values()]
        executor.migrate(targets, plan=executor.migration_plan(targets))
    finally:
        connection.set_schema_to_public()


def _populate(schema: str) -> None:
    """Books as the micro-fund kept them: money and points, a donation and a reversal."""
    q = f'"{schema}".'
    with transaction.atomic():
        _sql(
            f"INSERT INTO {q}microfund_account (id, code, name, kind, currency, balance,"
            " created_at) VALUES (1, 'fund:general', '社区微基金', 'fund', 'CNY', 0, now()),"
            " (2, 'external:donors', '捐赠人', 'external', 'CNY', 0, now()),"
            " (3, 'campaign:a', '助老食堂', 'campaign', 'CNY', 0, now()),"
            " (4, 'points:pool', '积分池', 'points', 'PTS', 0, now()),"
            " (5, 'points:v1', '志愿者', 'points', 'PTS', 0, now())"
        )
        _sql(f"SELECT setval(pg_get_serial_sequence('{q}microfund_account', 'id'), 5)")
    for entry, kind, legs, reverses in (
        (1, "donation", [(2, -5000), (1, 5000)], None),
        (2, "donation", [(2, -1200), (3, 1200)], None),
        (3, "refund", [(1, -800), (2, 800)], 1),
        (4, "transfer", [(4, -30), (5, 30), (1, -100), (3, 100)], None),
    ):
        with transaction.atomic():
            _sql(
                f"INSERT INTO {q}microfund_entry (id, kind, external_id, memo, occurred_at,"
                " created_at, reverses_id) VALUES (%s, %s, %s, '', now(), now(), %s)",
                [entry, kind, f"old:{entry}", reverses],
            )
            for account, amount in legs:
                unit = "PTS" if account in (4, 5) else "CNY"
                _sql(
                    f"INSERT INTO {q}microfund_leg (entry_id, account_id, amount, currency)"
                    " VALUES (%s, %s, %s, %s)",
                    [entry, account, amount, unit],
                )
    _sql(f"SELECT setval(pg_get_serial_sequence('{q}microfund_entry', 'id'), 4)")
    _sql(
        f"INSERT INTO {q}microfund_campaign (id, title, description, public, account_id,"
        " created_at) VALUES (1, '助老食堂', '', true, 3, now())"
    )
    _sql(
        f"INSERT INTO {q}microfund_donation (amount, currency, method, status, donor_name,"
        " message, anonymous, monthly, provider, subscription_id, fee, refunded, evidence,"
        " token, created_at, campaign_id, entry_id) VALUES (1200, 'CNY', 'cash', 'paid', '',"
        " '', true, false, '', '', 0, 0, '', 'tok-1', now(), 1, 2)"
    )


def _books(schema: str, table_prefix: str, unit_column: str) -> dict:
    q = f'"{schema}".{table_prefix}'
    return {
        "accounts": _sql(
            f"SELECT id, code, kind, {unit_column}, balance FROM {q}account ORDER BY id"
        ),
        "entries": _sql(f"SELECT id, kind, external_id, reverses_id FROM {q}entry ORDER BY id"),
        "legs": _sql(
            f"SELECT id, entry_id, account_id, amount, {unit_column} FROM {q}leg ORDER BY id"
        ),
    }


def _bring_up_to_date(schema: str, path: str) -> None:
    if path == "executor":
        schemas.migrate_schema(schema)
        return
    # The fast path: the SQL each migration ran on the template, as `commonweal migrate`
    # sends it to a lagging community.
    done = set(schemas.applied_migrations(schema))
    order = schemas.applied_migrations("cw_template")
    rendered = {(m.app, m.name): m for m in RenderedMigration.objects.all()}
    pending = [rendered[m] for m in order if m not in done]
    assert all(m.schema_only for m in pending)
    assert ADOPTION in [(m.app, m.name) for m in pending]
    with psycopg.connect(schemas.conninfo(), autocommit=True) as conn:
        _apply_rendered(conn, schema, pending)


def _triggers(schema: str) -> set[tuple[str, str]]:
    return set(
        _sql(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND NOT t.tgisinternal",
            [schema],
        )
    )


@pytest.mark.parametrize("path", ["recorded_sql", "executor"])
def test_a_populated_community_keeps_its_books_when_the_ledger_moves(committed, path):
    # given a community migrated up to just before the ledger app, with books in the fund's
    # tables: money and points, a reversal, and a donation and a project pointing at them
    _migrate_to_before_the_ledger(SCHEMA)
    _populate(SCHEMA)
    before = _books(SCHEMA, "microfund_", "currency")
    assert [row[4] for row in before["accounts"]] == [4100, -5400, 1300, -30, 30]

    # when it is brought up to date
    _bring_up_to_date(SCHEMA, path)

    # then every account, entry and leg is there with the same ids, amounts, units and
    # running balances, and only the ledger's names and triggers remain
    assert _books(SCHEMA, "ledger_", "unit") == before
    assert _sql(
        "SELECT count(*) FROM pg_tables WHERE schemaname = %s AND tablename LIKE 'microfund_%%'"
        " AND tablename IN ('microfund_account', 'microfund_entry', 'microfund_leg')",
        [SCHEMA],
    ) == [(0,)]
    assert {t for t in _triggers(SCHEMA) if t[0].startswith("ledger_")} == TRIGGERS
    assert (
        _sql(
            "SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = %s AND proname LIKE 'microfund%%'",
            [SCHEMA],
        )
        == []
    )

    # and the ORM reads the moved rows through the fund's foreign keys
    connection.set_schema(SCHEMA)
    try:
        donation = Donation.objects.select_related("entry", "campaign__account").get()
        assert (donation.entry.external_id, donation.campaign.account.balance) == ("old:2", 1300)
        assert Campaign.objects.get().account.code == "campaign:a"

        # and new postings continue the ids and the balances
        fund, donors = Account.objects.get(pk=1), Account.objects.get(pk=2)
        with transaction.atomic():
            posting = ledger.post(
                kind="donation", external_id="new:1", legs=[(donors, -10), (fund, 10)]
            )
        assert posting.entry.pk == 5
        assert (selectors.balance(fund), selectors.balance(donors)) == (4110, -5410)

        # and the triggers still refuse an unbalanced entry, an UPDATE and a DELETE
        with pytest.raises(DatabaseError, match="unbalanced"), transaction.atomic():
            entry = Entry.objects.create(
                kind="correction", external_id="bad", occurred_at="2026-01-01T00:00:00Z"
            )
            Leg.objects.create(entry=entry, account=fund, amount=100, unit="CNY")
            Leg.objects.create(entry=entry, account=donors, amount=-99, unit="CNY")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            Leg.objects.filter(entry_id=1).update(amount=1)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _sql(f'DELETE FROM "{SCHEMA}".ledger_leg WHERE entry_id = 4')
        with pytest.raises(DatabaseError, match="only with legs"), transaction.atomic():
            Account.objects.filter(pk=1).update(balance=0)
        assert Leg.objects.count() == len(before["legs"]) + 2
        assert selectors.balance(fund) == 4110
    finally:
        connection.set_schema_to_public()


def test_a_new_community_copied_from_the_template_has_the_ledger_triggers(books):
    # given a community provisioned from the template's DDL (the `books` fixture)
    # then its ledger tables carry the ledger's triggers and nothing of the fund's old ones
    found = _triggers(books.schema_name)
    assert {t for t in found if t[0].startswith("ledger_")} == TRIGGERS
    assert not {t for t in found if t[1].startswith("microfund_")}
