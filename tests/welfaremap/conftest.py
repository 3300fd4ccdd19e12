import pytest

from tests.welfaremap.fixtures import *  # noqa: F403


@pytest.fixture(autouse=True)
def _welfaremap_public_schema_after_each_test(db):
    """Tests here move the connection into a community's schema; the next one starts public."""
    from django.db import connection

    yield
    connection.set_schema_to_public()
