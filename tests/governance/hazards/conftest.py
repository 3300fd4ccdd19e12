from tests.governance.hazards.fixtures import *  # noqa: F403
