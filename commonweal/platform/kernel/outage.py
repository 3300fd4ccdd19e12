"""A database outage answered as one: 503 with Retry-After, a page or a coded GraphQL error.

When PostgreSQL restarts or fails over, every request fails on its first query (often the
community lookup, before any view runs). Connections are not kept between requests (or, with
the pool, are checked when borrowed), so the first request after the server is back succeeds
again without restarting the application.
"""

import json
import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.translation import gettext as _

logger = logging.getLogger("commonweal.outage")

RETRY_AFTER_SECONDS = 5


def database_unreachable(error: BaseException | None) -> bool:
    """True for a lost or refused connection (Django wraps psycopg's errors in these)."""
    return isinstance(error, OperationalError | InterfaceError)


def _graphql(request) -> bool:
    return request.path.startswith("/graphql")


def unavailable(request, error_page) -> HttpResponse:
    logger.warning("database unreachable: answered 503 to %s %s", request.method, request.path)
    if _graphql(request):
        body = {
            "errors": [
                {
                    "message": _("The service is temporarily unavailable; try again shortly."),
                    "extensions": {"code": "SERVICE_UNAVAILABLE"},
                }
            ]
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False), status=503, content_type="application/json"
        )
    else:
        response = error_page(request, 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
