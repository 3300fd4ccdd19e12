"""Provider webhooks: verified on the raw body, each event once, order-independent.

Every handler re-fetches the payment from the provider and lets `payment_reconcile` post what
is missing, so the events' order and their number do not change the final state. A handler is
`handle_<event type with dots as underscores>`.
"""

from django.db import IntegrityError, transaction

from commonweal.microfund import services
from commonweal.microfund.models import Donation, WebhookEvent
from commonweal.microfund.providers.base import InvalidWebhook, PaymentProvider, ProviderEvent


class UnknownEvent(InvalidWebhook):
    """An event type we do not handle, or about an object that is not this community's."""


def _reconcile(community, provider: PaymentProvider, payment_id: str, **extra):
    if not payment_id:
        raise UnknownEvent("event names no payment")
    facts = provider.fetch_payment(payment_id)
    if extra:
        from dataclasses import replace

        facts = replace(facts, **extra)
    donation = services.payment_reconcile(community=community, facts=facts, provider=provider.name)
    if donation is None:
        raise UnknownEvent(f"payment {payment_id} belongs to no donation here")
    return donation


def handle_checkout_session_completed(community, provider, event: ProviderEvent):
    session = event.data
    ref = (session.get("metadata") or {}).get("donation_ref") or session.get(
        "client_reference_id", ""
    )
    donation = services._donation_for_ref(community, ref)
    if donation is None:
        raise UnknownEvent("session belongs to no donation here")
    if session.get("subscription"):
        donation.subscription_id = session["subscription"]
        donation.save(update_fields=["subscription_id"])
    if session.get("payment_intent"):
        _reconcile(community, provider, session["payment_intent"])
    return donation


def handle_checkout_session_expired(community, provider, event: ProviderEvent):
    donation = services._donation_for_ref(
        community, (event.data.get("metadata") or {}).get("donation_ref", "")
    )
    if donation is None:
        raise UnknownEvent("session belongs to no donation here")
    if donation.entry_id is None:
        donation.status = "expired"
        donation.save(update_fields=["status"])


def handle_payment_intent_succeeded(community, provider, event: ProviderEvent):
    _reconcile(community, provider, event.data["id"])


def handle_charge_refunded(community, provider, event: ProviderEvent):
    """A charge or one of its refunds changed: the refunds are re-fetched with the payment."""
    _reconcile(community, provider, event.data.get("payment_intent") or "")


handle_charge_refund_updated = handle_charge_refunded
handle_refund_created = handle_refund_updated = handle_refund_failed = handle_charge_refunded


def handle_invoice_paid(community, provider, event: ProviderEvent):
    """A month of a monthly donation: a new donation like the first, keyed by its payment."""
    invoice = event.data
    subscription = invoice.get("subscription") or ""
    payment_id = invoice.get("payment_intent") or ""
    first = (
        Donation.objects.filter(subscription_id=subscription, monthly=True)
        .order_by("created_at", "id")
        .first()
        if subscription
        else None
    )
    if first is None or not payment_id:
        raise UnknownEvent("invoice of no monthly donation here")
    if first.payment_id in (None, "", payment_id):
        return _reconcile(community, provider, payment_id)
    existing = Donation.objects.filter(payment_id=payment_id).first()
    if existing is None:
        existing = Donation.objects.create(
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
            subscription_id=subscription,
            payment_id=payment_id,
        )
    facts = provider.fetch_payment(payment_id)
    return services.payment_reconcile(
        community=community, facts=facts, provider=provider.name, donation=existing
    )


def handle(community, provider: PaymentProvider, body: bytes, headers) -> bool:
    """Verify, then process once. Returns False for a replay. Raises InvalidWebhook → 400."""
    event = provider.parse_webhook(body, headers)
    handler = globals().get("handle_" + event.type.replace(".", "_"))
    if handler is None:
        raise UnknownEvent(f"unhandled event type {event.type}")
    with transaction.atomic():
        try:
            with transaction.atomic():
                WebhookEvent.objects.create(
                    provider=provider.name, event_id=event.id, type=event.type
                )
        except IntegrityError:
            return False
        handler(community, provider, event)
    return True
