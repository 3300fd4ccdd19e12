"""Online refunds: recorded pending and committed, asked of Stripe by a job after commit with an
idempotency key, posted once from whichever answer comes first (the job's or a webhook), and
surviving a provider outage. localstripe plays Stripe."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from commonweal.ledger.models import Entry
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.models import Donation, DonationStatus, Refund, RefundStatus
from commonweal.microfund.providers import provider_for
from commonweal.microfund.providers.base import PaymentFacts, ProviderError
from commonweal.microfund.providers.stripe import StripeProvider
from commonweal.microfund.services import fund_accounts, grants, payments, refunds
from commonweal.microfund.services.payments import RefundStillPending
from commonweal.microfund.tasks import ProviderBackoff, submit_refund
from commonweal.platform.kernel.errors import DomainError
from tests.fixtures import make_community, run_worker
from tests.microfund.fixtures import (
    UNREACHABLE,
    deferred,
    deliver,
    event,
    host_community,
    paid_intent,
    refunds_at_stripe,
    run_deferred,
    use_api_base,
)


def _paid_online(community, base: str, amount: int = 5000) -> Donation:
    """A card donation paid on localstripe and in the books."""
    donation = Donation.objects.create(amount=amount, method="card", provider="stripe")
    intent = paid_intent(base, amount, f"{community.schema_name}:{donation.token}")
    facts = provider_for(community).fetch_payment(intent["id"])
    return payments.payment_reconcile(community=community, facts=facts)


def _books(donation: Donation):
    """The ledger and the donation's refunds as they stand."""
    donation.refresh_from_db()
    return (
        sorted(Entry.objects.values_list("kind", "external_id")),
        fund_accounts.fund_account().balance,
        (donation.status, donation.refunded),
        sorted(Refund.objects.values_list("amount", "status", "provider_refund_id")),
    )


def _reference(community, refund: Refund) -> str:
    return f"{community.schema_name}:refund:{refund.pk}"


def test_an_online_refund_waits_pending_until_the_job_has_asked_stripe(stripe_fund, localstripe):
    # given a paid card donation of 50 yuan
    donation = _paid_online(stripe_fund, localstripe)

    # when staff refund 20 yuan
    refund = refunds.donation_refund(
        actor=None, community=stripe_fund, donation=donation, amount=2000, reason="重复捐赠"
    )

    # then the refund is pending, nothing is posted, Stripe has not been asked, one job waits
    assert (refund.status, refund.entry_id, refund.provider_refund_id) == (
        RefundStatus.PENDING,
        None,
        None,
    )
    assert Entry.objects.filter(kind="refund").count() == 0
    assert fund_accounts.fund_account().balance == 5000
    assert refunds_at_stripe(localstripe, donation.payment_id) == []
    assert deferred(submit_refund) == [
        {"community_schema": stripe_fund.schema_name, "refund_id": refund.pk}
    ]

    # when the job runs
    run_deferred(submit_refund, stripe_fund)

    # then Stripe refunded 20 yuan under our reference and the reversal is posted once
    assert refunds_at_stripe(localstripe, donation.payment_id) == [
        (2000, _reference(stripe_fund, refund))
    ]
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert refund.provider_refund_id.startswith("re_")
    assert refund.entry.external_id == f"stripe:refund:{refund.provider_refund_id}"
    assert refund.entry.reverses_id == donation.entry_id
    assert sorted(refund.entry.legs.values_list("account__code", "amount")) == [
        ("external:donors", 2000),
        ("fund:general", -2000),
    ]
    donation.refresh_from_db()
    assert (donation.status, donation.refunded) == (DonationStatus.PARTLY_REFUNDED, 2000)
    assert fund_accounts.fund_account().balance == 3000


def test_a_refund_beyond_the_remainder_counting_pending_refunds_is_refused(
    stripe_fund, localstripe
):
    # given 50 yuan paid and a 30 yuan refund still pending
    donation = _paid_online(stripe_fund, localstripe)
    refunds.donation_refund(actor=None, community=stripe_fund, donation=donation, amount=3000)
    before = (_books(donation), deferred(submit_refund))

    # when staff ask for 20.01 yuan more
    with pytest.raises(DomainError) as refusal:
        refunds.donation_refund(actor=None, community=stripe_fund, donation=donation, amount=2001)

    # then it is refused with its code and nothing changed, no job either
    assert (refusal.value.code, refusal.value.field) == (
        FundErrorCode.REFUND_EXCEEDS_PAID,
        "amount",
    )
    assert (_books(donation), deferred(submit_refund)) == before

    # and the remaining 20 yuan can be refunded: both jobs end in a full refund at Stripe
    refunds.donation_refund(actor=None, community=stripe_fund, donation=donation, amount=2000)
    run_deferred(submit_refund, stripe_fund)
    assert [amount for amount, _ref in refunds_at_stripe(localstripe, donation.payment_id)] == [
        2000,
        3000,
    ]
    donation.refresh_from_db()
    assert (donation.status, donation.refunded) == (DonationStatus.REFUNDED, 5000)
    assert fund_accounts.fund_account().balance == 0


