from tests.microfund.fixtures import *  # noqa: F403
