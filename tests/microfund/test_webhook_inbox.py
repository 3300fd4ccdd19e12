"""The webhook inbox: a delivery is stored once and acknowledged; the drain job posts it once,
whatever fails in between (the provider, a worker, a second worker, a replay)."""

import json
import re
import threading
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from django.db import OperationalError, close_old_connections, connection, transaction
from django.test import Client, TestCase
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from commonweal.ledger.models import Entry
from commonweal.microfund import webhooks
from commonweal.microfund.models import Donation, WebhookEvent
from commonweal.microfund.providers.base import PaymentFacts, ProviderError, ProviderRefused
from commonweal.microfund.services import payments
from commonweal.microfund.tasks import drain_webhooks, sweep_webhook_inboxes
from commonweal.platform.kernel.roles import Role
from tests.fixtures import make_community, make_member, run_worker
from tests.microfund.fixtures import (
    deferred,
    deliver,
    event,
    host_community,
    provider_answers,
    run_deferred,
)


def _paid(community, payment_id: str, amount=5000) -> tuple[Donation, PaymentFacts]:
    donation = Donation.objects.create(amount=amount, method="card", provider="stripe")
    facts = PaymentFacts(
        payment_id=payment_id,
        donation_ref=f"{community.schema_name}:{donation.token}",
        amount=amount,
        currency="CNY",
        succeeded=True,
        fee=170,
        fee_id=f"txn_{payment_id}",
    )
    return donation, facts


def _intent_event(payment_id: str) -> bytes:
    return event("payment_intent.succeeded", {"id": payment_id, "object": "payment_intent"})


def _time_passes() -> None:
    """Every waiting event falls due (its lease or its wait for a retry is over)."""
    WebhookEvent.objects.filter(status="pending").update(next_attempt_at=None)


def test_a_delivery_is_stored_and_wakes_one_drain_and_a_replay_neither(fund, monkeypatch):
    # given two paid donations
    first, first_facts = _paid(fund, "pi_one")
    _second, second_facts = _paid(fund, "pi_two")
    asked = provider_answers(monkeypatch, {"pi_one": first_facts, "pi_two": second_facts}.get)
    one, two = _intent_event("pi_one"), _intent_event("pi_two")
    client = Client()
    # when both arrive, the first twice
    answers = [deliver(client, fund, body, drain=False).content for body in (one, one, two)]
    # then both are stored pending, nothing is asked or posted yet, and one drain waits
    assert answers == [b"ok", b"replay", b"ok"]
    assert (
        sorted(WebhookEvent.objects.values_list("type", "status"))
        == [("payment_intent.succeeded", "pending")] * 2
    )
    assert asked == [] and Entry.objects.count() == 0
    assert deferred(drain_webhooks) == [{"community_schema": fund.schema_name}]
    # and the waiting job is Procrastinate's own: it reads it, and holds its queueing lock
    (job,) = app.job_manager.list_jobs(queueing_lock=webhooks.drain_lock(fund))
    assert (job.task_name, job.queue, job.status) == (drain_webhooks.name, "microfund", "todo")
    with pytest.raises(AlreadyEnqueued), transaction.atomic():
        drain_webhooks.configure(queueing_lock=webhooks.drain_lock(fund)).defer(
            community_schema=fund.schema_name
        )
    # when the job runs
    run_deferred(drain_webhooks, fund)
    # then each payment was asked once and posted once (donation + fee)
    assert sorted(asked) == ["pi_one", "pi_two"]
    assert Entry.objects.count() == 4
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {"processed"}
    first.refresh_from_db()
    assert (first.status, first.payment_id, first.fee) == ("paid", "pi_one", 170)
    # and a replay afterwards stores nothing, asks nothing, posts nothing
    assert deliver(client, fund, one).content == b"replay"
    assert WebhookEvent.objects.count() == 2 and Entry.objects.count() == 4
    assert sorted(asked) == ["pi_one", "pi_two"]


def test_a_provider_outage_keeps_the_event_pending_until_a_retry_posts_it(fund, monkeypatch):
    # given a paid donation whose event arrives while Stripe cannot be reached
    donation, facts = _paid(fund, "pi_outage")
    up = False

    def answer(payment_id):
        if not up:
            raise ProviderError("connection refused")
        return facts

    asked = provider_answers(monkeypatch, answer)
    deliver(Client(), fund, _intent_event("pi_outage"))
    # then the event waits, 10 s on, with the reason; nothing is posted; a drain is due then
    waiting = WebhookEvent.objects.get()
    assert (waiting.status, waiting.attempts, waiting.error) == (
        "pending",
        1,
        "connection refused",
    )
    wait = waiting.next_attempt_at - timezone.now()
    assert timedelta(seconds=5) < wait <= timedelta(seconds=10)
    assert Entry.objects.count() == 0
    assert deferred(drain_webhooks)  # the retry's drain, scheduled
    # when a drain runs before then, nothing is tried
    assert webhooks.drain(fund) == 0
    # when it fails again later, it waits twice as long
    _time_passes()
    webhooks.drain(fund)
    waiting.refresh_from_db()
    assert waiting.attempts == 2
    assert timedelta(seconds=15) < waiting.next_attempt_at - timezone.now() <= timedelta(seconds=20)
    # when Stripe is back and the wait is over
    up = True
    _time_passes()
    webhooks.drain(fund)
    # then it is posted, once
    waiting.refresh_from_db()
    donation.refresh_from_db()
    assert (waiting.status, waiting.attempts, waiting.error) == ("processed", 3, "")
    assert (donation.status, Entry.objects.count()) == ("paid", 2)
    assert asked == ["pi_outage"] * 3


