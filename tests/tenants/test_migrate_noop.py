"""The nothing-to-do `commonweal migrate` answers from the migration records: Django's own
check lists every visible table, which grows with every community's schema."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commonweal.tenants.migrate import _nothing_pending, migrate_public, migrate_template

pytestmark = pytest.mark.django_db
TEMPLATE = settings.TEMPLATE_SCHEMA_NAME


def test_nothing_pending_is_told_from_the_records_alone():
    assert _nothing_pending("public") is True
    assert _nothing_pending(TEMPLATE) is True

    # and the no-op of public and the template lists no tables
    with CaptureQueriesContext(connection) as queries:
        migrate_public()
        assert migrate_template() == []
    # per schema: does django_migrations exist, what it records; the search path and the
    # template's CREATE SCHEMA IF NOT EXISTS besides
    public, template = ["SET", "SELECT", "SELECT"], ["CREATE", "SELECT", "SELECT"]
    assert [q["sql"].split()[0] for q in queries] == [*public, *template]
    assert not any("pg_table_is_visible" in q["sql"] for q in queries)


def test_a_migration_the_schema_did_not_record_is_pending():
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{TEMPLATE}".django_migrations WHERE id = '
            f'(SELECT max(id) FROM "{TEMPLATE}".django_migrations)'
        )
    assert _nothing_pending(TEMPLATE) is False
    assert _nothing_pending("c_no_such_community") is False
