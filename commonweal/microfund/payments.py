"""Donations paid by order (WeChat Pay, Alipay): the order, its notices, its expiry.

Invariants:
- The provider is never asked inside a transaction: the donation is committed before its order
  is made; a notice is verified (and a figure it lacks asked for) before the first lock; an
  unpaid order is closed at the provider by a job, and the donation marked afterwards.
- Every notice posts through `payment_reconcile`, keyed by the provider's payment and refund
  ids, so any number of deliveries in any order post once; a notice is recorded once
  (WebhookEvent) in the same transaction as its posting, and answered only after it commits.
- A notice whose amount or currency is not the donation's posts nothing: it is flagged
  (PaymentFlag) for the host and the community's staff.
- A notice is posted only in the community whose schema holds its order.
"""

from dataclasses import replace
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.models import (
    Campaign,
    Donation,
    DonationStatus,
    WebhookEvent,
    WebhookEventStatus,
)
from commonweal.microfund.money import check_amount
from commonweal.microfund.providers import provider_for, providers_for_methods
from commonweal.microfund.providers.base import InvalidWebhook, PaymentFacts, ProviderError
from commonweal.microfund.providers.orders import (
    CHANNELS,
    OrderCheckout,
    OrderProvider,
    OrderRequest,
)
from commonweal.microfund.services.payments import payment_reconcile
from commonweal.platform.accounts.selectors import signed_in
from commonweal.platform.kernel.db import insert_once
from commonweal.platform.kernel.errors import DomainError, NotFound

# An order left unpaid this long is closed (the provider is told to refuse it from then on).
ORDER_LIFETIME = timedelta(minutes=30)


class UnknownOrder(InvalidWebhook):
    """A notice about an order this community does not hold."""


def giving_rules(community) -> tuple[list[int], int]:
    """(amount tiles, smallest donation) in fen, as the community set them."""
    from commonweal.microfund.hosts.models import HostedCommunity, default_presets

    hosting = HostedCommunity.objects.filter(community=community).first()
    if hosting is None:
        return default_presets(), 100
    return list(hosting.giving_presets), hosting.giving_minimum


def offered_methods(community) -> dict:
    """{method: provider} the community's fiscal host takes online; none when it cannot tell
    (its settings are unreadable), so the page falls back to offline giving."""
    try:
        return providers_for_methods(community)
    except ProviderError:
        return {}


def offline_host(community):
    """The fiscal host, whose bank account and office the offline-giving notice names."""
    from commonweal.microfund.hosts.models import FiscalHost

    return FiscalHost.objects.filter(communities__community=community).first()


def order_methods(community) -> dict[str, OrderProvider]:
    """The offered methods that are paid by order (WeChat Pay, Alipay)."""
    return {
        method: provider
        for method, provider in offered_methods(community).items()
        if isinstance(provider, OrderProvider)
    }


def order_start(
    *,
    actor,
    community,
    amount,
    method: str,
    channel: str,
    base_url: str,
    campaign: Campaign | None = None,
    donor_name: str = "",
    message: str = "",
    anonymous: bool = True,
    client_ip: str = "127.0.0.1",
    payer: str = "",
) -> tuple[Donation, OrderCheckout]:
    """A pending donation (committed) and the provider's order for it.

    Must not run inside a transaction: the provider is asked after the donation commits. If
    the provider cannot be reached the donation stays pending and its expiry closes it."""
    amount = check_amount(amount)
    _presets, minimum = giving_rules(community)
    if amount < minimum:
        raise DomainError(
            FundErrorCode.AMOUNT_BELOW_MINIMUM,
            _("The smallest donation here is ¥%(minimum)s.") % {"minimum": f"{minimum / 100:g}"},
            field="amount",
        )
    provider = order_methods(community).get(method)
    if provider is None or channel not in CHANNELS:
        raise DomainError(
            FundErrorCode.METHOD_UNAVAILABLE,
            _("This payment method is not available."),
            field="method",
        )
    if campaign is not None and not campaign.public:
        raise NotFound(FundErrorCode.NOT_FOUND, _("No such project."), field="campaign")
    with transaction.atomic():
        donation = Donation.objects.create(
            campaign=campaign,
            amount=amount,
            method=method,
            donor_name=donor_name.strip()[:80],
            message=message.strip()[:300],
            anonymous=anonymous or not donor_name.strip(),
            donor=signed_in(actor),
            provider=provider.name,
        )
        donation.checkout_id = donation.token  # our order number at the provider
        donation.save(update_fields=["checkout_id"])
        from commonweal.microfund.tasks import expire_order

        expire_order.configure(
            schedule_in={"seconds": int(ORDER_LIFETIME.total_seconds()) + 60}
        ).defer(community_schema=community.schema_name, donation_id=donation.pk)
    try:
        checkout = provider.create_checkout(
            OrderRequest(
                donation_ref=f"{community.schema_name}:{donation.token}",
                amount=amount,
                currency=donation.currency,
                description=f"{community.name}社区微基金"
                + (f" · {campaign.title}" if campaign else ""),
                methods=(method,),
                success_url=f"{base_url}/fund/thanks/{donation.token}/",
                cancel_url=f"{base_url}/fund/",
                channel=channel,
                notify_url=f"{base_url}/fund/notices/{provider.name}/",
                client_ip=client_ip,
                payer=payer,
                expires_at=donation.created_at + ORDER_LIFETIME,
            )
        )
    except ProviderError as error:
        raise DomainError(
            FundErrorCode.PROVIDER_FAILED, _("The payment service could not be reached.")
        ) from error
    return donation, checkout


