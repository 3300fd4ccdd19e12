from tests.search.fixtures import *  # noqa: F403
from tests.tenants.fixtures import committed  # noqa: F401
