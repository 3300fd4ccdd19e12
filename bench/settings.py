"""Benchmark settings: the product's, plus the bench-only tenant app `bench.scratchapp`.

Import only after bench/_common.py has exported DATABASE_URL for a throwaway server.
"""

from commonweal.platform.kernel.settings import *  # noqa: F403
from commonweal.platform.kernel.settings import INSTALLED_APPS, TENANT_APPS

TENANT_APPS = [*TENANT_APPS, "bench.scratchapp"]
INSTALLED_APPS = [*INSTALLED_APPS, "bench.scratchapp"]

# django-tenants' multiprocessing executor, as in the issue: two processes on two cores.
TENANT_MULTIPROCESSING_MAX_PROCESSES = 2
