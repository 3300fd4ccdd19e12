"""Settings, one module per integration; everything comes from the environment."""

from commonweal.platform.settings.base import *  # noqa: F403
from commonweal.platform.settings.database import *  # noqa: F403
from commonweal.platform.settings.graphql import *  # noqa: F403
from commonweal.platform.settings.jobs import *  # noqa: F403
from commonweal.platform.settings.maps import *  # noqa: F403
from commonweal.platform.settings.media import *  # noqa: F403
from commonweal.platform.settings.opensearch import *  # noqa: F403
from commonweal.platform.settings.operations import *  # noqa: F403
from commonweal.platform.settings.security import *  # noqa: F403
from commonweal.platform.settings.stripe import *  # noqa: F403
from commonweal.platform.settings.tenancy import *  # noqa: F403
