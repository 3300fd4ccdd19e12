"""A pooled connection (COMMONWEAL_DB_POOL) keeps communities apart: requests of two
communities take turns on one physical connection, and each sees only its own schema."""

import pytest
from django.db import connection
from django.db.utils import ConnectionHandler

from commonweal.platform.kernel.database import pool_options
from tests.fixtures import make_community
from tests.welfaremap.fixtures import add_point

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_communities():
    made = [make_community("chia", name="池甲社区"), make_community("chib", name="池乙社区")]
    add_point(made[0], "甲方食堂", "canteen", 30.60, 104.10)
    add_point(made[1], "乙方诊所", "clinic", 30.61, 104.11)
    connection.set_schema_to_public()
    yield made
    with connection.cursor() as cursor:
        for community in made:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def _request(pooled, community, *, extra=None):
    """What a request does with the database: choose the community, read, end."""
    pooled.set_tenant(community)
    with pooled.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), current_setting('search_path')")
        pid, search_path = cursor.fetchone()
        cursor.execute("SELECT name FROM welfaremap_servicepoint ORDER BY name")
        names = [row[0] for row in cursor.fetchall()]
        cursor.execute("SHOW statement_timeout")
        timeout = cursor.fetchone()[0]
        if extra:
            cursor.execute(extra)
    pooled.close()  # the end of a request: the connection goes back to the pool
    return pid, search_path, names, timeout


def test_interleaved_requests_of_two_communities_on_one_pooled_connection(two_communities):
    a, b = two_communities
    settings = dict(connection.settings_dict)
    settings["OPTIONS"] = {**settings["OPTIONS"], "pool": pool_options("1")}
    handler = ConnectionHandler({"default": dict(connection.settings_dict), "pooled": settings})
    pooled = handler["pooled"]
    try:
        answers = [
            _request(pooled, a, extra="SET statement_timeout = '1s'"),
            _request(pooled, b),
            _request(pooled, a),
            _request(pooled, b),
        ]
    finally:
        pooled.close_pool()

    # one physical connection served all four
    assert len({pid for pid, *_ in answers}) == 1
    # each request saw its own community's schema and rows only
    assert [(path.split(",")[0].strip('"'), names) for _pid, path, names, _t in answers] == [
        (a.schema_name, ["甲方食堂"]),
        (b.schema_name, ["乙方诊所"]),
        (a.schema_name, ["甲方食堂"]),
        (b.schema_name, ["乙方诊所"]),
    ]
    # and what one request SET did not outlive it
    assert [timeout for *_rest, timeout in answers] == ["0", "0", "0", "0"]


def test_the_pool_size_must_be_a_positive_number():
    assert pool_options(None) is None and pool_options("") is None
    assert pool_options("4")["max_size"] == 4
    with pytest.raises(ValueError):
        pool_options("0")
