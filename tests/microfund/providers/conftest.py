from tests.microfund.providers.fixtures import *  # noqa: F403
