"""A drain's batch of payment events is posted together (`payment_batches.reconciling`): the
same books as one by one, in statements that do not grow with the batch, and any failure of
the batch leaves the events to the one-by-one retry."""

import json
from dataclasses import replace

import pytest
from django.db import connection
from django.test import Client

from commonweal.ledger import batching
from commonweal.ledger.models import Entry
from commonweal.microfund import webhooks
from commonweal.microfund.hosts.models import DonorRecord
from commonweal.microfund.models import Donation, Refund, WebhookEvent
from commonweal.microfund.providers.base import PaymentFacts, RefundFacts
from commonweal.microfund.services import fund_accounts, payment_batches, payments
from commonweal.platform.kernel.roles import Role
from tests.fixtures import StatementsRun, make_member
from tests.microfund.fixtures import deliver, event, provider_answers


def _paid(community, payment_id: str, donor=None, refunds=()) -> tuple[Donation, PaymentFacts]:
    donation = Donation.objects.create(amount=5000, method="card", provider="stripe", donor=donor)
    facts = PaymentFacts(
        payment_id=payment_id,
        donation_ref=f"{community.schema_name}:{donation.token}",
        amount=5000,
        currency="CNY",
        succeeded=True,
        fee=170,
        fee_id=f"txn_{payment_id}",
        refunds=refunds,
    )
    return donation, facts


def _intent(payment_id: str) -> bytes:
    return event("payment_intent.succeeded", {"id": payment_id, "object": "payment_intent"})


def _refunded(payment_id: str) -> bytes:
    return event("charge.refunded", {"id": f"ch_{payment_id}", "payment_intent": payment_id})


def _fund_accounts() -> None:
    """The fund's accounts exist (their first use creates each in a savepoint)."""
    for account in (
        fund_accounts.fund_account,
        fund_accounts.donors_account,
        fund_accounts.fees_account,
    ):
        account()


def _savepoints(run) -> int:
    return sum(1 for q in run.captured_queries if q["sql"].startswith("SAVEPOINT"))


def test_two_events_about_one_payment_in_a_batch_post_it_once_with_its_refund(fund, monkeypatch):
    # given two signed-in donors' payments; the first was partly refunded at Stripe already
    donor = make_member(fund, Role.RESIDENT)
    connection.set_tenant(fund)
    _fund_accounts()
    refund = RefundFacts("re_1", 2000, "succeeded")
    first, first_facts = _paid(fund, "pi_a", donor=donor, refunds=(refund,))
    second, second_facts = _paid(fund, "pi_b", donor=donor)
    asked = provider_answers(monkeypatch, {"pi_a": first_facts, "pi_b": second_facts})
    client = Client()
    # when its success, its refund and the second's success arrive and one drain posts them
    for body in (_intent("pi_a"), _refunded("pi_a"), _intent("pi_b")):
        deliver(client, fund, body, drain=False)
    with StatementsRun(connection) as run:
        assert webhooks.drain(fund) == 3
    # then all three were posted together (no savepoint per event: the batch did not fail)
    assert _savepoints(run) == 1
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {"processed"}
    assert sorted(asked) == ["pi_a", "pi_a", "pi_b"]
    # and each payment, fee and refund is in the books once
    assert sorted(Entry.objects.values_list("external_id", flat=True)) == [
        "stripe:fee:txn_pi_a",
        "stripe:fee:txn_pi_b",
        "stripe:payment:pi_a",
        "stripe:payment:pi_b",
        "stripe:refund:re_1",
    ]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.refunded, first.fee, first.payment_id) == (
        "partly_refunded",
        2000,
        170,
        "pi_a",
    )
    assert (second.status, second.refunded, second.fee) == ("paid", 0, 170)
    assert first.entry.external_id == "stripe:payment:pi_a"
    assert Refund.objects.get().entry.reverses == first.entry
    assert fund_accounts.fund_account().balance == (5000 - 170 - 2000) + (5000 - 170)
    assert fund_accounts.donors_account().balance == -(5000 - 2000) - 5000
    assert fund_accounts.fees_account().balance == 2 * 170
    # and the donors' public records say what the donations say, once each
    records = DonorRecord.objects.filter(community=fund).order_by("donation_token")
    assert sorted(records.values_list("donation_token", "user_id", "amount", "refunded")) == sorted(
        [(first.token, donor.pk, 5000, 2000), (second.token, donor.pk, 5000, 0)]
    )
    assert {r.receipt_number for r in records} == {first.receipt_number, second.receipt_number}


