"""What an operator's probes and scrapers ask: is the process up, can it serve, how is it doing.

`/healthz` answers from the process alone, so a database outage does not get the process
killed; `/readyz` says whether this process can serve now (database reachable, migrations
applied, the job queue moving), so a load balancer stops sending it traffic until it can;
`/metrics` is Prometheus text, behind `COMMONWEAL_METRICS_TOKEN` (off without one).

They are answered by `OperationsMiddleware` before the community is looked up: a probe must
not depend on a host or on the table that resolves it.

Request counts and latencies are per process (each uvicorn worker keeps its own, labelled
with its pid); queue depth, search lag and webhook failures are read from the database at
scrape time, so any worker reports the same figures for them.
"""

import hmac
import os
import time

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

REGISTRY = CollectorRegistry()
REQUESTS = Counter(
    "commonweal_http_requests",
    "HTTP requests answered, by kind of endpoint and status class.",
    ["endpoint", "status"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "commonweal_http_request_seconds",
    "Time to answer an HTTP request, by kind of endpoint.",
    ["endpoint"],
    registry=REGISTRY,
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
WEBHOOK_FAILURES = Counter(
    "commonweal_webhook_failures",
    "Payment-provider webhook deliveries answered with an error, by provider.",
    ["provider"],
    registry=REGISTRY,
)

_migrations_checked_at = 0.0


def endpoint_of(path: str) -> str:
    """A bounded label for a path (never the path itself: ids would explode the series)."""
    if path.startswith("/graphql"):
        return "graphql"
    if "/webhooks/" in path:
        return "webhook"
    if path.startswith("/admin"):
        return "admin"
    if path.startswith("/static"):
        return "static"
    return "page"


def record(path: str, status: int, seconds: float) -> None:
    endpoint = endpoint_of(path)
    REQUESTS.labels(endpoint, f"{status // 100}xx").inc()
    LATENCY.labels(endpoint).observe(seconds)
    if endpoint == "webhook" and status >= 400:
        provider = path.rstrip("/").rsplit("/", 1)[-1]
        WEBHOOK_FAILURES.labels(provider if provider.isalnum() else "other").inc()


def healthz(_request):
    return JsonResponse({"status": "ok", "pid": os.getpid()})


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def _migrations_applied() -> bool:
    """Every migration of the public schema applied. Building the graph costs ~100 ms, so a
    success is remembered for a minute; a failure is checked again on the next probe."""
    global _migrations_checked_at
    if time.monotonic() - _migrations_checked_at < 60:
        return True
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return False
    _migrations_checked_at = time.monotonic()
    return True


def oldest_waiting_job_seconds() -> float:
    """How long the oldest job due has waited; 0 when none waits."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXTRACT(EPOCH FROM now() - min(coalesce(j.scheduled_at, e.at)))"
            " FROM public.procrastinate_jobs j"
            " LEFT JOIN public.procrastinate_events e"
            "   ON e.job_id = j.id AND e.type = 'deferred'"
            " WHERE j.status = 'todo' AND coalesce(j.scheduled_at, e.at) <= now()"
        )
        (seconds,) = cursor.fetchone()
    return float(seconds or 0)


def readyz(_request):
    checks = {"database": _database()}
    checks["migrations"] = checks["database"] and _migrations_applied()
    if checks["database"]:
        waited = oldest_waiting_job_seconds()
        checks["jobs"] = waited <= settings.READYZ_JOB_WAIT_LIMIT
    else:
        checks["jobs"] = False
    ready = all(checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


class _DatabaseFigures:
    """Gauges read at scrape time from the tables that hold the truth."""

    def collect(self):
        depth = GaugeMetricFamily(
            "commonweal_job_queue_depth", "Jobs waiting or running, by status.", labels=["status"]
        )
        waited = GaugeMetricFamily(
            "commonweal_job_oldest_wait_seconds", "Seconds the oldest job due has waited."
        )
        lag = GaugeMetricFamily(
            "commonweal_search_lag_documents",
            "Search documents written but not yet shipped to OpenSearch.",
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT status, count(*) FROM public.procrastinate_jobs"
                " WHERE status IN ('todo', 'doing') GROUP BY status"
            )
            counts = dict(cursor.fetchall())
        for status in ("todo", "doing"):
            depth.add_metric([status], counts.get(status, 0))
        waited.add_metric([], oldest_waiting_job_seconds())
        from commonweal.search.sync import lag as search_lag

        lag.add_metric([], search_lag().pending)
        yield depth
        yield waited
        yield lag


REGISTRY.register(_DatabaseFigures())


def metrics(request):
    expected = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        return HttpResponse(status=404)
    return HttpResponse(
        generate_latest(REGISTRY), content_type="text/plain; version=0.0.4; charset=utf-8"
    )


PROBES = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics}
