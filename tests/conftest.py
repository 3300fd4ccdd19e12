import pytest

from tests.fixtures import *  # noqa: F403


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, plus the community template every provisioning copies."""
    from commonweal.tenants.migrate import prepare_template

    with django_db_blocker.unblock():
        prepare_template()


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
