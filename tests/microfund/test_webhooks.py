"""Stripe webhooks against localstripe: verified, once, in any order, fees from the provider."""

import json

import pytest
import stripe
from django.core.cache import cache
from django.db import connection
from django.test import Client

from commonweal.ledger.models import Entry, Leg
from commonweal.microfund import webhooks
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.hosts.models import ProviderAccount
from commonweal.microfund.models import Donation, DonationStatus, WebhookEvent
from commonweal.microfund.providers import forget_webhook_providers, provider_for
from commonweal.microfund.providers.base import PaymentFacts, RefundFacts
from commonweal.microfund.services import fund_accounts, payments, refunds
from commonweal.microfund.tasks import submit_refund
from commonweal.platform.kernel.errors import DomainError
from commonweal.tenants.middleware import forget_webhook_hosts
from tests.fixtures import StatementsRun
from tests.microfund.fixtures import (
    deliver,
    event,
    paid_intent,
    provider_answers,
    run_deferred,
    sign,
    stripe_post,
)


def _pending(community, amount=5000, **fields):
    donation = Donation.objects.create(
        amount=amount,
        method="card",
        provider="stripe",
        checkout_id=f"cs_test_{amount}_{Donation.objects.count()}",
        **fields,
    )
    return donation, f"{community.schema_name}:{donation.token}"


def _session(donation, ref, intent_id):
    return {
        "id": donation.checkout_id,
        "object": "checkout.session",
        "mode": "payment",
        "payment_intent": intent_id,
        "client_reference_id": ref,
        "metadata": {"donation_ref": ref},
        "amount_total": donation.amount,
        "currency": "cny",
        "payment_status": "paid",
    }


def _state():
    return (
        Entry.objects.count(),
        sorted(Leg.objects.values_list("account__code", "amount")),
        sorted(Donation.objects.values_list("status", "amount", "refunded", "receipt_number")),
    )


def test_the_same_webhook_100_times_makes_one_donation(stripe_fund, localstripe):
    # given a pending donation paid on localstripe
    donation, ref = _pending(stripe_fund)
    intent = paid_intent(localstripe, 5000, ref)
    body = event("checkout.session.completed", _session(donation, ref, intent["id"]))
    client = Client()
    # when Stripe delivers the completed session 100 times
    answers = {deliver(client, stripe_fund, body).status_code for _ in range(100)}
    # then one donation entry was posted and the donation is paid with a receipt
    assert answers == {200}
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID
    assert donation.receipt_number.startswith("CW")
    assert Entry.objects.filter(kind="donation").count() == 1
    assert WebhookEvent.objects.count() == 1
    assert fund_accounts.fund_account().balance == 5000


def test_events_out_of_order_end_in_the_same_state(stripe_fund, localstripe):
    # given a donation paid then partly refunded on localstripe
    donation, ref = _pending(stripe_fund, amount=8000)
    intent = paid_intent(localstripe, 8000, ref)
    import requests

    requests.post(
        f"{localstripe}/v1/refunds",
        data={"payment_intent": intent["id"], "amount": 3000},
        auth=("sk_test_commonweal", ""),
        timeout=10,
    ).raise_for_status()
    completed = event("checkout.session.completed", _session(donation, ref, intent["id"]))
    refunded = event(
        "charge.refunded",
        {"id": "ch_x", "object": "charge", "payment_intent": intent["id"], "amount_refunded": 3000},
    )
    client = Client()
    # when the refund arrives before the completed session
    assert deliver(client, stripe_fund, refunded).status_code == 200
    assert deliver(client, stripe_fund, completed).status_code == 200
    after_reversed_order = _state()
    # then the result is the in-order one: paid 80, refunded 30, 50 left in the fund
    donation.refresh_from_db()
    assert (donation.status, donation.refunded) == (DonationStatus.PARTLY_REFUNDED, 3000)
    assert fund_accounts.fund_account().balance == 5000
    refund_entry = Entry.objects.get(kind="refund")
    assert refund_entry.reverses_id == donation.entry_id
    # and replays in the natural order change nothing
    assert deliver(client, stripe_fund, completed).status_code == 200
    assert deliver(client, stripe_fund, refunded).status_code == 200
    assert _state() == after_reversed_order


