from tests.tenants.fixtures import *  # noqa: F403
