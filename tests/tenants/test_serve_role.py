"""`commonweal serve` on the embedded server switches to commonweal_app after migrating, and
onboarding still works: an application approved at once (COMMONWEAL_AUTO_APPROVE) creates its
community's schema in the request, as the app role, and the community answers on its host.

The same switch serve makes (`_serve_as_app_role`), applied to the test database; committed
(a transactional test), since the role's own connection sees only committed rows."""

import os

import pytest
from django.db import connection, connections
from django.test import Client
from psycopg.conninfo import make_conninfo

from commonweal.platform.root import cli
from commonweal.tenants.models import CommunityApplication
from tests.fixtures import host_of
from tests.tenants.fixtures import APPLY, application_input

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def served_as_app_role(settings):
    settings.COMMUNITY_AUTO_APPROVE = True
    owner = dict(connection.settings_dict)
    url = os.environ["DATABASE_URL"]
    os.environ["DATABASE_URL"] = make_conninfo(url, dbname=owner["NAME"])
    try:
        cli._serve_as_app_role()
        yield
    finally:
        connections.close_all()
        for entry in (settings.DATABASES["default"], connection.settings_dict):
            entry.update(USER=owner["USER"], PASSWORD=owner["PASSWORD"])
        os.environ["DATABASE_URL"] = url
        with connection.cursor() as cursor:
            cursor.execute('DROP SCHEMA IF EXISTS "c_yulin" CASCADE')


def _current_user() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return cursor.fetchone()[0]


def test_serve_answers_as_the_app_role_and_onboards_a_community(served_as_app_role):
    # given the web process switched to the app role, as serve does after migrating
    assert _current_user() == "commonweal_app"

    # when a visitor applies for a community, approved at once
    response = Client().post(
        "/graphql/",
        {"query": APPLY, "variables": {"input": application_input()}},
        content_type="application/json",
        HTTP_HOST=host_of(None),
    )

    # then the community exists, made in that request by the app role
    payload = response.json()["data"]["applyForCommunity"]
    assert (payload["errors"], payload["application"]["status"]) == ([], "APPROVED")
    community = CommunityApplication.objects.get().community
    assert community.schema_name == "c_yulin"
    home = Client().get("/", HTTP_HOST=host_of(community))
    assert home.status_code == 200
    assert "玉林社区" in home.content.decode()
    # ... owned by the server's superuser (the owner on the embedded server), not the app
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.rolname <> 'commonweal_app' AND r.rolsuper FROM pg_namespace n"
            " JOIN pg_roles r ON r.oid = n.nspowner WHERE n.nspname = 'c_yulin'"
        )
        assert cursor.fetchone() == (True,)
    assert _current_user() == "commonweal_app"
