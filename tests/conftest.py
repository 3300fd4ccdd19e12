import os
import tempfile
import time
from pathlib import Path

import pytest

from tests.fixtures import *  # noqa: F403


def _test_database_made() -> bool:
    """pytest-django makes the test database only when a collected test asks for one; a run of
    database-free tests alone must not prepare a template in the configured database."""
    from django.db import connection

    return connection.settings_dict["NAME"].startswith("test_")


# --- one migrated database per session, cloned by every other xdist worker ---------------------
#
# Migrating the public schema and the template costs ~50 s of one core, all of it Django
# rendering migration states. The first worker to need a database does it and leaves a copy
# (`CLONE_SOURCE`); the others wait for that copy and have PostgreSQL clone it (`CREATE
# DATABASE … TEMPLATE`, about a second), so Django's migrate on their database finds nothing to
# do. Without xdist, or when the first worker fails, every database is migrated as before.

CLONE_SOURCE = "test_commonweal_migrated"
CLONE_WAIT_SECONDS = 900


def _clone_dir(config) -> Path | None:
    run = getattr(config, "workerinput", {}).get("testrunuid")
    if run is None:
        return None
    folder = Path(tempfile.gettempdir()) / f"commonweal-testdb-{run}"
    folder.mkdir(exist_ok=True)
    return folder


def _maintenance_connection():
    import psycopg
    from django.db import connection

    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or None,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """Decide whether this worker migrates (and leaves the copy) or clones the copy."""
    request.config.stash[_CLONER] = False
    folder = _clone_dir(request.config)
    if folder is None:
        return
    try:
        os.close(os.open(folder / "builder", os.O_CREAT | os.O_EXCL))
        return  # this worker migrates
    except FileExistsError:
        pass
    deadline = time.monotonic() + CLONE_WAIT_SECONDS
    while time.monotonic() < deadline:
        if (folder / "failed").exists():
            return
        if (folder / "ready").exists():
            from django.db import connection

            connection.settings_dict["TEST"]["TEMPLATE"] = CLONE_SOURCE
            request.config.stash[_CLONER] = True
            return
        time.sleep(0.2)


_CLONER = pytest.StashKey[bool]()


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """The test database, plus the community template every provisioning copies."""
    from django.db import connection

    from commonweal.tenants.migrate import prepare_template

    if not _test_database_made():
        return
    folder = _clone_dir(request.config)
    builder = folder is not None and not request.config.stash.get(_CLONER, False)
    try:
        with django_db_blocker.unblock():
            prepare_template()
            if builder:
                name = connection.settings_dict["NAME"]
                connection.close()
                with _maintenance_connection() as maintenance:
                    maintenance.execute(f'DROP DATABASE IF EXISTS "{CLONE_SOURCE}"')
                    maintenance.execute(f'CREATE DATABASE "{CLONE_SOURCE}" TEMPLATE "{name}"')
    except BaseException:
        if builder:
            (folder / "failed").touch()
        raise
    if builder:
        (folder / "ready").touch()


TEMPLATE_STATE_MODELS = ("TemplateSnapshot", "RenderedMigration")


@pytest.fixture(scope="session", autouse=True)
def template_state(django_db_setup, django_db_blocker) -> dict:
    """The snapshot and rendered SQL the session made, captured before any flush.

    It lives here, at the root, so one capture serves every package: a copy declared in a
    package's conftest would be captured at that package's first test, after earlier
    transactional tests had already flushed these rows.

    pytest-django ends each transactional test by truncating every public table, these
    included, so a later transactional test would find nothing to provision from.
    """
    from commonweal.tenants import models

    if not _test_database_made():
        return {}
    with django_db_blocker.unblock():
        return {
            name: list(getattr(models, name).objects.values()) for name in TEMPLATE_STATE_MODELS
        }


