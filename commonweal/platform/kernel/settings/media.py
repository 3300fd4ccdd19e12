"""Uploaded files (photos of needs and hazard reports): kept through Django's storage API.

In development they live beside the embedded database, in the per-user data directory
(COMMONWEAL_DATA_DIR), so `commonweal serve` needs nothing else; production points
COMMONWEAL_MEDIA_ROOT at a volume (or sets STORAGES["default"] to an object store). A test
session writes into a throwaway directory, never the developer's photos. Files are never
served from MEDIA_ROOT directly: a community's view checks who may see each one.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import platformdirs


def _media_root() -> Path:
    explicit = os.environ.get("COMMONWEAL_MEDIA_ROOT")
    if explicit:
        return Path(explicit)
    if "PYTEST_VERSION" in os.environ:
        throwaway = Path(tempfile.mkdtemp(prefix="commonweal-test-media-"))
        atexit.register(shutil.rmtree, throwaway, ignore_errors=True)
        return throwaway
    base = os.environ.get("COMMONWEAL_DATA_DIR") or platformdirs.user_data_path("commonweal")
    return Path(base) / "media"


MEDIA_ROOT = str(_media_root())
