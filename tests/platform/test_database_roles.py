"""The application's database role: the documented script leaves it able to read and write
rows and nothing more; `commonweal check` calls a superuser or owner connection an error."""

from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from commonweal.platform.kernel.checks import check_database_role

ROLES_SQL = Path(__file__).resolve().parents[2] / "infra" / "db" / "roles.sql"


def test_check_reports_a_superuser_connection_in_production(db, settings):
    # given production settings and the test session's superuser connection
    settings.DEBUG = False

    errors = check_database_role(databases=["default"])

    assert [e.id for e in errors] == ["commonweal.E001"]


def test_check_stays_quiet_in_development(db, settings):
    settings.DEBUG = True

    assert check_database_role(databases=["default"]) == []


def _as_app(sql: str):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL ROLE commonweal_app")
        cursor.execute(sql)
        return cursor.fetchall() if cursor.description else None


@pytest.fixture
def roles(fengshu):
    """The script applied to this session's database (rolled back with the test)."""
    with connection.cursor() as cursor:
        cursor.execute(ROLES_SQL.read_text())
    yield fengshu


def test_the_app_role_reads_and_writes_rows(roles):
    assert _as_app("SELECT count(*) FROM c_fengshu.ledger_account") == [(0,)]
    assert _as_app("SELECT count(*) FROM public.tenants_community") == [(1,)]
    _as_app("UPDATE public.tenants_community SET introduction = 'x' WHERE slug = 'fengshu'")


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE c_fengshu.ledger_leg",
        "ALTER TABLE c_fengshu.ledger_leg DISABLE TRIGGER ALL",
        "DROP TABLE c_fengshu.ledger_leg",
        "CREATE TABLE public.sneaky (id int)",
        "UPDATE c_fengshu.ledger_leg SET amount = 0",
        "DELETE FROM c_fengshu.ledger_entry",
        "DELETE FROM public.audit_auditentry",
        "SET session_replication_role = replica",
    ],
)
def test_the_app_role_cannot_truncate_alter_or_rewrite_the_ledger(roles, statement):
    with pytest.raises(DatabaseError, match=r"permission denied|must be owner"):
        _as_app(statement)