def test_a_forged_signature_is_refused_and_posts_nothing(stripe_fund, localstripe):
    donation, ref = _pending(stripe_fund)
    intent = paid_intent(localstripe, 5000, ref)
    body = event("checkout.session.completed", _session(donation, ref, intent["id"]))
    client = Client()
    before = _state()
    # when: signed with another secret, unsigned, and a body altered after signing
    forged = deliver(client, stripe_fund, body, signature=sign(body, "whsec_attacker"))
    missing = deliver(client, stripe_fund, body, signature="")
    altered = deliver(client, stripe_fund, body.replace(b"5000", b"9000"), signature=sign(body))
    stale = deliver(client, stripe_fund, body, signature=sign(body, timestamp=1_000_000_000))
    # then all are 400 and nothing was recorded
    assert [r.status_code for r in (forged, missing, altered, stale)] == [400, 400, 400, 400]
    assert _state() == before
    assert WebhookEvent.objects.count() == 0


def test_an_unknown_event_is_refused_and_a_foreign_payment_set_aside(stripe_fund, localstripe):
    client = Client()
    # when an event type we do not handle arrives, then a payment of another community
    unknown = deliver(client, stripe_fund, event("customer.created", {"id": "cus_1"}))
    other_ref = paid_intent(localstripe, 1000, "other_schema:token")
    foreign = deliver(client, stripe_fund, event("payment_intent.succeeded", other_ref))
    # then the first is refused at receipt (its type says enough); the second is stored (only
    # the provider's answer tells whose it is) and, once asked, set aside as unknown
    assert (unknown.status_code, foreign.status_code) == (400, 200)
    assert list(WebhookEvent.objects.values_list("type", "status", "attempts")) == [
        ("payment_intent.succeeded", "unknown", 1)
    ]
    assert Entry.objects.count() == 0


def test_payment_intent_event_alone_posts_the_donation(stripe_fund, localstripe):
    donation, ref = _pending(stripe_fund, amount=1234)
    intent = paid_intent(localstripe, 1234, ref)
    response = deliver(Client(), stripe_fund, event("payment_intent.succeeded", intent))
    assert response.status_code == 200
    donation.refresh_from_db()
    assert (donation.status, donation.payment_id) == (DonationStatus.PAID, intent["id"])


def test_refund_above_what_was_paid_is_refused(stripe_fund, localstripe):
    # given a paid donation of 50 yuan, 20 already refunded through the provider
    donation, ref = _pending(stripe_fund)
    intent = paid_intent(localstripe, 5000, ref)
    deliver(Client(), stripe_fund, event("payment_intent.succeeded", intent))
    donation.refresh_from_db()
    refunds.donation_refund(actor=None, community=stripe_fund, donation=donation, amount=2000)
    run_deferred(submit_refund, stripe_fund)
    before = _state()
    # when staff try to refund 30.01 more
    with pytest.raises(DomainError) as refusal:
        refunds.donation_refund(actor=None, community=stripe_fund, donation=donation, amount=3001)
    # then it is refused and nothing changed
    assert refusal.value.code == FundErrorCode.REFUND_EXCEEDS_PAID
    assert _state() == before
    # and the remaining 30 can be refunded, once, even when the webhook replays it
    refunds.donation_refund(actor=None, community=stripe_fund, donation=donation, amount=3000)
    run_deferred(submit_refund, stripe_fund)
    refunded = event("charge.refunded", {"id": "ch", "payment_intent": intent["id"]})
    assert deliver(Client(), stripe_fund, refunded).status_code == 200
    donation.refresh_from_db()
    assert (donation.status, donation.refunded) == (DonationStatus.REFUNDED, 5000)
    assert fund_accounts.fund_account().balance == 0


