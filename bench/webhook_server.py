"""The product's ASGI application with DEBUG off (no query log), for bench/fund_webhooks.py:

    uvicorn bench.webhook_server:application --workers 2

as `commonweal serve` runs it, on the benchmark's throwaway database (DATABASE_URL)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonweal.platform.kernel.settings")

import django
from django.conf import settings

django.setup()
settings.DEBUG = False

from commonweal.platform.root.asgi import application  # noqa: E402, F401