def test_an_event_the_provider_refuses_to_explain_fails_for_good(fund, monkeypatch):
    def refuse(payment_id):
        raise ProviderRefused("No such payment_intent")

    asked = provider_answers(monkeypatch, refuse)
    deliver(Client(), fund, _intent_event("pi_gone"))
    _time_passes()
    webhooks.drain(fund)
    # then it is failed with the reason, asked once, never retried by itself
    assert list(WebhookEvent.objects.values_list("status", "error")) == [
        ("failed", "No such payment_intent")
    ]
    assert asked == ["pi_gone"]
    assert Entry.objects.count() == 0


def test_a_worker_dying_between_fetch_and_post_leaves_the_event_to_the_next(fund, monkeypatch):
    # given an event a drain claimed and fetched, then died before posting
    _donation, facts = _paid(fund, "pi_crash")
    asked = provider_answers(monkeypatch, {"pi_crash": facts}.get)
    deliver(Client(), fund, _intent_event("pi_crash"), drain=False)
    (claimed,) = webhooks._claim(10)
    # then no other drain takes it while the lease lasts
    assert webhooks.drain(fund) == 0
    # when the lease is over, the next drain posts it
    _time_passes()
    assert webhooks.drain(fund) == 1
    assert Entry.objects.count() == 2
    # and the dead drain's copy, were it to wake up, posts nothing
    webhooks._post(fund, claimed, {})
    assert Entry.objects.count() == 2
    assert WebhookEvent.objects.get().status == "processed"
    assert asked == ["pi_crash"]  # its second fetch found the payment in the books


def test_one_event_failing_mid_batch_is_set_aside_and_the_others_posted_once(fund, monkeypatch):
    # given five paid donations in one batch: the third's payment is in dollars (the books
    # refuse it), the fourth's posting breaks off after writing its entries (a database error)
    donations, facts = {}, {}
    for i in range(5):
        donations[f"pi_{i}"], facts[f"pi_{i}"] = _paid(fund, f"pi_{i}")
    facts["pi_2"] = replace(facts["pi_2"], currency="USD")
    asked = provider_answers(monkeypatch, facts.get)
    reconcile = payments.payment_reconcile
    broken = {"pi_3"}

    def breaks_off(*, community, facts, provider="stripe"):
        posted = reconcile(community=community, facts=facts, provider=provider)
        if facts.payment_id in broken:
            raise OperationalError("server closed the connection unexpectedly")
        return posted

    monkeypatch.setattr(payments, "payment_reconcile", breaks_off)
    client = Client()
    for payment_id in facts:
        deliver(client, fund, _intent_event(payment_id), drain=False)
    # when one drain posts the batch
    assert webhooks.drain(fund) == 5
    # then the three good ones are posted once each, the one in dollars failed for good with
    # the books' reason, and the broken one left nothing behind and waits to be tried again
    by_payment = {
        json.loads(body)["data"]["object"]["id"]: (status, error)
        for body, status, error in WebhookEvent.objects.values_list("body", "status", "error")
    }
    assert by_payment == {
        "pi_0": ("processed", ""),
        "pi_1": ("processed", ""),
        "pi_2": ("failed", "CURRENCY_MISMATCH: 支付币种不符。"),
        "pi_3": ("pending", "server closed the connection unexpectedly"),
        "pi_4": ("processed", ""),
    }
    assert sorted(Entry.objects.values_list("external_id", flat=True)) == [
        *(f"stripe:fee:txn_pi_{i}" for i in (0, 1, 4)),
        *(f"stripe:payment:pi_{i}" for i in (0, 1, 4)),
    ]
    states = {pid: Donation.objects.get(pk=d.pk).status for pid, d in donations.items()}
    assert states == {
        "pi_0": "paid",
        "pi_1": "paid",
        "pi_2": "pending",
        "pi_3": "pending",
        "pi_4": "paid",
    }
    retry = WebhookEvent.objects.get(status="pending")
    assert timedelta(seconds=5) < retry.next_attempt_at - timezone.now() <= timedelta(seconds=10)
    # when the database is back and the wait is over
    broken.clear()
    _time_passes()
    assert webhooks.drain(fund) == 1
    # then the broken one is posted, once, and nothing else again
    assert WebhookEvent.objects.get(pk=retry.pk).status == "processed"
    assert Entry.objects.count() == 2 * 4
    assert Donation.objects.filter(status="paid").count() == 4
    assert sorted(asked) == ["pi_0", "pi_1", "pi_2", "pi_3", "pi_3", "pi_4"]


