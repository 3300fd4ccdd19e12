"""`commonweal migrate`: the public schema, the template, then every community in parallel.

Each tenant migration is applied to the template first, with the exact SQL it ran recorded.
A community whose missing migrations are all recorded gets that SQL in one transaction over a
plain connection; one that needs a data migration goes through Django's executor. Finding
which communities have nothing to do is a single query over every schema's django_migrations.
"""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ProjectState

from commonweal.tenants import schemas, spares
from commonweal.tenants.models import Community, RenderedMigration
from commonweal.tenants.provisioning import snapshot_template, template_name

STATE_QUERY_CHUNK = 500


@dataclass
class MigrateReport:
    public: int = 0
    template: list = field(default_factory=list)
    unchanged: int = 0
    fast: int = 0
    slow: int = 0
    failures: dict = field(default_factory=dict)

    @property
    def communities(self) -> int:
        return self.unchanged + self.fast + self.slow + len(self.failures)


def _nothing_pending(schema: str) -> bool:
    """Whether every migration on disk is recorded as applied in `schema`.

    Asked in two small queries because Django's own check, before it can say "nothing to
    do", lists every table visible on the search path (`pg_table_is_visible` over the whole
    catalog): 0.7 s a call with 1,374 communities, three calls per `migrate`, growing with
    every community. The graph is read without a connection, so a squashed migration counts
    as pending whenever the schema recorded its originals instead: Django then decides.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}".django_migrations'])
        if not cursor.fetchone()[0]:
            return False
    applied = set(schemas.applied_migrations(schema))
    return set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes) <= applied


def migrate_public() -> None:
    connection.set_schema_to_public()
    if _nothing_pending("public"):
        return
    call_command(DjangoMigrate(), interactive=False, verbosity=0)


def migrate_template() -> list[tuple[str, str]]:
    """Apply pending tenant migrations to the template one by one, recording their SQL.

    A schema-only migration is collected as SQL (what `sqlmigrate` prints), and that SQL is
    what runs on the template, exactly as it will on every community behind it. A migration
    with Python code goes through Django's executor. One project state, rendered once, is
    carried through the whole plan; asking Django afresh for each migration (a new executor,
    and `collect_sql` rebuilding the state from the first migration) rendered the project
    twice per migration: a fresh template took 45 s, most of every test session's set-up.
    """
    name = template_name()
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{name}"')
    if _nothing_pending(name):
        return []
    connection.set_schema(name, include_public=False)
    MigrationRecorder(connection).ensure_schema()
    applied = []
    try:
        connection.set_schema(name)
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        state = _applied_state(executor.loader)
        state.apps  # noqa: B018 -- render once; each migration then re-renders what it touches
        for migration, _backwards in plan:
            schema_only = migration.atomic and not any(
                isinstance(op, RunPython) for op in migration.operations
            )
            if schema_only:
                with connection.schema_editor(collect_sql=True, atomic=True) as editor:
                    state = migration.apply(state, editor, collect_sql=True)
                sql = "\n".join(editor.collected_sql)
                with transaction.atomic(), connection.cursor() as cursor:
                    if sql.strip():
                        cursor.execute(sql)
                    executor.record_migration(migration)
            else:
                sql = ""
                state = executor.migrate(
                    [(migration.app_label, migration.name)], plan=[(migration, False)], state=state
                )
            RenderedMigration.objects.update_or_create(
                app=migration.app_label,
                name=migration.name,
                defaults={"sql": sql, "schema_only": schema_only},
            )
            applied.append((migration.app_label, migration.name))
    finally:
        connection.set_schema_to_public()
    return applied


def _applied_state(loader: MigrationLoader) -> ProjectState:
    """The project as the migrations applied so far leave it."""
    applied = [key for key in loader.applied_migrations if key in loader.graph.nodes]
    if not applied:
        return ProjectState(real_apps=loader.unmigrated_apps)
    return loader.project_state(applied, at_end=True)


def community_digests(schema_names: list[str]) -> dict[str, str | None]:
    """Digest of each schema's applied migrations, in one query per chunk of schemas; None for
    a schema that is missing or has no django_migrations table (one such schema must not make
    the whole query fail)."""
    digests: dict[str, str | None] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
            "WHERE n.nspname = ANY(%s) AND c.relname = 'django_migrations' AND c.relkind = 'r'",
            [list(schema_names)],
        )
        existing = {row[0] for row in cursor.fetchall()}
        digests.update({s: None for s in schema_names if s not in existing})
        present = [s for s in schema_names if s in existing]
        for start in range(0, len(present), STATE_QUERY_CHUNK):
            chunk = present[start : start + STATE_QUERY_CHUNK]
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT %s, md5(coalesce(string_agg(app || '.' || name, ',' "
                    f"ORDER BY app, name), '')) FROM \"{s}\".django_migrations"
                    for s in chunk
                ),
                chunk,
            )
            digests.update(dict(cursor.fetchall()))
    return digests


def _template_digest() -> str:
    return community_digests([template_name()])[template_name()]


def _apply_rendered(conn: psycopg.Connection, schema: str, pending: list[RenderedMigration]):
    with conn.transaction():
        conn.execute(f'SET LOCAL search_path TO "{schema}", public')
        for migration in pending:
            if migration.sql.strip():
                conn.execute(migration.sql)
            conn.execute(
                "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, now())",
                [migration.app, migration.name],
            )


def migrate_communities(
    *,
    workers: int | None = None,
    on_progress: Callable[[str, bool], None] | None = None,
    report: MigrateReport | None = None,
) -> MigrateReport:
    report = report or MigrateReport()
    schema_names = list(
        Community.objects.order_by("schema_name").values_list("schema_name", flat=True)
    )
    target = _template_digest()
    digests = community_digests(schema_names)
    behind = [s for s in schema_names if digests[s] != target]
    report.unchanged = len(schema_names) - len(behind)
    for schema in schema_names:
        if digests[schema] == target and on_progress:
            on_progress(schema, True)
    if not behind:
        return report
    order = schemas.applied_migrations(template_name())
    rendered = {(m.app, m.name): m for m in RenderedMigration.objects.all()}
    local = threading.local()
    lock = threading.Lock()
    opened: list[psycopg.Connection] = []
    dsn = schemas.conninfo()

    def plain_connection() -> psycopg.Connection:
        if not hasattr(local, "conn"):
            local.conn = psycopg.connect(dsn, autocommit=True)
            with lock:
                opened.append(local.conn)
        return local.conn

    def one(schema: str) -> None:
        ok = True
        try:
            if digests[schema] is None:
                raise RuntimeError(f"schema {schema} is missing or not provisioned")
            conn = plain_connection()
            done = set(conn.execute(f'SELECT app, name FROM "{schema}".django_migrations'))
            pending = [rendered.get(m) for m in order if m not in done]
            if all(m is not None and m.schema_only for m in pending):
                _apply_rendered(conn, schema, pending)
                kind = "fast"
            else:
                try:
                    schemas.migrate_schema(schema)
                finally:
                    connections["default"].close()
                kind = "slow"
            with lock:
                setattr(report, kind, getattr(report, kind) + 1)
        except Exception as error:  # one community's failure must not stop the others
            ok = False
            with lock:
                report.failures[schema] = f"{type(error).__name__}: {error}"
        finally:
            if on_progress:
                on_progress(schema, ok)

    with ThreadPoolExecutor(max_workers=workers or settings.MIGRATE_PARALLEL_WORKERS) as pool:
        list(pool.map(one, behind))
    for conn in opened:
        conn.close()
    return report


def prepare_template():
    """Migrate the template and snapshot it for provisioning."""
    applied = migrate_template()
    return applied, snapshot_template()


def migrate_everything(
    *, workers: int | None = None, on_progress: Callable[[str, bool], None] | None = None
) -> MigrateReport:
    report = MigrateReport()
    migrate_public()
    report.template, _snapshot = prepare_template()
    migrate_communities(workers=workers, on_progress=on_progress, report=report)
    spares.refresh()
    return report
