"""A community's schema is a copy of the template, made in one round trip inside the caller's
transaction, from a snapshot that is re-rendered only when the template's migrations change."""

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from commonweal.tenants import schemas
from commonweal.tenants.models import Community, Domain, TemplateSnapshot
from commonweal.tenants.provisioning import provision_schema, snapshot_template
from tests.fixtures import make_community

TEMPLATE = settings.TEMPLATE_SCHEMA_NAME


def _rows(sql: str, schema: str) -> set[tuple]:
    """Catalogue rows of `schema`, with its name replaced so two schemas compare equal."""
    with connection.cursor() as cursor:
        cursor.execute(sql, [schema])
        return {
            tuple(v.replace(schema, "<schema>") if isinstance(v, str) else v for v in row)
            for row in cursor.fetchall()
        }


def _relations(schema):
    return _rows(
        "SELECT c.relname, c.relkind FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s",
        schema,
    )


def _constraints(schema):
    return _rows(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE connamespace = (SELECT oid FROM pg_namespace WHERE nspname = %s)",
        schema,
    )


def _indexes(schema):
    return _rows("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s", schema)


def _columns(schema):
    return _rows(
        "SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity "
        "FROM information_schema.columns WHERE table_schema = %s",
        schema,
    )


def _functions(schema):
    return _rows(
        "SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = %s",
        schema,
    )


def _triggers(schema):
    return _rows(
        "SELECT t.tgname, c.relname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND NOT t.tgisinternal",
        schema,
    )


def _migrations(schema) -> set[tuple[str, str]]:
    return set(schemas.applied_migrations(schema))


def _search_path() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW search_path")
        return cursor.fetchone()[0]


def test_provisioned_schema_is_an_exact_copy_of_the_template(db):
    # given the migrated template, with tables, constraints and indexes
    assert len(_relations(TEMPLATE)) > 1
    assert _constraints(TEMPLATE)
    assert _indexes(TEMPLATE)

    # when a community is provisioned
    make_community("fengshu")

    # then its schema has the same relations, constraint and index names and definitions,
    # columns, functions, triggers and migration records as the template
    assert _relations("c_fengshu") == _relations(TEMPLATE)
    assert {c[0] for c in _constraints("c_fengshu")} == {c[0] for c in _constraints(TEMPLATE)}
    assert _constraints("c_fengshu") == _constraints(TEMPLATE)
    assert {i[0] for i in _indexes("c_fengshu")} == {i[0] for i in _indexes(TEMPLATE)}
    assert _indexes("c_fengshu") == _indexes(TEMPLATE)
    assert _columns("c_fengshu") == _columns(TEMPLATE)
    assert _functions("c_fengshu") == _functions(TEMPLATE)
    assert _triggers("c_fengshu") == _triggers(TEMPLATE)
    assert _migrations("c_fengshu") == _migrations(TEMPLATE)
    assert len(_migrations("c_fengshu")) > 0


def test_provisioned_schema_is_usable(db):
    # given a provisioned community
    community = make_community("fengshu")

    # when a row is written to one of its tables without an id
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO "c_fengshu".django_migrations (app, name, applied) '
            "VALUES ('probe', 'p', now()) RETURNING id"
        )
        new_id = cursor.fetchone()[0]

    # then its own sequence numbers it, after the copied migration records
    assert new_id == len(_migrations(TEMPLATE)) + 1
    assert community.schema_name == "c_fengshu"


