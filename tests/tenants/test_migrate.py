"""`commonweal migrate` over communities: who is up to date, the fast path of recorded SQL,
failures per community. The migrator works over its own connections in threads, so these tests
commit (the `committed` fixture undoes what they made)."""

import pytest
from django.conf import settings
from django.db import connection

from commonweal.platform.root.cli import main
from commonweal.tenants import schemas
from commonweal.tenants.migrate import (
    _apply_rendered,
    _template_digest,
    community_digests,
    migrate_communities,
)
from commonweal.tenants.models import RenderedMigration
from tests.fixtures import make_community

TEMPLATE = settings.TEMPLATE_SCHEMA_NAME
PROBE = ("probe", "0001_probe_table")


def _missing(schema: str) -> str:
    return f"RuntimeError: schema {schema} is missing or not provisioned"


def _execute(sql: str, params=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _has_table(schema: str, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_tables WHERE schemaname = %s AND tablename = %s", [schema, table]
        )
        return cursor.fetchone() is not None


def _record(schema: str, app: str, name: str) -> None:
    _execute(
        f'INSERT INTO "{schema}".django_migrations (app, name, applied) VALUES (%s, %s, now())',
        [app, name],
    )


def _probe_migration(*, schema_only: bool = True) -> RenderedMigration:
    """A new tenant migration, as `migrate_template` leaves it: applied and recorded on the
    template, its SQL rendered."""
    _execute(f'CREATE TABLE "{TEMPLATE}".probe_x (id int)')
    _record(TEMPLATE, *PROBE)
    return RenderedMigration.objects.create(
        app=PROBE[0],
        name=PROBE[1],
        sql="CREATE TABLE probe_x (id int)" if schema_only else "",
        schema_only=schema_only,
    )


def _catch_up_by_hand(schema: str) -> None:
    _execute(f'CREATE TABLE "{schema}".probe_x (id int)')
    _record(schema, *PROBE)


def test_up_to_date_communities_are_left_alone(committed):
    # given three communities provisioned from the current template
    for slug in ("fengshu", "jiahonglu", "duyuanjie"):
        make_community(slug)
    progress = []

    # when communities are migrated
    report = migrate_communities(on_progress=lambda schema, ok: progress.append((schema, ok)))

    # then all three are counted as unchanged and nothing else happened
    assert (report.unchanged, report.fast, report.slow, report.failures) == (3, 0, 0, {})
    assert report.communities == 3
    assert sorted(progress) == [("c_duyuanjie", True), ("c_fengshu", True), ("c_jiahonglu", True)]


def test_lagging_communities_get_the_recorded_sql(committed):
    # given three communities, and a new migration applied to the template after they were
    # made, which one of them already has
    for slug in ("fengshu", "jiahonglu", "duyuanjie"):
        make_community(slug)
    _probe_migration()
    _catch_up_by_hand("c_duyuanjie")

    # when communities are migrated
    report = migrate_communities(workers=2)

    # then the two lagging ones took the fast path and now have the table and the record
    assert (report.unchanged, report.fast, report.slow, report.failures) == (1, 2, 0, {})
    for schema in ("c_fengshu", "c_jiahonglu"):
        assert _has_table(schema, "probe_x")
        assert set(schemas.applied_migrations(schema)) == set(schemas.applied_migrations(TEMPLATE))
    assert schemas.applied_migrations("c_duyuanjie").count(PROBE) == 1
    # and every community now matches the template
    target = _template_digest()
    assert community_digests(["c_fengshu", "c_jiahonglu", "c_duyuanjie"]) == {
        "c_fengshu": target,
        "c_jiahonglu": target,
        "c_duyuanjie": target,
    }

    # when communities are migrated again
    again = migrate_communities()

    # then there is nothing left to do
    assert (again.unchanged, again.fast, again.slow, again.failures) == (3, 0, 0, {})
    assert schemas.applied_migrations("c_fengshu").count(PROBE) == 1


def test_community_without_schema_fails_alone(committed):
    # given two communities lagging behind the template, one of which lost its schema
    make_community("fengshu")
    make_community("jiahonglu")
    _probe_migration()
    _execute('DROP SCHEMA "c_jiahonglu" CASCADE')

    # when communities are migrated
    report = migrate_communities()

    # then the missing one is reported by name and the other still migrated
    assert report.failures == {"c_jiahonglu": _missing("c_jiahonglu")}
    assert (report.unchanged, report.fast, report.slow) == (0, 1, 0)
    assert _has_table("c_fengshu", "probe_x")


def test_community_without_migration_records_fails_alone(committed):
    # given two lagging communities, one of which lost its django_migrations table
    make_community("fengshu")
    make_community("jiahonglu")
    _probe_migration()
    _execute('DROP TABLE "c_jiahonglu".django_migrations')

    # when communities are migrated
    report = migrate_communities()

    # then the broken one is reported by name and the other still migrated
    assert report.failures == {"c_jiahonglu": _missing("c_jiahonglu")}
    assert (report.unchanged, report.fast, report.slow) == (0, 1, 0)
    assert _has_table("c_fengshu", "probe_x")


def test_failing_sql_rolls_back_that_community_only(committed):
    # given two lagging communities, one of which already has a clashing table
    make_community("fengshu")
    make_community("jiahonglu")
    _probe_migration()
    _execute('CREATE TABLE "c_jiahonglu".probe_x (name text)')

    # when communities are migrated
    report = migrate_communities()

    # then the clash is reported for that community, which keeps its old state, and the
    # other one migrated
    assert list(report.failures) == ["c_jiahonglu"]
    assert report.failures["c_jiahonglu"].startswith("DuplicateTable: ")
    assert (report.unchanged, report.fast, report.slow) == (0, 1, 0)
    assert PROBE not in schemas.applied_migrations("c_jiahonglu")
    assert PROBE in schemas.applied_migrations("c_fengshu")


def test_community_needing_a_data_migration_goes_through_the_executor(committed):
    # given a lagging community whose missing migration cannot be replayed as SQL
    make_community("fengshu")
    _probe_migration(schema_only=False)

    # when communities are migrated
    report = migrate_communities()

    # then it took Django's executor, not the recorded SQL
    assert (report.unchanged, report.fast, report.slow, report.failures) == (0, 0, 1, {})
    assert not _has_table("c_fengshu", "probe_x")


def test_digests_tell_lagging_and_missing_schemas_apart(committed):
    # given an up-to-date community, a lagging one, one without a schema and one without
    # migration records
    for slug in ("fengshu", "jiahonglu", "duyuanjie", "yulin"):
        make_community(slug)
    target = _template_digest()
    _execute("DELETE FROM \"c_jiahonglu\".django_migrations WHERE app = 'admin'")
    _execute('DROP SCHEMA "c_duyuanjie" CASCADE')
    _execute('DROP TABLE "c_yulin".django_migrations')

    # when their digests are read
    digests = community_digests(["c_fengshu", "c_jiahonglu", "c_duyuanjie", "c_yulin"])

    # then only the up-to-date one matches the template and the broken ones have none
    assert digests["c_fengshu"] == target
    assert digests["c_jiahonglu"] not in (None, target)
    assert (digests["c_duyuanjie"], digests["c_yulin"]) == (None, None)


def test_apply_rendered_runs_in_the_schema_and_records_each_migration(committed):
    # given a community and two rendered migrations, one without SQL
    import psycopg

    make_community("fengshu")
    pending = [
        RenderedMigration(app="probe", name="0001", sql="CREATE TABLE probe_x (id int)"),
        RenderedMigration(app="probe", name="0002", sql="  "),
    ]

    # when they are applied over a plain connection
    with psycopg.connect(schemas.conninfo(), autocommit=True) as conn:
        _apply_rendered(conn, "c_fengshu", pending)

    # then the table is in the community's schema, not public, and both are recorded
    assert _has_table("c_fengshu", "probe_x")
    assert not _has_table("public", "probe_x")
    assert schemas.applied_migrations("c_fengshu")[-2:] == [("probe", "0001"), ("probe", "0002")]


def test_cli_migrate_prints_the_summary(committed, capsys):
    # given two up-to-date communities
    make_community("fengshu")
    make_community("jiahonglu")

    # when `commonweal migrate` runs
    status = main(["migrate"])

    # then it succeeds and summarises
    err = capsys.readouterr().err
    assert status == 0
    assert "模板 / template: 0 migration(s) applied" in err
    assert "communities: 2 — up to date 2, fast 0, executor 0, failed 0" in err


def test_cli_migrate_fails_and_names_the_broken_community(committed, capsys):
    # given a community whose schema is gone
    make_community("fengshu")
    _execute('DROP SCHEMA "c_fengshu" CASCADE')

    # when `commonweal migrate` runs
    status = main(["migrate"])

    # then it exits 1 and names the community and the reason
    err = capsys.readouterr().err
    assert status == 1
    assert "communities: 1 — up to date 0, fast 0, executor 0, failed 1" in err
    assert f"✗ c_fengshu: {_missing('c_fengshu')}" in err


@pytest.mark.parametrize("run", [1, 2])
def test_committed_fixture_leaves_a_clean_slate(committed, run):
    # given whatever earlier transactional tests made and undid

    # then no community schema, probe record or probe table is left, and provisioning works
    from tests.tenants.fixtures import community_schemas

    assert community_schemas() == set()
    assert PROBE not in schemas.applied_migrations(TEMPLATE)
    assert not _has_table(TEMPLATE, "probe_x")
    make_community("fengshu")
    assert schemas.schema_exists("c_fengshu")
