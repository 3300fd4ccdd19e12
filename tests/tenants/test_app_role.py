"""The application's database role (commonweal_app) reads and writes rows and nothing else:
no DDL, no TRUNCATE, no ledger rewrite, no trigger control; yet onboarding a community (a
schema made at runtime) and a community's deletion work through the owner's functions.

The test session connects as the embedded server's superuser; `SET ROLE` gives the test's
transaction exactly the app role's privileges, and everything is rolled back after."""

from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from commonweal.platform.kernel.database import grant_app_role
from commonweal.privacy.services.closures import closure_schedule, closures_run_due
from commonweal.tenants import schemas
from commonweal.tenants.models import Community
from tests.fixtures import make_community

INSUFFICIENT_PRIVILEGE = "42501"


@contextmanager
def as_app_role():
    with connection.cursor() as cursor:
        grant_app_role(cursor.execute, settings.TEMPLATE_SCHEMA_NAME)
        cursor.execute("SET ROLE commonweal_app")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def _refusal(statement: str) -> str | None:
    """The SQLSTATE `statement` is refused with, or None if it ran (then rolled back)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
            raise _RanAnyway
    except _RanAnyway:
        return None
    except DatabaseError as error:
        return getattr(error.__cause__, "sqlstate", "?")


class _RanAnyway(Exception):
    pass


def _current_user() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return cursor.fetchone()[0]


def _privileges(table: str) -> set[str]:
    kinds = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT k FROM unnest(%s::text[]) k WHERE has_table_privilege(current_user, %s, k)",
            [list(kinds), table],
        )
        return {k for (k,) in cursor.fetchall()}


REFUSED = [
    'TRUNCATE "c_fengshu".ledger_leg, "c_fengshu".ledger_entry CASCADE',
    'DROP TABLE "c_fengshu".ledger_leg CASCADE',
    'ALTER TABLE "c_fengshu".ledger_leg DISABLE TRIGGER ALL',
    'ALTER TABLE "c_fengshu".ledger_entry ADD COLUMN note text',
    'UPDATE "c_fengshu".ledger_leg SET amount = 0',
    'DELETE FROM "c_fengshu".ledger_entry',
    "DELETE FROM public.audit_auditentry",
    "TRUNCATE public.audit_auditentry",
    'DROP SCHEMA "c_fengshu" CASCADE',
    "CREATE SCHEMA c_rogue",
    "CREATE TABLE public.rogue (id int)",
    "INSERT INTO public.tenants_templatesnapshot (digest, script, migrations, created_at)"
    " VALUES ('rogue', 'DROP SCHEMA c_fengshu CASCADE', '[]', now())",
    "UPDATE public.tenants_templatesnapshot SET script = 'DROP SCHEMA c_fengshu CASCADE'",
    "SELECT public.commonweal_drop_community_schema('c_fengshu')",
    "SELECT public.commonweal_app_grants('c_fengshu')",
    "SET session_replication_role = replica",
]


def test_the_app_role_may_not_rewrite_history_or_structure(fengshu):
    # given the app role, in a community that exists
    with as_app_role():
        assert _current_user() == "commonweal_app"

        # when it tries to rewrite history or the structure; then PostgreSQL refuses each
        refusals = {statement: _refusal(statement) for statement in REFUSED}
        assert refusals == dict.fromkeys(REFUSED, INSUFFICIENT_PRIVILEGE)

    assert schemas.schema_exists("c_fengshu")


def test_the_app_role_onboards_a_community_and_works_in_it(fengshu, platform_admin):
    with as_app_role():
        # when a community is created at runtime, as an approval does
        community = make_community("yuquan", name="玉泉社区")

        # then its schema exists with the template's migrations, and its rows are writable
        assert schemas.applied_migrations("c_yuquan") == schemas.applied_migrations(
            settings.TEMPLATE_SCHEMA_NAME
        )
        assert _privileges("c_yuquan.needs_need") == {"SELECT", "INSERT", "UPDATE", "DELETE"}
        assert _privileges("c_yuquan.ledger_leg") == {"SELECT", "INSERT"}
        # ... but its ledger is as closed as every other
        assert _refusal('TRUNCATE "c_yuquan".ledger_leg CASCADE') == INSUFFICIENT_PRIVILEGE
        assert _refusal('DROP SCHEMA "c_yuquan" CASCADE') == INSUFFICIENT_PRIVILEGE

        # and when its deletion falls due, the job drops it through the owner's function
        closure = closure_schedule(actor=platform_admin, community=community)
        assert closures_run_due(now=closure.due_at + timedelta(minutes=1)) == ["c_yuquan"]
        assert not schemas.schema_exists("c_yuquan")
        assert not Community.objects.filter(slug="yuquan").exists()


def test_the_app_role_posts_to_the_ledger_and_records_a_donation(fengshu):
    # given Fengshu's staff, and the app role
    from commonweal.ledger.models import Leg
    from commonweal.microfund.services.donations import donation_record_offline
    from commonweal.platform.kernel.roles import Role
    from tests.fixtures import make_member
    from tests.partners.fixtures import in_schema

    staff = make_member(fengshu, Role.STAFF, name="社工李强")
    with as_app_role(), in_schema(fengshu):
        # when staff record a cash donation (an entry posted with its legs)
        donation = donation_record_offline(
            actor=staff,
            community=fengshu,
            amount=5000,
            method="cash",
            evidence="募捐箱开箱记录",
            receipt_number="XJ-APP-0001",
        )

        # then it is recorded and balanced, by the role that may only add to the ledger
        assert donation.amount == 5000
        assert sorted(Leg.objects.values_list("amount", flat=True)) == [-5000, 5000]
        assert _current_user() == "commonweal_app"


def test_the_app_role_makes_and_takes_spare_schemas(fengshu):
    from commonweal.tenants import spares

    with as_app_role():
        # the job, as the app role, drops nothing and makes a spare
        assert spares.refresh(count=1) == (0, 1)
        # and onboarding takes it: the community's rows are the app's, as by the script
        make_community("yuquan", name="玉泉社区")
        assert not spares.SpareSchema.objects.exists()
        assert _privileges("c_yuquan.needs_need") == {"SELECT", "INSERT", "UPDATE", "DELETE"}
        assert _privileges("c_yuquan.ledger_leg") == {"SELECT", "INSERT"}
        assert _refusal('DROP SCHEMA "c_yuquan" CASCADE') == INSUFFICIENT_PRIVILEGE
        # a spare may not be renamed around the owner's function
        spares.refresh(count=1)
        (spare,) = spares.SpareSchema.objects.values_list("name", flat=True)
        assert _refusal(f'ALTER SCHEMA "{spare}" RENAME TO c_other') == INSUFFICIENT_PRIVILEGE
