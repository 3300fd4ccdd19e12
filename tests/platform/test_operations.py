"""Probes, metrics and logs: what an operator's load balancer, scraper and log search see."""

import json
import logging
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.utils import timezone

from commonweal.platform.kernel.observability import REQUEST_ID, JsonFormatter
from commonweal.platform.tasks import send_invitation
from tests.fixtures import gql, host_of


def _get(path, host="localhost", **headers):
    response = Client().get(path, HTTP_HOST=host, **headers)
    connection.set_schema_to_public()
    return response


def test_healthz_answers_from_the_process_on_any_host(db):
    # when the probe asks on a host no community has
    response = _get("/healthz", host="nowhere.localhost")

    # then the process answers it is up
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_readyz_is_ready_when_database_migrations_and_queue_are_fine(db):
    response = _get("/readyz")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "ready", "checks": {"database": True, "migrations": True, "jobs": True}},
    )


def test_readyz_is_unavailable_when_a_due_job_has_waited_too_long(db, settings):
    # given a job due an hour ago that no worker has taken (limit: 10 minutes)
    settings.READYZ_JOB_WAIT_LIMIT = 600
    send_invitation.configure(schedule_at=timezone.now() - timedelta(hours=1)).defer(
        invitation_id=0
    )

    # when the readiness probe asks
    response = _get("/readyz")

    # then the process reports the queue stuck
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "migrations": True, "jobs": False}


def test_metrics_are_hidden_without_the_token(db, settings):
    settings.METRICS_TOKEN = "scrape-secret"

    assert _get("/metrics").status_code == 404
    assert _get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404


def test_metrics_off_when_no_token_is_configured(db, settings):
    settings.METRICS_TOKEN = ""

    assert _get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def _sample(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_queue_depth_and_search_lag(fengshu, settings):
    # given a scraper's token, one job waiting and a baseline scrape
    settings.METRICS_TOKEN = "scrape-secret"
    auth = {"HTTP_AUTHORIZATION": "Bearer scrape-secret"}
    send_invitation.defer(invitation_id=0)
    graphql_ok = 'commonweal_http_requests_total{endpoint="graphql",status="2xx"}'
    before = _sample(_get("/metrics", **auth).content.decode(), graphql_ok)

    # when two GraphQL requests are answered
    gql(fengshu).execute("query { community { name } }")
    gql(fengshu).execute("query { community { name } }")
    text = _get("/metrics", **auth).content.decode()

    # then the counter moved by two, and the queue and search figures are there
    assert _sample(text, graphql_ok) - before == 2
    assert _sample(text, 'commonweal_job_queue_depth{status="todo"}') == 1
    assert "commonweal_search_lag_documents " in text
    assert 'commonweal_http_request_seconds_bucket{endpoint="graphql",le="10.0"}' in text


def test_request_id_is_kept_from_the_proxy_or_made(db):
    kept = _get("/healthz", HTTP_X_REQUEST_ID="proxy-req-12345678")
    made = _get("/healthz", HTTP_X_REQUEST_ID="bad id!")

    assert kept["X-Request-ID"] == "proxy-req-12345678"
    assert len(made["X-Request-ID"]) == 32


def test_json_log_lines_carry_request_id_and_community(fengshu):
    # given a request in progress for fengshu
    token = REQUEST_ID.set("req-abcdef12")
    connection.set_tenant(fengshu)
    try:
        record = logging.LogRecord(
            "commonweal.x", logging.WARNING, __file__, 1, "付款失败", (), None
        )
        line = JsonFormatter().format(record)
    finally:
        REQUEST_ID.reset(token)
        connection.set_schema_to_public()

    # then the line is one JSON object naming both
    entry = json.loads(line)
    assert (entry["level"], entry["message"], entry["request_id"], entry["community"]) == (
        "WARNING",
        "付款失败",
        "req-abcdef12",
        "fengshu",
    )


def test_probe_answers_do_not_count_as_traffic(db, settings):
    settings.METRICS_TOKEN = "t0ken"
    before = _get("/metrics", HTTP_AUTHORIZATION="Bearer t0ken").content.decode()
    _get("/healthz")
    after = _get("/metrics", HTTP_AUTHORIZATION="Bearer t0ken").content.decode()

    name = 'commonweal_http_requests_total{endpoint="page",status="2xx"}'
    assert _sample(after, name) == _sample(before, name)
    assert host_of(None) == "localhost"


def test_metrics_count_webhook_failures_per_provider(fengshu, settings):
    # given a scraper's token and a baseline
    settings.METRICS_TOKEN = "scrape-secret"
    auth = {"HTTP_AUTHORIZATION": "Bearer scrape-secret"}
    name = 'commonweal_webhook_failures_total{provider="stripe"}'
    before = _sample(_get("/metrics", **auth).content.decode(), name)

    # when a webhook delivery is refused (no Stripe account is set up for fengshu)
    response = Client().post(
        "/fund/webhooks/stripe/", b"{}", content_type="application/json", HTTP_HOST=host_of(fengshu)
    )
    connection.set_schema_to_public()

    # then the failure is counted for the provider
    assert response.status_code == 400
    after = _sample(_get("/metrics", **auth).content.decode(), name)
    assert after - before == 1