def test_a_checkout_session_and_its_intent_in_one_batch_post_the_donation_once(fund, monkeypatch):
    # given a donation paid through Checkout: Stripe reports the session and the intent
    donation, facts = _paid(fund, "pi_c")
    provider_answers(monkeypatch, {"pi_c": facts})
    ref = facts.donation_ref
    session = {
        "id": "cs_c",
        "object": "checkout.session",
        "mode": "payment",
        "payment_intent": "pi_c",
        "client_reference_id": ref,
        "metadata": {"donation_ref": ref},
    }
    client = Client()
    # when both arrive before the drain runs
    deliver(client, fund, event("checkout.session.completed", session), drain=False)
    deliver(client, fund, _intent("pi_c"), drain=False)
    assert webhooks.drain(fund) == 2
    # then the donation and its fee are posted once
    donation.refresh_from_db()
    assert (donation.status, donation.fee) == ("paid", 170)
    assert sorted(Entry.objects.values_list("kind", flat=True)) == ["donation", "processor_fee"]
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {"processed"}
    assert fund_accounts.fund_account().balance == 5000 - 170


def test_a_foreign_payment_in_a_batch_is_set_aside_and_the_others_posted_together(
    fund, monkeypatch
):
    # given two payments of ours and one Stripe reports for another community's donation
    _fund_accounts()
    facts = {payment_id: _paid(fund, payment_id)[1] for payment_id in ("pi_1", "pi_2")}
    _donation, foreign = _paid(fund, "pi_x")
    facts["pi_x"] = replace(foreign, donation_ref="c_elsewhere:abc")
    provider_answers(monkeypatch, facts)
    client = Client()
    for payment_id in ("pi_1", "pi_x", "pi_2"):
        deliver(client, fund, _intent(payment_id), drain=False)
    # when one drain posts the three
    with StatementsRun(connection) as run:
        assert webhooks.drain(fund) == 3
    # then the batch was not undone for it (no savepoint per event): ours are posted, the
    # foreign one is set aside as not ours, with the reason
    assert _savepoints(run) == 1
    by_payment = {
        json.loads(body)["data"]["object"]["id"]: (status, error)
        for body, status, error in WebhookEvent.objects.values_list("body", "status", "error")
    }
    assert by_payment == {
        "pi_1": ("processed", ""),
        "pi_2": ("processed", ""),
        "pi_x": ("unknown", "payment pi_x belongs to no donation here"),
    }
    assert sorted(Entry.objects.values_list("external_id", flat=True)) == [
        "stripe:fee:txn_pi_1",
        "stripe:fee:txn_pi_2",
        "stripe:payment:pi_1",
        "stripe:payment:pi_2",
    ]
    assert sorted(Donation.objects.values_list("status", flat=True)) == ["paid", "paid", "pending"]
    assert fund_accounts.fund_account().balance == 2 * (5000 - 170)


def test_a_batch_that_finds_an_entry_posted_meanwhile_is_posted_one_by_one(fund, monkeypatch):
    # given a payment in the books already, and a second one not yet
    done, done_facts = _paid(fund, "pi_done")
    payments.payment_reconcile(community=fund, facts=done_facts)
    fresh, fresh_facts = _paid(fund, "pi_new")
    provider_answers(monkeypatch, {"pi_done": done_facts, "pi_new": fresh_facts})

    # and a batch that believes no entry is booked (as if another transaction booked the
    # first's fee between its question and its insert)
    def stale(self, external_ids):
        for key in external_ids:
            self.booked.setdefault(key, None)

    monkeypatch.setattr(batching.PostingBatch, "read_booked", stale)
    flush, failures = batching.PostingBatch.flush, []

    def watched(self):
        try:
            flush(self)
        except batching.PostedMeanwhile as error:
            failures.append(str(error))
            raise

    monkeypatch.setattr(batching.PostingBatch, "flush", watched)
    client = Client()
    # when a refund report of the first (nothing new in it) and the second's success arrive
    deliver(client, fund, _refunded("pi_done"), drain=False)
    deliver(client, fund, _intent("pi_new"), drain=False)
    with StatementsRun(connection) as run:
        assert webhooks.drain(fund) == 2
    # then the batch's insert found the fee taken and undid the batch, and the events were
    # posted again one by one (a savepoint each): nothing twice, nothing lost
    assert failures == [
        "ledger entries posted by another transaction during the batch: stripe:fee:txn_pi_done"
    ]
    assert _savepoints(run) == 1 + 1 + 2
    assert set(WebhookEvent.objects.values_list("status", "error")) == {("processed", "")}
    assert sorted(Entry.objects.values_list("external_id", flat=True)) == [
        "stripe:fee:txn_pi_done",
        "stripe:fee:txn_pi_new",
        "stripe:payment:pi_done",
        "stripe:payment:pi_new",
    ]
    done.refresh_from_db()
    fresh.refresh_from_db()
    assert (done.status, done.fee, fresh.status, fresh.fee) == ("paid", 170, "paid", 170)
    assert fund_accounts.fund_account().balance == 2 * (5000 - 170)