def test_processor_fees_come_from_the_providers_figures(fund):
    # given the provider reports a fee of 3.40 yuan on a 100 yuan payment
    donation, ref = _pending(fund, amount=10000)
    facts = PaymentFacts(
        payment_id="pi_fee",
        donation_ref=ref,
        amount=10000,
        currency="CNY",
        succeeded=True,
        fee=340,
        fee_id="txn_1",
    )
    # when it is reconciled twice
    payments.payment_reconcile(community=fund, facts=facts)
    payments.payment_reconcile(community=fund, facts=facts)
    # then the fee is posted once, out of the fund into processor fees
    donation.refresh_from_db()
    assert donation.fee == 340
    assert fund_accounts.fund_account().balance == 9660
    assert fund_accounts.fees_account().balance == 340


def test_a_payment_in_another_currency_is_refused(fund):
    _donation, ref = _pending(fund, amount=100)
    facts = PaymentFacts(
        payment_id="pi_usd", donation_ref=ref, amount=100, currency="USD", succeeded=True
    )
    with pytest.raises(DomainError) as refusal:
        payments.payment_reconcile(community=fund, facts=facts)
    assert refusal.value.code == FundErrorCode.CURRENCY_MISMATCH
    assert Entry.objects.count() == 0


def test_webhook_body_is_verified_raw(stripe_fund, localstripe):
    # whitespace differences matter: re-serialised JSON no longer matches the signature
    _donation, ref = _pending(stripe_fund)
    intent = paid_intent(localstripe, 5000, ref)
    body = event("payment_intent.succeeded", intent)
    reserialised = json.dumps(json.loads(body), indent=1).encode()
    response = deliver(Client(), stripe_fund, reserialised, signature=sign(body))
    assert response.status_code == 400


def test_monthly_donation_renewals_post_one_donation_per_invoice(stripe_fund, localstripe):
    # given a monthly donation whose first payment came through its checkout session
    donation, ref = _pending(stripe_fund, amount=3000, monthly=True)
    first = paid_intent(localstripe, 3000, ref)
    session = _session(donation, ref, first["id"]) | {
        "mode": "subscription",
        "subscription": "sub_demo",
    }
    client = Client()
    assert (
        deliver(client, stripe_fund, event("checkout.session.completed", session)).status_code
        == 200
    )
    # when next month's invoice is paid (its PaymentIntent carries no donation reference)
    renewal = paid_intent(localstripe, 3000, "")
    invoice = {
        "id": "in_2",
        "object": "invoice",
        "subscription": "sub_demo",
        "payment_intent": renewal["id"],
        "billing_reason": "subscription_cycle",
    }
    body = event("invoice.paid", invoice)
    assert deliver(client, stripe_fund, body).status_code == 200
    assert deliver(client, stripe_fund, body).status_code == 200  # replay
    # then two paid monthly donations, one entry each, 60 yuan in the fund
    paid = Donation.objects.filter(monthly=True, status=DonationStatus.PAID)
    assert sorted(paid.values_list("payment_id", flat=True)) == sorted([first["id"], renewal["id"]])
    assert fund_accounts.fund_account().balance == 6000


def _paid_with_fee(ref: str, refunds=(), payment_id="pi_fee") -> PaymentFacts:
    return PaymentFacts(
        payment_id=payment_id,
        donation_ref=ref,
        amount=5000,
        currency="CNY",
        succeeded=True,
        fee=170,
        fee_id=f"txn_{payment_id.removeprefix('pi_')}",
        refunds=refunds,
    )


def test_a_success_already_in_the_books_is_not_asked_of_the_provider_again(fund, monkeypatch):
    # given a pending donation the provider reports paid, with its fee
    donation, ref = _pending(fund)
    facts = {"pi_fee": _paid_with_fee(ref)}
    asked = provider_answers(monkeypatch, facts)
    client = Client()
    # when Stripe reports the success three times: the session, the intent, the intent again
    session = event("checkout.session.completed", _session(donation, ref, "pi_fee"))
    intent = {"id": "pi_fee", "object": "payment_intent"}
    answers = [
        deliver(client, fund, body).status_code
        for body in (
            session,
            event("payment_intent.succeeded", intent),
            event("payment_intent.succeeded", intent),
        )
    ]
    # then the provider was asked once and the donation and its fee were posted once
    assert answers == [200, 200, 200]
    assert asked == ["pi_fee"]
    assert sorted(Entry.objects.values_list("kind", flat=True)) == ["donation", "processor_fee"]
    # and a refund's event still asks, and books the refund
    facts["pi_fee"] = _paid_with_fee(ref, refunds=(RefundFacts("re_1", 2000, "succeeded"),))
    refunded = event("charge.refunded", {"id": "ch_1", "payment_intent": "pi_fee"})
    assert deliver(client, fund, refunded).status_code == 200
    assert asked == ["pi_fee", "pi_fee"]
    donation.refresh_from_db()
    assert (donation.status, donation.refunded, donation.fee) == ("partly_refunded", 2000, 170)
    assert fund_accounts.fund_account().balance == 5000 - 170 - 2000


