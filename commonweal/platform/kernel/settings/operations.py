"""Probes, metrics and logs (see commonweal/platform/root/operations.py, observability.py)."""

import os

from commonweal.platform.kernel.settings.base import DEBUG

# /metrics answers only a scraper presenting this token (Authorization: Bearer …); unset, off.
METRICS_TOKEN = os.environ.get("COMMONWEAL_METRICS_TOKEN", "")
# /readyz reports the job queue stuck when a due job has waited longer than this.
READYZ_JOB_WAIT_LIMIT = int(os.environ.get("COMMONWEAL_READYZ_JOB_WAIT", "600"))

LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "commonweal.platform.kernel.observability.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Rate limits (commonweal/platform/kernel/ratelimit.py): scope → (budget, window in seconds). On in
# production; off in development, where benchmarks and one developer share 127.0.0.1.
RATE_LIMITS_ENABLED = os.environ.get("COMMONWEAL_RATE_LIMITS", "off" if DEBUG else "on") != "off"
RATE_LIMITS = {
    "sign-in": (10, 60),
    "sign-up": (5, 3600),
    "community-application": (5, 3600),
    "partner-application": (10, 3600),
    # GraphQL points: one per operation plus one per hundred rows it may touch.
    "graphql": (int(os.environ.get("COMMONWEAL_GRAPHQL_POINTS_PER_MINUTE", "600")), 60),
    # Refused webhook requests (bad signature, unknown provider) per address; signed ones are free.
    "webhook": (600, 60),
}
SIGN_IN_FREE_FAILURES = 5
# A cache every worker shares in production (CACHES); the per-process default counts alone.
RATE_LIMIT_CACHE = os.environ.get("COMMONWEAL_RATE_LIMIT_CACHE", "default")
# The header a trusted proxy puts the client's address in, e.g. HTTP_X_REAL_IP; unset, the
# peer's address counts (never trust a header no proxy of ours overwrites).
RATE_LIMIT_CLIENT_IP = os.environ.get("COMMONWEAL_CLIENT_IP_HEADER", "")