def test_a_batch_of_twice_the_events_costs_the_same_statements(fund, monkeypatch):
    # given the fund's accounts and twenty signed-in donors' payments reported paid
    donor = make_member(fund, Role.RESIDENT)
    connection.set_tenant(fund)
    _fund_accounts()
    facts = {}
    for i in range(15):
        _donation, facts[f"pi_{i}"] = _paid(fund, f"pi_{i}", donor=donor)
    provider_answers(monkeypatch, facts)
    client = Client()

    def drained(payment_ids) -> int:
        for payment_id in payment_ids:
            deliver(client, fund, _intent(payment_id), drain=False)
        with StatementsRun(connection) as run:
            assert webhooks.drain(fund) == len(payment_ids)
        return len(run)

    # when a drain posts five, then another ten
    five, ten = drained(list(facts)[:5]), drained(list(facts)[5:])
    # then both cost the same: claims, "already recorded?", the transaction, posting lock,
    # flip, donations, accounts, "already booked?", ids, entries, legs, donations' update,
    # donors' records, the look for waiting events
    assert five == ten == 17
    assert Entry.objects.count() == 2 * 15
    assert Donation.objects.filter(status="paid", fee=170).count() == 15
    assert DonorRecord.objects.filter(community=fund, user=donor).count() == 15


def test_inside_a_batch_only_its_own_facts_are_reconciled(fund):
    # given two paid donations, a batch opened for the first's facts only
    _first, first = _paid(fund, "pi_in")
    second_donation, second = _paid(fund, "pi_out")
    batch = payment_batches.reconciling(community=fund, facts=[first], provider="stripe")
    # when the second is reconciled inside it, or a donation is handed in
    for call in (
        lambda: payments.payment_reconcile(community=fund, facts=second),
        lambda: payments.payment_reconcile(community=fund, facts=first, donation=second_donation),
    ):
        with pytest.raises(RuntimeError, match="only the batch's own facts"), batch:
            call()
        batch = payment_batches.reconciling(community=fund, facts=[first], provider="stripe")
    # then it is refused and nothing of the batch is written
    assert Entry.objects.count() == 0
    assert set(Donation.objects.values_list("status", flat=True)) == {"pending"}


def test_text_the_platform_refuses_on_save_is_refused_in_a_batch_too(fund, monkeypatch):
    # given two payments, one of a monthly donation whose subscription id has a line break
    _fund_accounts()
    good_donation, good = _paid(fund, "pi_good")
    bad_donation, bad = _paid(fund, "pi_bad")
    provider_answers(
        monkeypatch, {"pi_good": good, "pi_bad": replace(bad, subscription_id="sub\nx")}
    )
    client = Client()
    for payment_id in ("pi_bad", "pi_good"):
        deliver(client, fund, _intent(payment_id), drain=False)
    # when one drain posts them
    with StatementsRun(connection) as run:
        assert webhooks.drain(fund) == 2
    # then the batch was refused as the donation's save() would refuse it, and the events
    # were posted one by one: the bad one failed with the platform's code, the good one posted
    assert _savepoints(run) == 1 + 1 + 2
    by_payment = {
        json.loads(body)["data"]["object"]["id"]: (status, error.partition(":")[0])
        for body, status, error in WebhookEvent.objects.values_list("body", "status", "error")
    }
    assert by_payment == {"pi_bad": ("failed", "INVALID_TEXT"), "pi_good": ("processed", "")}
    good_donation.refresh_from_db()
    bad_donation.refresh_from_db()
    assert (good_donation.status, bad_donation.status) == ("paid", "pending")
    assert sorted(Entry.objects.values_list("external_id", flat=True)) == [
        "stripe:fee:txn_pi_good",
        "stripe:payment:pi_good",
    ]
