"""Webhook receipt through the ASGI application `commonweal serve` runs (its middleware chain
synchronous, run in one hop per request): every check still runs — the signature, the
webhook rate limit, the community behind the host, the response headers of the chain."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.core.cache import cache
from django.db import connection

from commonweal.microfund.models import WebhookEvent
from commonweal.platform.root.asgi import application
from tests.microfund.fixtures import event, sign

pytestmark = pytest.mark.django_db(transaction=True)


def post(community, body: bytes, signature: str) -> tuple[int, dict]:
    """POST `body` to the community's Stripe webhook through the ASGI application."""

    async def run():
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/fund/webhooks/stripe/",
            "raw_path": b"/fund/webhooks/stripe/",
            "query_string": b"",
            "root_path": "",
            "client": ("198.51.100.7", 40000),
            "server": (f"{community.slug}.localhost", 80),
            "headers": [
                (b"host", f"{community.slug}.localhost".encode()),
                (b"content-type", b"application/json"),
                (b"stripe-signature", signature.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
        app = ApplicationCommunicator(application, scope)
        await app.send_input({"type": "http.request", "body": body, "more_body": False})
        start = await app.receive_output(10)
        while (await app.receive_output(10)).get("more_body"):
            pass
        await app.send_input({"type": "http.disconnect"})
        await asyncio.wait_for(app.future, 10)
        headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
        return start["status"], headers

    return async_to_sync(run)()


def test_the_middleware_chain_runs_synchronously_in_one_hop():
    assert not asyncio.iscoroutinefunction(application._middleware_chain)


def test_over_asgi_a_signed_event_is_stored_and_forged_ones_spend_the_rate_limit(
    committed, fund, settings
):
    # (`committed` drops the community's schema after: the flush between tests does not)
    # given a webhook budget of one refusal a minute per address
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "webhook": (1, 60)}
    cache.clear()
    connection.set_schema_to_public()
    signed = event("payment_intent.succeeded", {"object": "payment_intent", "id": "pi_asgi"})
    forged = event("payment_intent.succeeded", {"object": "payment_intent", "id": "pi_forged"})

    # when the provider delivers a signed event, then a forger knocks twice
    accepted, headers = post(fund, signed, sign(signed))
    refused, _ = post(fund, forged, "t=1,v1=0")
    limited, _ = post(fund, forged, sign(forged))
    cache.clear()

    # then the signed one is stored pending in that community's inbox, answered with the
    # chain's headers; the forged one is refused and spends the budget, after which the
    # address is answered 429 before any verifying
    assert (accepted, refused, limited) == (200, 400, 429)
    assert headers["x-frame-options"] == "DENY"
    assert "content-security-policy" in headers
    connection.set_tenant(fund)
    stored = WebhookEvent.objects.get()
    assert stored.status == "pending" and "pi_asgi" in stored.body
