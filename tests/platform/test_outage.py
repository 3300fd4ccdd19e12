"""PostgreSQL going away mid-run: requests fail cleanly (503, Retry-After, a code) and the
application recovers by itself once the server is back.

The outage is this worker's test database refusing connections and every session on it
terminated, which is what a restart or fail-over looks like from the application; the other
test workers' databases on the same server are untouched.
"""

import json
import urllib.error
import urllib.request

import psycopg
import pytest
from django.db import connection, connections
from psycopg import sql

from commonweal.platform.kernel.database import pool_options
from tests.fixtures import make_community

pytestmark = pytest.mark.django_db(transaction=True)


def _admin_connection():
    params = connection.get_connection_params()
    params = {k: v for k, v in params.items() if k in {"host", "port", "user", "password"}}
    return psycopg.connect(dbname="postgres", autocommit=True, **params)


def _outage(admin, database: str, *, down: bool) -> None:
    admin.execute(
        sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS {}").format(
            sql.Identifier(database), sql.Literal(not down)
        )
    )
    if down:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )


def _fetch(live_server, path, host, *, body=None):
    request = urllib.request.Request(
        f"{live_server.url}{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers={"Host": host, "Content-Type": "application/json", "Accept-Language": "zh-CN"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers), refused.read().decode()


@pytest.fixture
def community_host(live_server):
    community = make_community("outage", name="断电社区")
    port = live_server.url.rsplit(":", 1)[1]
    yield f"{community.slug}.localhost:{port}"
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def test_requests_during_an_outage_get_503_and_the_next_ones_succeed(live_server, community_host):
    database = connection.settings_dict["NAME"]
    query = {"query": "{ community { name } }"}
    assert _fetch(live_server, "/", community_host)[0] == 200

    with _admin_connection() as admin:
        _outage(admin, database, down=True)
        try:
            page = _fetch(live_server, "/", community_host)
            api = _fetch(live_server, "/graphql/", community_host, body=query)
        finally:
            _outage(admin, database, down=False)
    connections.close_all()  # this thread's own connection was terminated too

    # then the page and the API said "unavailable, retry", with a code, no trace of a bug
    assert (page[0], page[1]["Retry-After"]) == (503, "5")
    assert "服务暂时不可用" in page[2]
    assert (api[0], api[1]["Retry-After"]) == (503, "5")
    assert [e["extensions"]["code"] for e in json.loads(api[2])["errors"]] == [
        "SERVICE_UNAVAILABLE"
    ]
    # and once the server is back, the same process answers again without a restart
    assert _fetch(live_server, "/", community_host)[0] == 200
    answered = _fetch(live_server, "/graphql/", community_host, body=query)
    assert (answered[0], json.loads(answered[2])) == (
        200,
        {"data": {"community": {"name": "断电社区"}}},
    )


def test_a_pooled_connection_dropped_by_the_server_is_replaced_when_borrowed():
    from django.db.utils import ConnectionHandler

    settings = dict(connection.settings_dict)
    settings["OPTIONS"] = {**settings["OPTIONS"], "pool": pool_options("1")}
    settings["CONN_HEALTH_CHECKS"] = True
    pooled = ConnectionHandler({"default": dict(connection.settings_dict), "pooled": settings})[
        "pooled"
    ]
    try:
        with pooled.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            dropped = cursor.fetchone()[0]
        pooled.close()  # back to the pool
        with _admin_connection() as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [dropped])

        # when the next request borrows the pool's only connection
        with pooled.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid(), 1 + 1")
            replacement, answer = cursor.fetchone()
        pooled.close()
    finally:
        pooled.close_pool()

    # then it got a live connection, not the dropped one
    assert (replacement != dropped, answer) == (True, 2)
