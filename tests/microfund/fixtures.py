"""A fund with a fiscal host on localstripe, signed Stripe events, and people."""

import hashlib
import hmac
import itertools
import json
import socket
import subprocess
import sys
import time
import uuid

import pytest
import requests
from django.db import connection

from commonweal.microfund import webhooks
from commonweal.microfund.hosts.models import (
    DonorRecord,
    FiscalHost,
    HostedCommunity,
    ProviderAccount,
)
from commonweal.microfund.providers.stripe import StripeProvider

WEBHOOK_SECRET = "whsec_commonweal_tests"


def fund_state(community) -> dict:
    """Every row of the fund's and the ledger's tables in `community`, the public donor records
    and the jobs: equal states mean a refused request changed nothing. Leaves the connection on
    public."""
    from django.apps import apps

    connection.set_tenant(community)
    try:
        state = {
            model.__name__: list(model.objects.order_by("pk").values())
            for app in ("ledger", "microfund")
            for model in apps.get_app_config(app).get_models()
        }
    finally:
        connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, task_name, args::text FROM public.procrastinate_jobs ORDER BY id"
        )
        state["jobs"] = cursor.fetchall()
    state["donor_records"] = list(DonorRecord.objects.order_by("pk").values())
    return state


_organisations = itertools.count(1)


