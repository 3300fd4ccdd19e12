from tests.partners.fixtures import *  # noqa: F403