def _locked_order(provider_name: str, order: str) -> Donation | None:
    return (
        Donation.objects.select_for_update(of=("self",))
        .select_related("campaign__account")
        .filter(checkout_id=order, provider=provider_name)
        .first()
    )


def _post(community, provider_name: str, donation: Donation, facts: PaymentFacts) -> None:
    """Post a paid order's facts, or flag them when they are not the donation's. Caller holds
    the donation's row lock."""
    if not facts.succeeded:
        return
    if (facts.amount, facts.currency) != (donation.amount, donation.currency):
        from commonweal.microfund.hosts.models import PaymentFlag

        insert_once(
            PaymentFlag(
                community=community,
                provider=provider_name,
                order=donation.checkout_id or "",
                payment_id=facts.payment_id,
                expected=donation.amount,
                reported=facts.amount,
                expected_currency=donation.currency,
                reported_currency=facts.currency,
            ),
            unique=["provider", "payment_id"],
        )
        return
    payment_reconcile(community=community, facts=facts, provider=provider_name, donation=donation)


def notice_receive(*, community, provider: OrderProvider, body: bytes, headers) -> Donation:
    """Verify a notice and post it once. Raises InvalidWebhook (nothing posted) when it does
    not hold or names no order of this community; returns when its posting has committed."""
    notice = provider.parse_notice(body, headers)
    facts = notice.facts
    if facts.succeeded and facts.paid_at is None and not _in_books(facts.payment_id):
        # A refund's notice before the payment's: the payment's own facts (its time) are asked
        # for, so the books end the same whichever notice came first.
        facts = replace(provider.fetch_payment(facts.checkout_id), refunds=facts.refunds)
    with transaction.atomic():
        donation = _locked_order(provider.name, facts.checkout_id)
        if donation is None:
            raise UnknownOrder(f"no order {facts.checkout_id} here")
        seen = WebhookEvent(
            provider=provider.name,
            event_id=notice.id,
            type="notice",
            status=WebhookEventStatus.PROCESSED,
            processed_at=timezone.now(),
        )
        if insert_once(seen, unique=["provider", "event_id"]):
            _post(community, provider.name, donation, facts)
    return donation


def _in_books(payment_id: str) -> bool:
    return Donation.objects.filter(payment_id=payment_id, entry__isnull=False).exists()


def order_expire(*, community, donation_id: int) -> Donation:
    """Close an order nobody paid (the expiry job). Outside any transaction: the provider is
    asked first. A payment that landed meanwhile is booked instead; one that lands after the
    order closed is booked by its notice all the same."""
    donation = Donation.objects.get(pk=donation_id)
    if donation.entry_id is not None or donation.status != DonationStatus.PENDING:
        return donation
    provider = provider_for(community, donation.provider)
    if not isinstance(provider, OrderProvider):
        raise ProviderError("the fiscal host has no active account with this provider")
    closed = provider.close_order(donation.checkout_id)
    facts = None if closed else provider.fetch_payment(donation.checkout_id)
    with transaction.atomic():
        donation = _locked_order(provider.name, donation.checkout_id)
        if facts is not None:
            _post(community, provider.name, donation, facts)
        elif donation.entry_id is None and donation.status == DonationStatus.PENDING:
            donation.status = DonationStatus.EXPIRED
            donation.save(update_fields=["status"])
    return donation


def order_outcome(token: str) -> dict:
    """What the thank-you page shows while it waits: the donation's status and receipt."""
    donation = (
        Donation.objects.filter(token=token)
        .values("status", "amount", "receipt_number", "paid_at")
        .first()
    )
    if donation is None:
        return {"status": "unknown"}
    return {
        "status": donation["status"],
        "amount": donation["amount"],
        "receipt": donation["receipt_number"] or "",
        "paidAt": donation["paid_at"].isoformat() if donation["paid_at"] else None,
        "at": timezone.now().isoformat(),
    }
