from tests.platform.fixtures import *  # noqa: F403