def make_partnership(community, name: str = "乡村基", status: str = "active", email: str = ""):
    """An enterprise partner of `community` (connection left on its schema)."""
    from django.utils import timezone

    from commonweal.partners.models import Partnership
    from commonweal.partners.registry.credit_code import make_code
    from commonweal.partners.registry.models import PartnerOrganisation

    connection.set_tenant(community)
    organisation = PartnerOrganisation.objects.create(
        kind="enterprise",
        legal_name=name,
        credit_code=make_code(division="510104", body=f"{next(_organisations):08d}"),
        contact_email=email,
    )
    now = timezone.now()
    return Partnership.objects.create(
        organisation=organisation,
        status=status,
        applied_at=now,
        status_changed_at=now,
        activated_at=now if status == "active" else None,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe():
    """localstripe on 127.0.0.1, in a subprocess for the whole session."""
    port = _free_port()
    code = (
        "import aiohttp.web, localstripe.server as s;"
        f"aiohttp.web.run_app(s.app, host='127.0.0.1', port={port}, print=None)"
    )
    process = subprocess.Popen([sys.executable, "-c", code])
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(f"{base}/v1/customers", auth=("sk_test_x", ""), timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


def host_community(community, *, api_base="http://127.0.0.1:9", methods=("card", "alipay")):
    host, _ = FiscalHost.objects.get_or_create(
        organisation_id="51510104MJ0000000X", defaults={"name": "成都市锦江区慈善会"}
    )
    HostedCommunity.objects.get_or_create(host=host, community=community)
    account, _ = ProviderAccount.objects.get_or_create(
        host=host, provider="stripe", defaults={"payment_methods": list(methods)}
    )
    account.set_settings(
        {"secret_key": "sk_test_commonweal", "webhook_secret": WEBHOOK_SECRET, "api_base": api_base}
    )
    account.save()
    return host


@pytest.fixture
def fund(fengshu):
    """Fengshu, hosted (no reachable provider), with the connection on its schema."""
    host_community(fengshu)
    connection.set_tenant(fengshu)
    yield fengshu
    connection.set_schema_to_public()


@pytest.fixture
def stripe_fund(fengshu, localstripe):
    host_community(fengshu, api_base=localstripe)
    connection.set_tenant(fengshu)
    yield fengshu
    connection.set_schema_to_public()


def sign(payload: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """Stripe's scheme: t=<unix>,v1=HMAC-SHA256(secret, "<t>.<payload>")."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def event(type_: str, obj: dict, event_id: str | None = None) -> bytes:
    return json.dumps(
        {
            "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
            "object": "event",
            "api_version": "2025-01-27.acacia",
            "created": int(time.time()),
            "livemode": False,
            "type": type_,
            "data": {"object": obj},
        }
    ).encode()


def deliver(client, community, body: bytes, signature: str | None = None, *, drain=True):
    """POST a Stripe event, then (`drain`) post what the inbox holds, as the woken job would."""
    headers = {"HTTP_HOST": f"{community.slug}.localhost"}
    headers["HTTP_STRIPE_SIGNATURE"] = sign(body) if signature is None else signature
    response = client.post(
        "/fund/webhooks/stripe/", body, content_type="application/json", **headers
    )
    connection.set_tenant(community)
    if drain:
        webhooks.drain(community)
    return response


def stripe_get(base: str, path: str, params: dict | None = None) -> dict:
    response = requests.get(
        f"{base}/v1/{path}", params=params, auth=("sk_test_commonweal", ""), timeout=10
    )
    response.raise_for_status()
    return response.json()


def refunds_at_stripe(base: str, payment_id: str) -> list[tuple[int, str]]:
    """(amount, our reference) of every refund localstripe holds for a payment."""
    listed = stripe_get(base, "refunds", {"payment_intent": payment_id})["data"]
    return sorted((r["amount"], r["metadata"].get("refund_ref", "")) for r in listed)


def use_api_base(community, api_base: str) -> None:
    """Point the host's Stripe account elsewhere, e.g. at a port nothing listens on."""
    account = ProviderAccount.objects.get(host__communities__community=community)
    account.set_settings(account.provider_settings() | {"api_base": api_base})
    account.save()


UNREACHABLE = "http://127.0.0.1:9"  # the discard port: connections are refused at once


def deferred(task) -> list[dict]:
    """Arguments of the jobs of `task` waiting for a worker, oldest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT args FROM public.procrastinate_jobs WHERE task_name = %s AND status = 'todo'"
            " ORDER BY id",
            [task.name],
        )
        # Django's psycopg setup loads jsonb as text.
        return [json.loads(args) for (args,) in cursor.fetchall()]


def run_deferred(task, community) -> None:
    """Run the waiting jobs of `task` in this test's transaction (uncommitted data stays
    visible), as the worker would run them; the connection ends on `community`'s schema."""
    for args in deferred(task):
        task(**args)
    connection.set_tenant(community)


def stripe_post(base: str, path: str, data: dict) -> dict:
    response = requests.post(
        f"{base}/v1/{path}", data=data, auth=("sk_test_commonweal", ""), timeout=10
    )
    response.raise_for_status()
    return response.json()


def paid_intent(base: str, amount: int, ref: str) -> dict:
    """A succeeded PaymentIntent on localstripe carrying our donation reference."""
    method = stripe_post(
        base,
        "payment_methods",
        {
            "type": "card",
            "card[number]": "4242424242424242",
            "card[exp_month]": "12",
            "card[exp_year]": "2030",
            "card[cvc]": "123",
        },
    )
    return stripe_post(
        base,
        "payment_intents",
        {
            "amount": amount,
            "currency": "cny",
            "payment_method": method["id"],
            "confirm": "true",
            "metadata[donation_ref]": ref,
        },
    )


def _card(base: str, number: str) -> str:
    return stripe_post(
        base,
        "payment_methods",
        {
            "type": "card",
            "card[number]": number,
            "card[exp_month]": "12",
            "card[exp_year]": "2030",
            "card[cvc]": "123",
        },
    )["id"]


def declined_intent(base: str, amount: int) -> dict:
    """A PaymentIntent whose card was declined (status requires_payment_method)."""
    intent = stripe_post(
        base,
        "payment_intents",
        {"amount": amount, "currency": "cny", "payment_method": _card(base, "4000000000000341")},
    )
    response = requests.post(
        f"{base}/v1/payment_intents/{intent['id']}/confirm",
        auth=("sk_test_commonweal", ""),
        timeout=10,
    )
    assert response.status_code == 402, response.text
    return stripe_get(base, f"payment_intents/{intent['id']}")


def subscription_at_stripe(base: str, amount: int, ref: str) -> tuple[dict, dict]:
    """A monthly card subscription on localstripe, and its first (paid) invoice."""
    card = _card(base, "4242424242424242")
    customer = stripe_post(
        base,
        "customers",
        {
            "email": "donor@example.cn",
            "payment_method": card,
            "invoice_settings[default_payment_method]": card,
        },
    )
    plan = stripe_post(
        base,
        "plans",
        {"amount": amount, "currency": "cny", "interval": "month", "product[name]": "月捐"},
    )
    subscription = stripe_post(
        base,
        "subscriptions",
        {"customer": customer["id"], "items[0][plan]": plan["id"], "metadata[donation_ref]": ref},
    )
    return subscription, stripe_get(base, f"invoices/{subscription['latest_invoice']}")


def provider_answers(monkeypatch, answer) -> list[str]:
    """Stripe's payment lookups answer `answer(payment_id)` (facts, or raises), or
    `answer[payment_id]` for a dict; returns the payment ids it was asked for, in order."""
    look_up = answer.__getitem__ if isinstance(answer, dict) else answer
    asked = []

    def fetch_payment(self, payment_id):
        asked.append(payment_id)
        return look_up(payment_id)

    monkeypatch.setattr(StripeProvider, "fetch_payment", fetch_payment)
    return asked
