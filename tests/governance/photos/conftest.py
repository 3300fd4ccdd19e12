from tests.governance.hazards.fixtures import *  # noqa: F403
from tests.governance.photos.fixtures import *  # noqa: F403
