from tests.privacy.fixtures import *  # noqa: F403