@pytest.fixture(scope="session", autouse=True)
def _flush_with_cascade():
    """Transactional tests end with a flush of the public tables, which community schemas
    reference (admin log → content types, later rows → users); PostgreSQL refuses to truncate
    them without CASCADE, which Django only asks for when `available_apps` is set."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        # Append-only tables refuse TRUNCATE by trigger; only a superuser's replica mode,
        # which the test session has and the application does not, passes it.
        statements = original(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=True
        )
        if not statements:
            return statements
        return [
            "SET session_replication_role = replica",
            *statements,
            "SET session_replication_role = origin",
        ]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LANGUAGE_CODE = "zh-hans"
    # Every test client comes from 127.0.0.1; tests of the limits turn them on.
    settings.RATE_LIMITS_ENABLED = False


@pytest.fixture(autouse=True)
def _public_schema_after_each_test():
    """A request to a community host leaves the connection on that community's schema (no
    query: django-tenants sets the search path on the next cursor)."""
    from django.db import connection

    yield
    connection.set_schema_to_public()


# --- pooled community schemas ----------------------------------------------------------------
#
# Provisioning a community runs the template's whole DDL script (~0.5 s); most tests make one
# to four communities inside a transaction that is rolled back at the end. Each xdist worker
# therefore provisions a pool of a few schemas once, committed, and a test *inside a transaction*
# renames a spare to the new community's name instead: the rename (and everything the test
# writes into the schema) rolls back with the test, so the spare is back, unchanged, for the
# next one. Sequences are not transactional: they are reset when a spare is handed out, so ids
# start at 1 as in a freshly provisioned schema. Tests of provisioning and migrations themselves
# (tests/tenants, tests/ledger), transactional tests, and a template that differs from the one
# the spares were made from all take the real path. (The product keeps spare schemas of its
# own, `tenants/spares.py`, registered in a table; this pool is the tests' and never listed.)

POOL_SIZE = 6
POOL_PREFIX = "cw_pool_"
REAL_PROVISIONING = ("tests/tenants/", "tests/ledger/")


@pytest.fixture(scope="session")
def spare_schemas(django_db_setup, django_db_blocker) -> str:
    """Provision the spares (committed); returns the template digest they were made from."""
    from django.db import connection

    from commonweal.tenants.provisioning import provision_schema, snapshot_template

    with django_db_blocker.unblock():
        snapshot = snapshot_template()
        for n in range(POOL_SIZE):
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{POOL_PREFIX}{n}" CASCADE')
            provision_schema(f"{POOL_PREFIX}{n}", snapshot)
        return snapshot.digest


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server", "committed"} & set(request.fixturenames)
        or (marker is not None and marker.kwargs.get("transaction"))
    )


@pytest.fixture(autouse=True)
def _spare_schemas(request, monkeypatch):
    path = request.node.path.relative_to(request.config.rootpath).as_posix()
    if path.startswith(REAL_PROVISIONING) or _transactional(request):
        yield
        return
    if "db" not in request.fixturenames:
        yield
        return
    digest = request.getfixturevalue("spare_schemas")
    from django.db import connection

    from commonweal.tenants import services
    from commonweal.tenants.provisioning import snapshot_template

    real = services.provision_schema

    def provision(schema_name, snapshot=None):
        if not connection.in_atomic_block or snapshot_template().digest != digest:
            return real(schema_name, snapshot)
        with connection.cursor() as cursor:
            # Whichever spare this transaction still sees: a module's shared world, made in
            # an outer transaction, may have taken some already.
            cursor.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s ORDER BY nspname LIMIT 1",
                [POOL_PREFIX.replace("_", r"\_") + "%"],
            )
            row = cursor.fetchone()
            if row is None:
                return real(schema_name, snapshot)
            cursor.execute(f'ALTER SCHEMA "{row[0]}" RENAME TO "{schema_name}"')
            cursor.execute(
                "SELECT setval(c.oid, 1, false) FROM pg_class c"
                " WHERE c.relkind = 'S' AND c.relnamespace = %s::regnamespace",
                [schema_name],
            )
        return None

    monkeypatch.setattr(services, "provision_schema", provision)
    yield