def test_the_sweep_wakes_a_drain_only_where_events_are_due(jiahonglu, fund, monkeypatch):
    # given a due event in fengshu whose wake-up was lost, and nothing in jiahonglu
    _donation, facts = _paid(fund, "pi_lost")
    provider_answers(monkeypatch, {"pi_lost": facts}.get)
    deliver(Client(), fund, _intent_event("pi_lost"), drain=False)
    connection.set_tenant(fund)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM public.procrastinate_jobs")
    # when the minute's sweep runs
    sweep_webhook_inboxes(timestamp=int(time.time()))
    # then fengshu's drain is waiting, and it posts the event
    assert deferred(drain_webhooks) == [{"community_schema": fund.schema_name}]
    run_deferred(drain_webhooks, fund)
    assert Entry.objects.count() == 2
    # and a sweep with nothing due wakes nothing
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM public.procrastinate_jobs")
    sweep_webhook_inboxes(timestamp=int(time.time()))
    assert deferred(drain_webhooks) == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_draining_at_once_post_each_event_once(monkeypatch):
    # given 40 paid donations whose events were delivered and committed
    connection.set_schema_to_public()  # an earlier test may have left a community's
    community = make_community("draining", name="并发社区")
    try:
        host_community(community)
        connection.set_tenant(community)
        paid = {}
        for i in range(40):
            _donation, paid[f"pi_{i}"] = _paid(community, f"pi_{i}")

        def slow(payment_id):
            time.sleep(0.002)  # a provider's round trip, so the two drains interleave
            return paid[payment_id]

        provider_answers(monkeypatch, slow)
        client = Client()
        for payment_id in paid:
            delivered = deliver(client, community, _intent_event(payment_id), drain=False)
            assert delivered.status_code == 200
        barrier = threading.Barrier(2)
        handled = []

        def drain():
            connection.set_tenant(community)
            barrier.wait()
            try:
                handled.append(webhooks.drain(community, batch=5))
            finally:
                close_old_connections()
                connection.close()

        # when two drains run at once, each on its own connection
        threads = [threading.Thread(target=drain) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # then every event was claimed by one drain only and posted once
        connection.set_tenant(community)
        assert sum(handled) == 40
        assert set(WebhookEvent.objects.values_list("status", flat=True)) == {"processed"}
        assert Entry.objects.filter(kind="donation").count() == 40
        assert Entry.objects.filter(kind="processor_fee").count() == 40
        assert set(Donation.objects.values_list("status", "fee")) == {("paid", 170)}
        # and a later delivery is posted by the drain it wakes, run by a real worker
        _donation, paid["pi_late"] = _paid(community, "pi_late")
        deliver(client, community, _intent_event("pi_late"), drain=False)
        run_worker()
        connection.set_tenant(community)
        assert Entry.objects.count() == 82
        assert WebhookEvent.objects.filter(status="processed").count() == 41
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')
            cursor.execute("DELETE FROM public.procrastinate_jobs")


def test_the_office_sees_events_set_aside_and_an_admin_posts_one_again(fund, monkeypatch):
    # given an event about a payment Stripe knows but no donation here holds yet
    donation, facts = _paid(fund, "pi_early")
    provider_answers(monkeypatch, {"pi_early": replace(facts, donation_ref="c_elsewhere:x")}.get)
    deliver(Client(), fund, _intent_event("pi_early"))
    assert WebhookEvent.objects.get().status == "unknown"
    admin = make_member(fund, Role.ADMIN)
    client = Client(HTTP_HOST=f"{fund.slug}.localhost", HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(admin)
    # when the office opens its page
    page = client.get("/fund/office/").content.decode()
    # then the event is listed, in words, with the reason
    assert "不属于本社区：未入账" in page
    assert "Stripe · 银行卡付款 · evt_" in page
    assert "这笔付款对不上本社区的任何捐赠：请与财务托管方核对。" in page
    # and the service's own words only behind "技术细节"
    assert re.search(r"<summary>技术细节</summary>.*belongs to no donation here", page, re.S)
    # when the cause is fixed (Stripe now names the donation) and an admin posts it again
    provider_answers(monkeypatch, {"pi_early": facts}.get)
    connection.set_tenant(fund)
    event_pk = WebhookEvent.objects.get().pk
    with TestCase.captureOnCommitCallbacks(execute=True):
        answer = client.post(
            "/admin/microfund/webhookevent/",
            {"action": "post_again", "_selected_action": [event_pk]},
        )
    assert answer.status_code == 302
    connection.set_tenant(fund)
    assert WebhookEvent.objects.get().status == "pending"
    run_deferred(drain_webhooks, fund)
    # then it is posted
    donation.refresh_from_db()
    assert (WebhookEvent.objects.get().status, donation.status) == ("processed", "paid")
    assert "未入账" not in client.get("/fund/office/").content.decode()
