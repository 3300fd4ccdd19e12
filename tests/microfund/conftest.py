import pytest

from tests.microfund.fixtures import *  # noqa: F403
from tests.microfund.providers.fixtures import *  # noqa: F403
from tests.tenants.fixtures import committed  # noqa: F401


@pytest.fixture(autouse=True)
def _back_to_public_schema(db):
    """Requests to a community host and the fund fixtures leave the connection on a
    community's schema; the next test creates communities, which needs the public one."""
    from django.db import connection

    yield
    connection.set_schema_to_public()
