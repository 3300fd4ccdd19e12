"""Every request gets an id, every log line says which request and which community it is
about, and every answer is counted for `/metrics`.

The id is the caller's `X-Request-ID` when it looks like one (a proxy's, so lines join up
across hops), otherwise a new one; it is sent back in the same header. Logs are one JSON
object per line (`LOG_FORMAT=json`, the default outside development).
"""

import contextvars
import ipaddress
import json
import logging
import re
import time
import uuid

from django.conf import settings

# Light on purpose: logging is configured from here before the apps are loaded.
REQUEST_ID = contextvars.ContextVar("request_id", default="")
CLIENT_IP = contextvars.ContextVar("client_ip", default=None)
_ACCEPTABLE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class OperationsMiddleware:
    """First in the chain: probes are answered here, before the community is looked up."""

    def __init__(self, get_response):
        from commonweal.platform.root import operations

        self.get_response = get_response
        self.operations = operations

    def __call__(self, request):
        operations = self.operations
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _ACCEPTABLE_ID.fullmatch(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        ip_token = CLIENT_IP.set(_client_ip(request))
        started = time.perf_counter()
        try:
            probe = operations.PROBES.get(request.path)
            response = probe(request) if probe else self.get_response(request)
            if probe is None:
                operations.record(request.path, response.status_code, time.perf_counter() - started)
            response["X-Request-ID"] = request_id
            return response
        finally:
            REQUEST_ID.reset(token)
            CLIENT_IP.reset(ip_token)


def _client_ip(request) -> str | None:
    header = settings.RATE_LIMIT_CLIENT_IP
    address = (request.META.get(header) if header else None) or request.META.get("REMOTE_ADDR")
    address = (address or "").split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _community() -> str:
    from django.db import connection

    tenant = getattr(connection, "tenant", None)
    return getattr(tenant, "slug", "") or ""


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, community, and the
    traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": REQUEST_ID.get(),
            "community": _community(),
        }
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
