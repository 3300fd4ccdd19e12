"""`commonweal check`: production refuses to call itself healthy when the application
connects as a role that could rewrite history (a superuser, or the owner of the tables, who
may TRUNCATE, run DDL and disable the ledger's triggers). See infra/db/roles.sql."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import connection


def connection_powers() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.rolsuper,"
            " EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public'"
            "         AND pg_has_role(current_user, tableowner, 'USAGE'))"
            " FROM pg_roles r WHERE r.rolname = current_user"
        )
        superuser, owner = cursor.fetchone()
    return {"superuser": superuser, "owner": owner}


@register(Tags.database, deploy=True)
def check_database_role(app_configs=None, databases=None, **_kwargs):
    if settings.DEBUG or not databases or "default" not in databases:
        return []
    powers = connection_powers()
    if powers["superuser"]:
        return [
            Error(
                "The application connects to PostgreSQL as a superuser.",
                hint="Connect as commonweal_app (infra/db/roles.sql); migrate as the owner.",
                id="commonweal.E001",
            )
        ]
    if powers["owner"]:
        return [
            Error(
                "The application connects as the owner of the tables: it could TRUNCATE them "
                "or disable the ledger's triggers.",
                hint="Connect as commonweal_app (infra/db/roles.sql); migrate as the owner.",
                id="commonweal.E002",
            )
        ]
    return []
