from tests.governance.deliberation.fixtures import *  # noqa: F403
from tests.governance.needs.fixtures import *  # noqa: F403
from tests.partners.fixtures import *  # noqa: F403