def test_a_paid_event_is_booked_in_a_fixed_number_of_statements(fund, monkeypatch):
    # given a fund whose accounts exist, pending donations the provider reports paid, and no
    # community or provider account remembered by this process
    for account in (
        fund_accounts.fund_account,
        fund_accounts.donors_account,
        fund_accounts.fees_account,
    ):
        account()
    paid = {}
    for i in range(11):
        _donation, ref = _pending(fund)
        paid[f"pi_fee{i}"] = _paid_with_fee(ref, payment_id=f"pi_fee{i}")
    provider_answers(monkeypatch, paid)
    bodies = [
        event("payment_intent.succeeded", {"id": payment_id, "object": "payment_intent"})
        for payment_id in paid
    ]
    forget_webhook_hosts()
    forget_webhook_providers()
    client = Client()
    # when the first event arrives, then again, and the drain posts it
    with StatementsRun(connection) as first:
        deliver(client, fund, bodies[0], drain=False)
    with StatementsRun(connection) as replay:
        deliver(client, fund, bodies[0], drain=False)
    with StatementsRun(connection) as posting:
        webhooks.drain(fund)
    # then the first delivery is the community, the provider account and one statement
    # storing the event and waking the drain; a replay that statement alone (the community
    # and the account are remembered; its insert stores and wakes nothing); the drain claims,
    # finds the provider account, "already booked?" (the provider is asked here, before any
    # lock), then in one transaction (a savepoint inside the test's) waits for the drains'
    # posting lock, marks the event processed, locks the donation, reads the accounts and
    # which entries are booked, reserves ids for new entries, inserts the entries, their
    # legs, updates the donation; then claims again (nothing) and looks for events waiting
    # for a retry (none)
    assert (len(first), len(replay), len(posting)) == (3, 1, 16)
    # when ten more arrive and one drain posts them
    for body in bodies[1:]:
        deliver(client, fund, body, drain=False)
    with StatementsRun(connection) as batch:
        webhooks.drain(fund)
    # then the batch costs what one event did: each of those statements now serves all ten
    # (one "already booked?", one lock of the donations, one insert of the entries, one of
    # their legs, one update of the donations)
    assert len(batch) == 16
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {"processed"}
    assert Entry.objects.count() == 2 * 11
    # and a change to the community, then to its provider account, is seen by the next
    # delivery in this process: each is looked up again, once
    connection.set_schema_to_public()
    fund.save()
    with StatementsRun(connection) as after_community:
        deliver(client, fund, bodies[0], drain=False)
    ProviderAccount.objects.get(provider="stripe").save()
    with StatementsRun(connection) as after_account:
        deliver(client, fund, bodies[0], drain=False)
    assert (len(after_community), len(after_account)) == (2, 2)
    assert (_tables_read(after_community), _tables_read(after_account)) == (
        ["tenants_domain"],
        ["fiscal_hosts_provideraccount"],
    )


def _tables_read(run) -> list[str]:
    return [
        table
        for table in ("tenants_domain", "fiscal_hosts_provideraccount")
        if any(f'FROM "{table}"' in query["sql"] for query in run.captured_queries)
    ]


