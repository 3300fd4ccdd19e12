"""Onboarding helpers: a valid application, the GraphQL documents, and a census of what exists."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection

from commonweal.platform.accounts.models import Membership, User
from commonweal.tenants.models import Community, CommunityApplication, Domain

APPLY = """
mutation Apply($input: CommunityApplicationInput!) {
  applyForCommunity(input: $input) {
    application { id slug name status applicantEmail rejectionReason community { slug } }
    errors { code field }
  }
}
"""

APPROVE = """
mutation Approve($id: ID!) {
  approveCommunityApplication(id: $id) {
    application { status reviewedAt community { slug host } }
    errors { code field }
  }
}
"""

REJECT = """
mutation Reject($id: ID!, $reason: String!) {
  rejectCommunityApplication(id: $id, reason: $reason) {
    application { status rejectionReason community { slug } }
    errors { code field }
  }
}
"""

SUSPEND = """
mutation Suspend($slug: String!, $reason: String!) {
  suspendCommunity(slug: $slug, reason: $reason) { community { slug } errors { code field } }
}
"""

REACTIVATE = """
mutation Reactivate($slug: String!) {
  reactivateCommunity(slug: $slug) { community { slug } errors { code field } }
}
"""

APPLICANT_PASSWORD = "长城 great wall 1984 cw"


def application_input(**overrides) -> dict:
    """A valid applyForCommunity input (GraphQL names); override any field."""
    data = {
        "slug": "yulin",
        "name": "玉林社区",
        "city": "成都市",
        "district": "武侯区",
        "subdistrict": "玉林街道",
        "areaKm2": "1.20",
        "population": 21000,
        "households": 9000,
        "centreLat": 30.63,
        "centreLng": 104.06,
        "applicantName": "李书记",
        "applicantEmail": "li@yulin.example.cn",
        "applicantPhone": "",
        "statement": "我们想加入平台。",
        "password": APPLICANT_PASSWORD,
    }
    data.update(overrides)
    return data


def community_schemas() -> set[str]:
    """Community schema names present in the database (c_<slug>)."""
    with connection.cursor() as cursor:
        cursor.execute(r"SELECT nspname FROM pg_namespace WHERE nspname LIKE 'c\_%'")
        return {row[0] for row in cursor.fetchall()}


@dataclass(frozen=True)
class Census:
    """Everything onboarding can create; equal censuses mean nothing was left behind."""

    applications: tuple
    users: int
    communities: int
    domains: int
    memberships: int
    schemas: frozenset


def census() -> Census:
    return Census(
        applications=tuple(
            CommunityApplication.objects.order_by("pk").values_list(
                "pk", "slug", "status", "rejection_reason", "community_id"
            )
        ),
        users=User.objects.count(),
        communities=Community.objects.count(),
        domains=Domain.objects.count(),
        memberships=Membership.objects.count(),
        schemas=frozenset(community_schemas()),
    )


# --- committed data, for code that opens its own connections ------------------------------


def _template_rows() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT id FROM "{settings.TEMPLATE_SCHEMA_NAME}".django_migrations')
        return {row[0] for row in cursor.fetchall()}


def _last_job_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM procrastinate_jobs")
        return cursor.fetchone()[0]


def _template_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s",
            [settings.TEMPLATE_SCHEMA_NAME],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def committed(transactional_db, template_state):
    """Committed writes (threads and other connections see them); afterwards the community
    schemas, template changes and jobs the test made are undone, and pytest-django's flush
    removes the public rows."""
    from commonweal.tenants import models

    for name, rows in template_state.items():
        model = getattr(models, name)
        if not model.objects.exists():
            model.objects.bulk_create(model(**row) for row in rows)
    schemas_before = community_schemas()
    rows_before, tables_before = _template_rows(), _template_tables()
    last_job = _last_job_id()
    yield
    connection.set_schema_to_public()
    template = settings.TEMPLATE_SCHEMA_NAME
    with connection.cursor() as cursor:
        for schema in community_schemas() - schemas_before:
            cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
        for table in _template_tables() - tables_before:
            cursor.execute(f'DROP TABLE "{template}"."{table}" CASCADE')
        added = sorted(_template_rows() - rows_before)
        if added:
            cursor.execute(
                f'DELETE FROM "{template}".django_migrations WHERE id = ANY(%s)', [added]
            )
        # Procrastinate's tables are not Django-managed, so the flush leaves jobs behind.
        cursor.execute("DELETE FROM procrastinate_jobs WHERE id > %s", [last_job])
