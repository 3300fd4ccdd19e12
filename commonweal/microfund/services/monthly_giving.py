"""Monthly donations (月捐): a subscription at the provider, one donation per month paid, the
donor told when a month fails, stopped at the donor's request.
"""

import contextlib

from django.db import transaction
from django.utils import timezone

from commonweal.microfund.models import (
    Donation,
    MonthlyDonation,
    MonthlyStatus,
)
from commonweal.microfund.providers import provider_for
from commonweal.microfund.providers.base import (
    PaymentFacts,
    ProviderError,
    ProviderRefused,
)
from commonweal.microfund.services.donations import (
    donation_for_ref,
)
from commonweal.microfund.services.payments import payment_reconcile


def monthly_donation_begin(
    *, community, donation: Donation, subscription_id: str, email: str = ""
) -> MonthlyDonation:
    """The standing monthly donation that `donation` (its first payment) started; idempotent."""
    monthly, _created = MonthlyDonation.objects.get_or_create(
        subscription_id=subscription_id,
        defaults={
            "first": donation,
            "donor_id": donation.donor_id,
            "provider": donation.provider,
            "email": email,
        },
    )
    if donation.subscription_id != subscription_id:
        donation.subscription_id = subscription_id
        donation.save(update_fields=["subscription_id"])
    return monthly


def _monthly_for_subscription(community, subscription_id: str, donation_ref: str = ""):
    """The monthly donation of a subscription; begun here from the subscription's reference
    when its first payment's events have not arrived yet."""
    monthly = MonthlyDonation.objects.filter(subscription_id=subscription_id).first()
    if monthly is None and subscription_id:
        first = donation_for_ref(community, donation_ref)
        if first is not None and first.monthly:
            monthly = monthly_donation_begin(
                community=community, donation=first, subscription_id=subscription_id
            )
    return monthly


def _is_newest_invoice(monthly: MonthlyDonation, invoiced_at) -> bool:
    return monthly.last_invoice_at is None or invoiced_at >= monthly.last_invoice_at


@transaction.atomic
def monthly_renewal_paid(
    *,
    community,
    facts: PaymentFacts,
    subscription_id: str,
    invoiced_at,
    provider: str,
    first_month: bool = False,
    donation_ref: str = "",
) -> Donation | None:
    """One month of a monthly donation was paid: a donation of its own, keyed by its payment
    (the first month is the donation that started it). A paid newest invoice ends a failure."""
    monthly = _monthly_for_subscription(community, subscription_id, donation_ref)
    if monthly is None:
        return None
    monthly = MonthlyDonation.objects.select_for_update().select_related("first").get(pk=monthly.pk)
    first = monthly.first
    if facts.payment_id == first.payment_id or (first_month and not first.payment_id):
        donation = first
    else:
        donation = Donation.objects.filter(payment_id=facts.payment_id).first()
        if donation is None:
            donation = Donation.objects.create(
                campaign=first.campaign,
                amount=first.amount,
                currency=first.currency,
                method=first.method,
                donor_name=first.donor_name,
                message=first.message,
                anonymous=first.anonymous,
                donor=first.donor,
                monthly=True,
                provider=first.provider,
                subscription_id=subscription_id,
                payment_id=facts.payment_id,
            )
    donation = payment_reconcile(
        community=community, facts=facts, provider=provider, donation=donation
    )
    recovered = facts.succeeded and _is_newest_invoice(monthly, invoiced_at)
    if recovered and monthly.status != MonthlyStatus.CANCELED:
        monthly.status = MonthlyStatus.ACTIVE
        monthly.failed_invoice_id = ""
        monthly.last_invoice_at = invoiced_at
        monthly.save(update_fields=["status", "failed_invoice_id", "last_invoice_at"])
    return donation


@transaction.atomic
def monthly_renewal_failed(
    *, community, subscription_id: str, invoice_id: str, invoiced_at, donation_ref: str = ""
) -> MonthlyDonation | None:
    """A month's payment failed (the provider retries it): the monthly donation is past due
    and the donor is told, once per invoice. Nothing is posted. The caller has checked with
    the provider that the invoice's payment has not succeeded since."""
    monthly = _monthly_for_subscription(community, subscription_id, donation_ref)
    if monthly is None:
        return None
    monthly = MonthlyDonation.objects.select_for_update().get(pk=monthly.pk)
    if monthly.status == MonthlyStatus.CANCELED or not _is_newest_invoice(monthly, invoiced_at):
        return monthly
    told = monthly.failed_invoice_id == invoice_id
    monthly.status = MonthlyStatus.PAST_DUE
    monthly.failed_invoice_id = invoice_id
    monthly.last_invoice_at = invoiced_at
    monthly.save(update_fields=["status", "failed_invoice_id", "last_invoice_at"])
    if not told:
        _tell_donor_renewal_failed(community, monthly)
    return monthly


