"""Settings, one module per integration; everything comes from the environment."""

from commonweal.platform.kernel.settings.base import *  # noqa: F403
from commonweal.platform.kernel.settings.database import *  # noqa: F403
from commonweal.platform.kernel.settings.graphql import *  # noqa: F403
from commonweal.platform.kernel.settings.jobs import *  # noqa: F403
from commonweal.platform.kernel.settings.maps import *  # noqa: F403
from commonweal.platform.kernel.settings.media import *  # noqa: F403
from commonweal.platform.kernel.settings.opensearch import *  # noqa: F403
from commonweal.platform.kernel.settings.operations import *  # noqa: F403
from commonweal.platform.kernel.settings.security import *  # noqa: F403
from commonweal.platform.kernel.settings.stripe import *  # noqa: F403
from commonweal.platform.kernel.settings.tenancy import *  # noqa: F403