def test_provisioning_is_one_statement_and_leaves_the_session_alone(db):
    # given the current snapshot and the connection's search path
    snapshot = snapshot_template()
    search_path = _search_path()

    # when a schema is provisioned from it
    with CaptureQueriesContext(connection) as queries:
        provision_schema("c_probe", snapshot)

    # then one round trip, through the owner's function, made it (besides django-tenants'
    # search_path and the savepoint), and pg_dump's session settings did not leak
    sent = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].startswith(("SET search_path", "SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    assert sent == [f"SELECT public.commonweal_provision_schema('c_probe', {snapshot.pk})"]
    assert schemas.schema_exists("c_probe")
    assert schemas.applied_migrations("c_probe") == schemas.applied_migrations(
        settings.TEMPLATE_SCHEMA_NAME
    )
    assert _search_path() == search_path


def test_provisioning_rolls_back_with_the_callers_transaction(db):
    # given a caller's transaction that provisions a schema and then fails
    with pytest.raises(RuntimeError, match="approval failed"), transaction.atomic():
        provision_schema("c_probe")
        assert schemas.schema_exists("c_probe")
        raise RuntimeError("approval failed")

    # then the schema is gone with the transaction
    assert not schemas.schema_exists("c_probe")


def test_failed_provisioning_leaves_no_community_or_domain(db):
    # given a schema already occupying fengshu's schema name
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "c_fengshu"')

    # when fengshu is created
    with pytest.raises(Exception, match="already exists"):
        make_community("fengshu")

    # then neither its row nor its domain remain
    assert Community.objects.filter(slug="fengshu").count() == 0
    assert Domain.objects.filter(domain="fengshu.localhost").count() == 0


def test_snapshot_is_reused_while_the_template_is_unchanged(db):
    # given the snapshot taken when the session migrated the template
    first = snapshot_template()
    count = TemplateSnapshot.objects.count()

    # when a snapshot is asked for again
    second = snapshot_template()

    # then it is the same row, keyed by the template's migration digest
    assert second.pk == first.pk
    assert TemplateSnapshot.objects.count() == count
    assert first.digest == schemas.migrations_digest(schemas.applied_migrations(TEMPLATE))
    assert sorted(map(tuple, first.migrations)) == sorted(_migrations(TEMPLATE))


def test_snapshot_is_rerendered_when_the_template_migrations_change(db):
    # given the current snapshot, and a migration newly recorded on the template
    first = snapshot_template()
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{TEMPLATE}".django_migrations (app, name, applied) '
            "VALUES ('probe', '0001_probe', now())"
        )

    # when a snapshot is asked for
    second = snapshot_template()

    # then a new one is rendered under a new digest, carrying the new record
    assert second.pk != first.pk
    assert second.digest != first.digest
    assert ["probe", "0001_probe"] in second.migrations
    assert ["probe", "0001_probe"] not in first.migrations
    assert TemplateSnapshot.objects.filter(digest=first.digest).exists()
    # and the next community is provisioned from it
    make_community("fengshu")
    assert _migrations("c_fengshu") == _migrations(TEMPLATE)
    assert ("probe", "0001_probe") in _migrations("c_fengshu")


def test_snapshot_script_names_no_schema(db):
    # given the current snapshot
    script = snapshot_template().script

    # then the template's name appears nowhere (every object is under the placeholder) and no
    # session-level setting is sent
    assert TEMPLATE not in script
    assert "__community_schema__." in script
    assert "set_config" not in script
    assert not [line for line in script.splitlines() if line.startswith("SET ")]


def test_function_bodies_survive_the_dump_filter():
    # given a dump whose function body has lines that look like session settings
    from commonweal.tenants.provisioning import _structure_lines

    dump = "\n".join(
        [
            "SET statement_timeout = 0;",
            "SELECT pg_catalog.set_config('search_path', '', false);",
            "\\restrict abc",
            "CREATE SCHEMA cw_template;",
            "CREATE FUNCTION cw_template.f() RETURNS trigger",
            "    LANGUAGE plpgsql",
            "    AS $_$",
            "SET LOCAL lock_timeout = '1s';",
            "-- a comment the author wrote",
            "RETURN NEW;",
            "$_$;",
            "SET default_tablespace = '';",
            "CREATE TABLE cw_template.t (id integer);",
        ]
    )

    # when it is filtered, then the body is whole and the session lines are gone
    assert list(_structure_lines(dump, "cw_template")) == [
        "CREATE FUNCTION cw_template.f() RETURNS trigger",
        "    LANGUAGE plpgsql",
        "    AS $_$",
        "SET LOCAL lock_timeout = '1s';",
        "-- a comment the author wrote",
        "RETURN NEW;",
        "$_$;",
        "CREATE TABLE cw_template.t (id integer);",
    ]


def test_provisioning_uses_the_snapshot_of_the_template_as_it_now_is(db):
    # given a newer snapshot of a state the template has left (a rolled-back migration)
    current = snapshot_template()
    TemplateSnapshot.objects.create(
        digest="0" * 64, script="SELECT 1 / 0;\n", migrations=[["probe", "0001_gone"]]
    )

    # when a community is provisioned without naming a snapshot
    make_community("fengshu")

    # then it was made from the snapshot matching the template's migrations
    assert _migrations("c_fengshu") == _migrations(TEMPLATE)
    assert current.digest == schemas.migrations_digest(_migrations(TEMPLATE))


def _foreign_keys_leaving(schema):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT con.conname, target.relname, target_ns.nspname FROM pg_constraint con "
            "JOIN pg_class target ON target.oid = con.confrelid "
            "JOIN pg_namespace target_ns ON target_ns.oid = target.relnamespace "
            "WHERE con.contype = 'f' AND con.connamespace = "
            "(SELECT oid FROM pg_namespace WHERE nspname = %s) "
            "AND target.relnamespace <> con.connamespace",
            [schema],
        )
        return cursor.fetchall()


def _triggers_on_public_tables() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relnamespace = 'public'::regnamespace"
        )
        return cursor.fetchone()[0]


def test_no_foreign_key_leaves_a_community_schema(db):
    # given the template, whose tables refer to users and partner organisations in public

    # then none of its foreign-key constraints points outside it: each would hang two triggers
    # per community on the public table and make provisioning slow down with every community
    assert _foreign_keys_leaving(TEMPLATE) == []


def test_provisioning_leaves_the_platform_tables_untouched(db):
    # given the triggers on public's tables
    before = _triggers_on_public_tables()

    # when two communities are provisioned
    make_community("fengshu")
    make_community("jiahonglu")

    # then public's tables carry exactly as many triggers as before
    assert _triggers_on_public_tables() == before
