from tests.governance.needs.fixtures import *  # noqa: F403

# Photos (of needs, of progress updates) are written into a folder of each test's own.
from tests.governance.photos.fixtures import media_root  # noqa: F401
from tests.partners.fixtures import *  # noqa: F403
