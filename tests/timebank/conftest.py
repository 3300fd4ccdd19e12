from tests.timebank.fixtures import *  # noqa: F403