def renewal_failed_message(community, monthly: MonthlyDonation) -> tuple[str, str, str]:
    """(title, body, link) of what a donor is told when a month's payment failed."""
    from django.utils.translation import gettext

    from commonweal.microfund.templatetags.fund import yuan
    from commonweal.tenants.validators import domain_for

    first = monthly.first
    title = gettext("Your monthly donation to %(community)s could not be collected") % {
        "community": community.name
    }
    body = gettext(
        "This month's payment of ¥%(amount)s failed. The payment service will try again in the"
        " next days; you can also cancel the monthly donation on your donations page."
    ) % {"amount": yuan(first.amount)}
    return title, body, f"http://{domain_for(community.slug)}/fund/mine/"


def _tell_donor_renewal_failed(community, monthly: MonthlyDonation) -> None:
    """In-app and e-mail for a signed-in donor; an e-mail job for one known by address only."""
    from commonweal.platform.notifications.services import notify

    if monthly.donor_id is not None:
        title, body, url = renewal_failed_message(community, monthly)
        notify(
            users=[monthly.donor],
            community=community,
            kind="fund.monthly_failed",
            title=title,
            body=body,
            url=url,
        )
    elif monthly.email:
        from commonweal.microfund.tasks import email_renewal_failed

        email_renewal_failed.defer(community_schema=community.schema_name, monthly_id=monthly.pk)


@transaction.atomic
def monthly_donation_cancel(*, actor, community, monthly: MonthlyDonation) -> MonthlyDonation:
    """Stop a monthly donation at its donor's request; asking again changes nothing.

    Cancelled here at once; the provider is told by a job after commit, retried while it is
    unreachable. A month the provider collected before hearing of it is still recorded."""
    monthly = MonthlyDonation.objects.select_for_update().get(pk=monthly.pk)
    if monthly.status == MonthlyStatus.CANCELED:
        return monthly
    monthly.status = MonthlyStatus.CANCELED
    monthly.canceled_at = timezone.now()
    monthly.save(update_fields=["status", "canceled_at"])
    if monthly.provider_canceled_at is None:
        from commonweal.microfund.tasks import cancel_subscription

        cancel_subscription.configure(
            queueing_lock=f"{community.schema_name}:monthly:{monthly.pk}"
        ).defer(community_schema=community.schema_name, monthly_id=monthly.pk)
    return monthly


def monthly_donation_stop_at_provider(*, community, monthly_id: int) -> MonthlyDonation:
    """Tell the provider to stop collecting (the cancel job's work; outside any transaction).
    Raises ProviderError while the provider cannot be reached, so the job retries."""
    monthly = MonthlyDonation.objects.get(pk=monthly_id)
    if monthly.provider_canceled_at is not None:
        return monthly
    provider = provider_for(community, monthly.provider)
    if provider is None:
        raise ProviderError("the fiscal host has no active account with this provider")
    # A refusal means the provider has no such subscription running: nothing left to stop.
    with contextlib.suppress(ProviderRefused):
        provider.cancel_subscription(monthly.subscription_id)
    MonthlyDonation.objects.filter(pk=monthly.pk, provider_canceled_at__isnull=True).update(
        provider_canceled_at=timezone.now()
    )
    monthly.refresh_from_db()
    return monthly


@transaction.atomic
def monthly_donation_ended(*, community, subscription_id: str) -> MonthlyDonation | None:
    """The provider stopped the subscription (the donor's cancellation reaching it, failed
    retries running out, or a cancellation in its dashboard)."""
    monthly = (
        MonthlyDonation.objects.select_for_update().filter(subscription_id=subscription_id).first()
    )
    if monthly is None:
        return None
    now = timezone.now()
    monthly.status = MonthlyStatus.CANCELED
    monthly.canceled_at = monthly.canceled_at or now
    monthly.provider_canceled_at = monthly.provider_canceled_at or now
    monthly.save(update_fields=["status", "canceled_at", "provider_canceled_at"])
    return monthly