def test_a_pending_refund_holds_its_money_back_from_awards(stripe_fund, localstripe):
    # given 50 yuan paid online and a 30 yuan refund asked of Stripe but not yet answered
    donation = _paid_online(stripe_fund, localstripe)
    refunds.donation_refund(actor=None, community=stripe_fund, donation=donation, amount=3000)
    call = grants.grant_call_open(
        actor=None, community=stripe_fund, title="2026微创投", budget=10_000
    )
    first, second = (
        grants.proposal_submit(
            actor=None,
            community=stripe_fund,
            call=call,
            title=title,
            applicant_name="枫树社区志愿者协会",
            requested=5000,
        )
        for title in ("楼道照明", "院落微更新")
    )

    # when an award asks for 20.01 yuan: the fund's balance is 50, of which 30 are promised
    with pytest.raises(DomainError) as refusal:
        grants.proposal_award(actor=None, community=stripe_fund, proposal=first, amount=2001)
    assert refusal.value.code == FundErrorCode.INSUFFICIENT_FUNDS

    # then 20 yuan can be awarded, and once Stripe refunds the 30 the fund stands at exactly 0
    grants.proposal_award(actor=None, community=stripe_fund, proposal=second, amount=2000)
    run_deferred(submit_refund, stripe_fund)
    assert refunds_at_stripe(localstripe, donation.payment_id)[0][0] == 3000
    assert Refund.objects.get().status == RefundStatus.SUCCEEDED
    assert fund_accounts.fund_account().balance == 0


def test_a_retry_after_the_answer_was_lost_never_refunds_twice(
    stripe_fund, localstripe, monkeypatch
):
    # given a pending refund whose request reaches Stripe but whose answer is lost on the way
    donation = _paid_online(stripe_fund, localstripe)
    refund = refunds.donation_refund(
        actor=None, community=stripe_fund, donation=donation, amount=1500
    )
    real_refund = StripeProvider.refund

    def answer_lost(self, *args, **kwargs):
        real_refund(self, *args, **kwargs)
        raise ProviderError("connection reset while reading the answer")

    monkeypatch.setattr(StripeProvider, "refund", answer_lost)
    (job,) = deferred(submit_refund)
    with pytest.raises(ProviderError):
        submit_refund(**job)
    connection.set_tenant(stripe_fund)
    assert refunds_at_stripe(localstripe, donation.payment_id) == [
        (1500, _reference(stripe_fund, refund))
    ]
    refund.refresh_from_db()
    assert (refund.status, Entry.objects.filter(kind="refund").count()) == (
        RefundStatus.PENDING,
        0,
    )

    # when the job is retried with the answer getting through
    monkeypatch.setattr(StripeProvider, "refund", real_refund)
    submit_refund(**job)
    connection.set_tenant(stripe_fund)

    # then Stripe still holds one refund, and it is posted once
    assert refunds_at_stripe(localstripe, donation.payment_id) == [
        (1500, _reference(stripe_fund, refund))
    ]
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert Entry.objects.filter(kind="refund").count() == 1
    assert fund_accounts.fund_account().balance == 3500


def test_the_webhook_may_report_the_refund_before_the_job_records_it(stripe_fund, localstripe):
    # given a pending refund that Stripe has made (the job's request got there) ...
    donation = _paid_online(stripe_fund, localstripe)
    refund = refunds.donation_refund(
        actor=None, community=stripe_fund, donation=donation, amount=5000
    )
    made = provider_for(stripe_fund).refund(
        donation.payment_id, 5000, idempotency_key=_reference(stripe_fund, refund)
    )
    refund_object = {
        "id": made.id,
        "object": "refund",
        "amount": 5000,
        "payment_intent": donation.payment_id,
        "status": "succeeded",
        "metadata": {"refund_ref": _reference(stripe_fund, refund)},
    }

    # ... when Stripe's refund.created event arrives first (localstripe sends none: signed here)
    client = Client()
    assert deliver(client, stripe_fund, event("refund.created", refund_object)).status_code == 200
    after_webhook = _books(donation)

    # then the refund staff asked for is the one completed, posted once
    refund.refresh_from_db()
    assert (refund.status, refund.provider_refund_id) == (RefundStatus.SUCCEEDED, made.id)
    assert after_webhook[1:] == (
        0,
        (DonationStatus.REFUNDED, 5000),
        [(5000, RefundStatus.SUCCEEDED, made.id)],
    )

    # and the job's own run, a charge.refunded and a replay of refund.updated change nothing
    run_deferred(submit_refund, stripe_fund)
    charge = {"id": "ch_x", "object": "charge", "payment_intent": donation.payment_id}
    assert deliver(client, stripe_fund, event("charge.refunded", charge)).status_code == 200
    updated = event("refund.updated", refund_object, event_id="evt_refund_updated")
    assert [deliver(client, stripe_fund, updated).content for _ in range(2)] == [b"ok", b"replay"]
    assert _books(donation) == after_webhook
    assert refunds_at_stripe(localstripe, donation.payment_id) == [
        (5000, _reference(stripe_fund, refund))
    ]


