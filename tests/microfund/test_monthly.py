"""Monthly donations (月捐): begun by the first payment, cancelled by the donor (Stripe told by a
job after commit), failed renewals (past due, donor told once, nothing posted) and recovery.
localstripe holds the subscriptions and payments; invoice and subscription events, which it
does not send, are signed here with Stripe's scheme."""

import time

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from commonweal.ledger.models import Entry
from commonweal.microfund.models import Donation, DonationStatus, MonthlyDonation, MonthlyStatus
from commonweal.microfund.providers.base import ProviderError
from commonweal.microfund.services import fund_accounts, monthly_giving
from commonweal.microfund.tasks import cancel_subscription, email_renewal_failed
from commonweal.platform.kernel.roles import Role
from commonweal.platform.notifications.models import Notification
from commonweal.platform.notifications.tasks import email_notification
from tests.fixtures import host_of, make_member
from tests.microfund.fixtures import (
    UNREACHABLE,
    declined_intent,
    deferred,
    deliver,
    event,
    paid_intent,
    run_deferred,
    stripe_get,
    subscription_at_stripe,
    use_api_base,
)

MONTH = 31 * 24 * 3600


def _begin(community, base: str, *, donor=None, amount: int = 3000):
    """A monthly donation whose checkout completed and whose first invoice was paid."""
    donation = Donation.objects.create(
        amount=amount, method="card", provider="stripe", monthly=True, donor=donor
    )
    ref = f"{community.schema_name}:{donation.token}"
    subscription, invoice = subscription_at_stripe(base, amount, ref)
    session = {
        "id": "cs_test_monthly",
        "object": "checkout.session",
        "mode": "subscription",
        "subscription": subscription["id"],
        "payment_intent": None,
        "client_reference_id": ref,
        "metadata": {"donation_ref": ref},
        "customer_details": {"email": "donor@example.cn"},
    }
    client = Client()
    assert deliver(client, community, event("checkout.session.completed", session)).content == b"ok"
    first_invoice = _invoice(invoice["id"], subscription["id"], invoice["payment_intent"])
    first_invoice["billing_reason"] = "subscription_create"
    assert deliver(client, community, event("invoice.paid", first_invoice)).content == b"ok"
    return MonthlyDonation.objects.get(subscription_id=subscription["id"])


def _invoice(invoice_id, subscription_id, payment_id, created=None) -> dict:
    return {
        "id": invoice_id,
        "object": "invoice",
        "subscription": subscription_id,
        "payment_intent": payment_id,
        "billing_reason": "subscription_cycle",
        "created": created or int(time.time()),
    }


def _ledger():
    return (Entry.objects.count(), fund_accounts.fund_account().balance)


def test_the_first_invoice_pays_the_donation_that_began_the_monthly_donation(
    stripe_fund, localstripe
):
    # when the checkout completes and the subscription's first invoice is paid
    monthly = _begin(stripe_fund, localstripe)

    # then the monthly donation is active, begun by that donation, now paid with a receipt
    first = monthly.first
    assert (monthly.status, monthly.email, monthly.provider) == (
        MonthlyStatus.ACTIVE,
        "donor@example.cn",
        "stripe",
    )
    assert (first.status, first.amount, first.monthly) == (DonationStatus.PAID, 3000, True)
    assert first.receipt_number.startswith("CW")
    assert first.subscription_id == monthly.subscription_id
    assert _ledger() == (1, 3000)


def test_an_invoice_paid_before_the_checkout_event_still_finds_its_donation(
    stripe_fund, localstripe
):
    # given a pending monthly donation whose checkout-completed event has not arrived
    donation = Donation.objects.create(amount=2000, method="card", provider="stripe", monthly=True)
    ref = f"{stripe_fund.schema_name}:{donation.token}"
    subscription, invoice = subscription_at_stripe(localstripe, 2000, ref)
    paid = _invoice(invoice["id"], subscription["id"], invoice["payment_intent"])
    paid |= {
        "billing_reason": "subscription_create",
        "subscription_details": {"metadata": {"donation_ref": ref}},
    }

    # when the first invoice's paid event comes first
    assert deliver(Client(), stripe_fund, event("invoice.paid", paid)).content == b"ok"

    # then the monthly donation begins from the subscription's reference and is paid
    monthly = MonthlyDonation.objects.get()
    assert (monthly.first_id, monthly.subscription_id) == (donation.pk, subscription["id"])
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID


def test_a_failed_renewal_is_past_due_tells_the_donor_once_and_posts_nothing(
    stripe_fund, localstripe
):
    # given a signed-in donor's active monthly donation of 30 yuan
    donor = make_member(stripe_fund, Role.DONOR, email="chen@example.cn")
    connection.set_tenant(stripe_fund)
    monthly = _begin(stripe_fund, localstripe, donor=donor)
    before = _ledger()

    # when next month's payment is declined, and Stripe's retry fails again
    declined = declined_intent(localstripe, 3000)
    failed = _invoice("in_month2", monthly.subscription_id, declined["id"])
    client = Client()
    answers = [
        deliver(client, stripe_fund, event("invoice.payment_failed", failed)).content
        for _attempt in range(2)
    ]

    # then the monthly donation is past due, nothing is posted, no donation made for it
    assert answers == [b"ok", b"ok"]
    monthly.refresh_from_db()
    assert (monthly.status, monthly.failed_invoice_id) == (MonthlyStatus.PAST_DUE, "in_month2")
    assert _ledger() == before
    assert Donation.objects.count() == 1
    # and the donor was told once, in the app and by an e-mail job
    connection.set_schema_to_public()
    notification = Notification.objects.get(user=donor)
    assert (notification.kind, notification.title, notification.url) == (
        "fund.monthly_failed",
        "您给枫树社区的月捐本月扣款未成功",
        f"http://{host_of(stripe_fund)}/fund/mine/",
    )
    assert "¥30.00" in notification.body
    assert deferred(email_notification) == [{"notification_id": notification.pk}]


def test_a_paid_invoice_ends_the_failure_and_a_late_failure_report_changes_nothing(
    stripe_fund, localstripe
):
    # given a monthly donation past due since its second month's payment failed
    monthly = _begin(stripe_fund, localstripe)
    created = int(time.time()) + MONTH
    declined = declined_intent(localstripe, 3000)
    failed = _invoice("in_month2", monthly.subscription_id, declined["id"], created)
    client = Client()
    deliver(client, stripe_fund, event("invoice.payment_failed", failed))

    # when Stripe's retry succeeds and the invoice is paid
    retried = paid_intent(localstripe, 3000, "")
    paid = _invoice("in_month2", monthly.subscription_id, retried["id"], created)
    assert deliver(client, stripe_fund, event("invoice.paid", paid)).content == b"ok"

    # then the monthly donation is active again and the month is a paid donation of its own
    monthly.refresh_from_db()
    assert (monthly.status, monthly.failed_invoice_id) == (MonthlyStatus.ACTIVE, "")
    renewal = Donation.objects.get(payment_id=retried["id"])
    assert (renewal.status, renewal.amount, renewal.monthly) == (DonationStatus.PAID, 3000, True)
    assert _ledger() == (2, 6000)

    # and a failure report of that invoice arriving late (its payment has succeeded since)
    # or of an older invoice changes nothing
    late = _invoice("in_month2", monthly.subscription_id, retried["id"], created)
    older = _invoice("in_month1b", monthly.subscription_id, declined["id"], created - MONTH)
    for body in (event("invoice.payment_failed", late), event("invoice.payment_failed", older)):
        assert deliver(client, stripe_fund, body).content == b"ok"
    monthly.refresh_from_db()
    assert monthly.status == MonthlyStatus.ACTIVE
    assert _ledger() == (2, 6000)


def test_a_donor_known_by_e_mail_only_is_mailed_about_a_failed_month(stripe_fund, localstripe):
    # given an anonymous visitor's monthly donation (Stripe collected their address)
    monthly = _begin(stripe_fund, localstripe)
    declined = declined_intent(localstripe, 3000)
    failed = _invoice("in_month2", monthly.subscription_id, declined["id"])

    # when the month fails and the e-mail job runs
    deliver(Client(), stripe_fund, event("invoice.payment_failed", failed))
    run_deferred(email_renewal_failed, stripe_fund)

    # then one e-mail went to that address, in Chinese, with the donations page
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["donor@example.cn"], "您给枫树社区的月捐本月扣款未成功")
    ]
    assert mail.outbox[0].body.endswith(f"http://{host_of(stripe_fund)}/fund/mine/")


def test_a_donor_cancels_and_stripe_is_told_after_commit_once(stripe_fund, localstripe):
    # given a signed-in donor's monthly donation, running at Stripe
    donor = make_member(stripe_fund, Role.DONOR)
    connection.set_tenant(stripe_fund)
    monthly = _begin(stripe_fund, localstripe, donor=donor)

    # when they cancel it
    monthly_giving.monthly_donation_cancel(actor=donor, community=stripe_fund, monthly=monthly)

    # then it is cancelled here at once, and a job will tell Stripe (not told yet)
    monthly.refresh_from_db()
    assert (monthly.status, monthly.provider_canceled_at) == (MonthlyStatus.CANCELED, None)
    assert deferred(cancel_subscription) == [
        {"community_schema": stripe_fund.schema_name, "monthly_id": monthly.pk}
    ]
    assert stripe_get(localstripe, f"subscriptions/{monthly.subscription_id}")["status"] == "active"

    # when the job runs, and the donor cancels again
    run_deferred(cancel_subscription, stripe_fund)
    again = monthly_giving.monthly_donation_cancel(
        actor=donor, community=stripe_fund, monthly=monthly
    )

    # then Stripe stopped the subscription; asking again queued nothing and changed nothing
    assert stripe_get(localstripe, f"subscriptions/{monthly.subscription_id}")["status"] == (
        "canceled"
    )
    monthly.refresh_from_db()
    assert monthly.provider_canceled_at is not None
    assert (again.status, again.canceled_at) == (MonthlyStatus.CANCELED, monthly.canceled_at)
    assert len(deferred(cancel_subscription)) == 1
    # and Stripe's customer.subscription.deleted event, when it comes, changes nothing either
    stopped = {"id": monthly.subscription_id, "object": "subscription", "status": "canceled"}
    assert deliver(
        Client(), stripe_fund, event("customer.subscription.deleted", stopped)
    ).content == (b"ok")
    assert MonthlyDonation.objects.values_list("status", "canceled_at").get() == (
        MonthlyStatus.CANCELED,
        monthly.canceled_at,
    )


