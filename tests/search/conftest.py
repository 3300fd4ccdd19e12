from tests.search.fixtures import *  # noqa: F403