def test_a_refund_stripe_refuses_fails_and_frees_the_remainder(stripe_fund, localstripe):
    # given a paid donation whose payment Stripe does not know (it answers 404)
    donation = Donation.objects.create(amount=4000, method="card", provider="stripe")
    payments.payment_reconcile(
        community=stripe_fund,
        facts=PaymentFacts(
            payment_id="pi_unknown_to_stripe",
            donation_ref=f"{stripe_fund.schema_name}:{donation.token}",
            amount=4000,
            currency="CNY",
            succeeded=True,
        ),
    )
    refund = refunds.donation_refund(
        actor=None, community=stripe_fund, donation=donation, amount=4000
    )

    # when the job asks Stripe
    run_deferred(submit_refund, stripe_fund)

    # then the refund failed with Stripe's reason, nothing was posted ...
    refund.refresh_from_db()
    assert (refund.status, refund.entry_id) == (RefundStatus.FAILED, None)
    assert refund.failure == "Not Found"  # localstripe's 404 message
    assert fund_accounts.fund_account().balance == 4000
    # ... and the whole amount may be asked for again
    again = refunds.donation_refund(
        actor=None, community=stripe_fund, donation=donation, amount=4000
    )
    assert again.status == RefundStatus.PENDING


@pytest.mark.parametrize(
    ("attempts", "error", "wait"),
    [
        (0, ProviderError("down"), 10),
        (1, ProviderError("down"), 20),
        (5, ProviderError("down"), 320),
        (9, ProviderError("down"), 3600),
        (179, ProviderError("down"), 3600),
        (180, ProviderError("down"), None),
        (0, KeyError("a bug"), None),
        (2, RefundStillPending("refund 1 is still being processed"), 40),
    ],
)
def test_refund_jobs_back_off_while_the_provider_is_down(attempts, error, wait):
    class Job:
        pass

    job = Job()
    job.attempts = attempts
    decision = ProviderBackoff().get_retry_decision(exception=error, job=job)
    if wait is None:
        assert decision is None
    else:
        assert round((decision.retry_at - timezone.now()).total_seconds()) == wait


def _scheduled(job_id: int):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, attempts, scheduled_at FROM public.procrastinate_jobs WHERE id = %s",
            [job_id],
        )
        return cursor.fetchone()


def test_a_stripe_outage_leaves_the_refund_pending_and_a_later_retry_completes_it(
    committed, localstripe
):
    # given a community whose host takes cards on localstripe, and a paid donation of 80 yuan
    community = make_community("yulin", name="玉林社区")
    host_community(community, api_base=localstripe)
    connection.set_tenant(community)
    donation = _paid_online(community, localstripe, amount=8000)
    # and Stripe unreachable
    connection.set_schema_to_public()
    use_api_base(community, UNREACHABLE)
    connection.set_tenant(community)

    # when staff refund 30 yuan (committed with its job) and the worker tries it
    refund = refunds.donation_refund(
        actor=None, community=community, donation=donation, amount=3000
    )
    books = _books(donation)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM public.procrastinate_jobs WHERE task_name = %s", [submit_refund.name]
        )
        (job_id,) = cursor.fetchone()
    started = timezone.now()
    run_worker()

    # then the job is scheduled again with a backoff, the refund is pending, the books and
    # Stripe unchanged
    status, attempts, scheduled_at = _scheduled(job_id)
    assert (status, attempts) == ("todo", 1)
    assert scheduled_at >= started + timedelta(seconds=10)
    connection.set_tenant(community)
    refund.refresh_from_db()
    assert refund.status == RefundStatus.PENDING
    assert _books(donation) == books
    assert refunds_at_stripe(localstripe, donation.payment_id) == []

    # when Stripe is back and the retry falls due
    connection.set_schema_to_public()
    use_api_base(community, localstripe)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE public.procrastinate_jobs SET scheduled_at = now() WHERE id = %s", [job_id]
        )
    run_worker()

    # then the retry completed the refund: one at Stripe, one reversal in the books
    assert _scheduled(job_id)[:2] == ("succeeded", 2)
    connection.set_tenant(community)
    assert refunds_at_stripe(localstripe, donation.payment_id) == [
        (3000, _reference(community, refund))
    ]
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert Entry.objects.filter(kind="refund").count() == 1
    assert fund_accounts.fund_account().balance == 5000
    connection.set_schema_to_public()