def test_the_payment_is_fetched_in_one_request(stripe_fund, localstripe, monkeypatch):
    # given a paid donation of 50 yuan, 20 of it refunded at the provider
    _donation, ref = _pending(stripe_fund)
    intent = paid_intent(localstripe, 5000, ref)
    stripe_post(localstripe, "refunds", {"payment_intent": intent["id"], "amount": 2000})
    urls = []
    request = stripe.RequestsClient.request

    def counted(self, method, url, *args, **kwargs):
        urls.append(url)
        return request(self, method, url, *args, **kwargs)

    monkeypatch.setattr(stripe.RequestsClient, "request", counted)
    # when its facts are fetched
    facts = provider_for(stripe_fund).fetch_payment(intent["id"])
    # then one request brought the payment, the fee's figure and the refund
    assert len(urls) == 1
    assert (facts.amount, facts.succeeded, facts.method, facts.donation_ref) == (
        5000,
        True,
        "card",
        ref,
    )
    assert facts.fee_id.startswith("txn_")
    assert [(r.amount, r.status) for r in facts.refunds] == [(2000, "succeeded")]


def _signed_event(envelope: dict) -> bytes:
    return json.dumps(envelope).encode()


@pytest.mark.parametrize(
    "body",
    [
        # the envelope
        _signed_event({"id": "evt_1", "type": "payment_intent.succeeded", "data": {}}),
        _signed_event({"id": "evt_2", "type": "payment_intent.succeeded", "data": [1]}),
        _signed_event({"id": "evt_3", "type": "payment_intent.succeeded", "data": {"object": 7}}),
        _signed_event({"type": "payment_intent.succeeded", "data": {"object": {}}}),
        _signed_event({"id": "evt_5", "type": 5, "data": {"object": {}}}),
        b"[1, 2]",
        # the object
        _signed_event({"id": "evt_6", "type": "payment_intent.succeeded", "data": {"object": {}}}),
        _signed_event(
            {"id": "evt_7", "type": "payment_intent.succeeded", "data": {"object": {"id": 42}}}
        ),
        _signed_event(
            {
                "id": "evt_8",
                "type": "checkout.session.expired",
                "data": {"object": {"metadata": "donation_ref"}},
            }
        ),
        _signed_event(
            {
                "id": "evt_9",
                "type": "checkout.session.completed",
                "data": {"object": {"metadata": ["x"], "payment_intent": ["pi"]}},
            }
        ),
        _signed_event(
            {
                "id": "evt_10",
                "type": "invoice.paid",
                "data": {"object": {"created": "soon", "payments": {"data": "none"}}},
            }
        ),
        _signed_event(
            {
                "id": "evt_11",
                "type": "invoice.payment_failed",
                "data": {"object": {"parent": "x", "subscription": {"id": None}}},
            }
        ),
        _signed_event(
            {"id": "evt_12", "type": "customer.subscription.deleted", "data": {"object": {}}}
        ),
        _signed_event(
            {"id": "evt_13", "type": "charge.refunded", "data": {"object": {"payment_intent": 3}}}
        ),
    ],
)
def test_an_authentic_event_of_an_unexpected_shape_is_refused_not_a_server_error(stripe_fund, body):
    # given a correctly signed event whose envelope or object is not what Stripe sends
    response = deliver(Client(), stripe_fund, body)

    # then it is refused with 400 (never 500) and nothing is recorded or posted
    assert response.status_code == 400
    assert Entry.objects.count() == WebhookEvent.objects.count() == 0


def test_a_providers_signed_burst_is_never_rate_limited_but_its_refusals_are(stripe_fund, settings):
    # given a webhook budget of two refusals a minute per address
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "webhook": (2, 60)}
    cache.clear()
    client = Client()

    def post(body, signature=None):
        return deliver(client, stripe_fund, body, signature, drain=False).status_code

    intent = {"object": "payment_intent"}
    # when the provider's address sends five signed events, then two forged ones, then one more
    signed = [post(event("payment_intent.succeeded", intent | {"id": f"pi_{n}"})) for n in range(5)]
    forged = [post(event("payment_intent.succeeded", intent | {"id": n}), "t=1,v1=0") for n in "xy"]
    after = post(event("payment_intent.succeeded", intent | {"id": "pi_5"}))
    cache.clear()
    # then every signed event was stored, the refusals spent the budget, and the address is
    # refused once it is spent, signed or not (it is not asked to prove itself again)
    assert signed == [200] * 5
    assert forged == [400, 400]
    assert after == 429
    assert WebhookEvent.objects.count() == 5