def test_a_cancellation_waits_out_a_stripe_outage(stripe_fund, localstripe):
    # given a cancelled monthly donation and Stripe unreachable
    monthly = _begin(stripe_fund, localstripe)
    monthly_giving.monthly_donation_cancel(actor=None, community=stripe_fund, monthly=monthly)
    connection.set_schema_to_public()
    use_api_base(stripe_fund, UNREACHABLE)
    (job,) = deferred(cancel_subscription)

    # when the job runs it fails (to be retried), Stripe still collecting
    with pytest.raises(ProviderError):
        cancel_subscription(**job)
    connection.set_tenant(stripe_fund)
    monthly.refresh_from_db()
    assert (monthly.status, monthly.provider_canceled_at) == (MonthlyStatus.CANCELED, None)
    assert stripe_get(localstripe, f"subscriptions/{monthly.subscription_id}")["status"] == "active"

    # when Stripe is back, the retry stops the subscription
    connection.set_schema_to_public()
    use_api_base(stripe_fund, localstripe)
    cancel_subscription(**job)
    connection.set_tenant(stripe_fund)
    assert stripe_get(localstripe, f"subscriptions/{monthly.subscription_id}")["status"] == (
        "canceled"
    )
    monthly.refresh_from_db()
    assert monthly.provider_canceled_at is not None


def test_stripe_ending_a_subscription_cancels_the_monthly_donation(stripe_fund, localstripe):
    monthly = _begin(stripe_fund, localstripe)
    stopped = {"id": monthly.subscription_id, "object": "subscription", "status": "canceled"}
    assert deliver(
        Client(), stripe_fund, event("customer.subscription.deleted", stopped)
    ).content == (b"ok")
    monthly.refresh_from_db()
    assert monthly.status == MonthlyStatus.CANCELED
    assert monthly.canceled_at == monthly.provider_canceled_at
    assert deferred(cancel_subscription) == []


def _page(client, community, path, method="get"):
    response = getattr(client, method)(path, HTTP_HOST=host_of(community))
    connection.set_tenant(community)
    return response


def test_the_donations_page_lists_a_donors_gifts_and_cancels_a_monthly_one(
    stripe_fund, localstripe
):
    # given a donor with a monthly donation and another person signed in elsewhere
    donor = make_member(stripe_fund, Role.DONOR)
    stranger = make_member(stripe_fund, Role.RESIDENT)
    connection.set_tenant(stripe_fund)
    monthly = _begin(stripe_fund, localstripe, donor=donor)
    as_donor, as_stranger = Client(), Client()
    as_donor.force_login(donor)
    as_stranger.force_login(stranger)

    # when the donor opens their page
    page = _page(as_donor, stripe_fund, "/fund/mine/").content.decode()

    # then it shows the monthly donation with its cancel button and the paid receipt
    assert f'action="/fund/mine/monthly/{monthly.pk}/cancel/"' in page
    assert "¥30.00 / 月" in page
    assert f"/fund/receipt/{monthly.first.token}/" in page
    # (the shell's own forms, search and text size, are on every page: count cancel forms)
    assert "/cancel/" not in _page(as_stranger, stripe_fund, "/fund/mine/").content.decode()

    # when someone else posts its cancellation: not found, nothing changed
    path = f"/fund/mine/monthly/{monthly.pk}/cancel/"
    assert _page(as_stranger, stripe_fund, path, "post").status_code == 404
    monthly.refresh_from_db()
    assert monthly.status == MonthlyStatus.ACTIVE

    # when the donor presses the button
    response = _page(as_donor, stripe_fund, path, "post")

    # then it is cancelled, the page says so and offers no button any more
    assert (response.status_code, response["Location"]) == (302, "/fund/mine/")
    monthly.refresh_from_db()
    assert monthly.status == MonthlyStatus.CANCELED
    page = _page(as_donor, stripe_fund, "/fund/mine/").content.decode()
    assert "您的月捐已取消，之后不再扣款。" in page
    assert "/cancel/" not in page
    # and a visitor who is not signed in is sent to sign in
    anonymous = _page(Client(), stripe_fund, "/fund/mine/")
    assert (anonymous.status_code, anonymous["Location"]) == (302, "/login/?next=/fund/mine/")
