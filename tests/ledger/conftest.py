import pytest
from django.db import connection

from tests.tenants.fixtures import committed  # noqa: F401


@pytest.fixture
def books(fengshu):
    """Fengshu's ledger, with the connection on its schema."""
    connection.set_tenant(fengshu)
    yield fengshu
    connection.set_schema_to_public()
