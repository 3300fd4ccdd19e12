"""Provider webhooks: verified on the raw body, each event once, order-independent.

Every handler re-fetches the payment from the provider and lets `payment_reconcile` post what
is missing, so the events' order and their number do not change the final state (a report of
a success already in the books with its fee is not re-fetched: it could add nothing). A
handler is `handle_<event type with dots as underscores>`.
"""

from datetime import UTC, datetime

from django.db import transaction

from commonweal.microfund import services
from commonweal.microfund.models import WebhookEvent
from commonweal.microfund.providers.base import InvalidWebhook, PaymentProvider, ProviderEvent
from commonweal.platform.db import insert_once


class UnknownEvent(InvalidWebhook):
    """An event type we do not handle, or about an object that is not this community's."""


def _reconcile(community, provider: PaymentProvider, payment_id: str, *, succeeded=False):
    """Re-fetch the payment and post what is missing. An event reporting only its success
    (`succeeded`) is skipped without asking the provider once the payment is in the books
    with its fee: a Checkout payment is reported twice (the session, then the intent)."""
    if not payment_id:
        raise UnknownEvent("event names no payment")
    if succeeded and services.payment_recorded(payment_id):
        return None
    facts = provider.fetch_payment(payment_id)
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
        email = (session.get("customer_details") or {}).get("email") or session.get(
            "customer_email"
        )
        services.monthly_donation_begin(
            community=community,
            donation=donation,
            subscription_id=_id(session["subscription"]),
            email=email or "",
        )
    if session.get("payment_intent"):
        _reconcile(community, provider, _id(session["payment_intent"]), succeeded=True)
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
    _reconcile(community, provider, event.data["id"], succeeded=True)


def handle_charge_refunded(community, provider, event: ProviderEvent):
    """A charge or one of its refunds changed: the refunds are re-fetched with the payment."""
    _reconcile(community, provider, event.data.get("payment_intent") or "")


handle_charge_refund_updated = handle_charge_refunded
handle_refund_created = handle_refund_updated = handle_refund_failed = handle_charge_refunded


def _id(value) -> str:
    """An expanded object's id, or the id itself."""
    return (value.get("id") or "") if isinstance(value, dict) else (value or "")


def _invoice_facts(invoice: dict) -> tuple[str, str, str, datetime]:
    """(subscription id, our donation reference, payment id, created) of an invoice, in the
    field names of Stripe's API before 2025-03 and after (`parent.subscription_details`)."""
    details = (
        invoice.get("subscription_details")
        or (invoice.get("parent") or {}).get("subscription_details")
        or {}
    )
    subscription = _id(invoice.get("subscription") or details.get("subscription"))
    ref = (details.get("metadata") or {}).get("donation_ref", "")
    payment_id = _id(invoice.get("payment_intent"))
    if not payment_id:
        payments = (invoice.get("payments") or {}).get("data") or [{}]
        payment_id = _id((payments[0].get("payment") or {}).get("payment_intent"))
    created = datetime.fromtimestamp(int(invoice.get("created") or 0), tz=UTC)
    return subscription, ref, payment_id, created


def handle_invoice_paid(community, provider, event: ProviderEvent):
    """A month of a monthly donation: a new donation like the first, keyed by its payment."""
    subscription, ref, payment_id, created = _invoice_facts(event.data)
    if not subscription or not payment_id:
        raise UnknownEvent("invoice of no monthly donation")
    donation = services.monthly_renewal_paid(
        community=community,
        facts=provider.fetch_payment(payment_id),
        subscription_id=subscription,
        invoiced_at=created,
        provider=provider.name,
        first_month=event.data.get("billing_reason") == "subscription_create",
        donation_ref=ref,
    )
    if donation is None:
        raise UnknownEvent("invoice of no monthly donation here")
    return donation


def handle_invoice_payment_failed(community, provider, event: ProviderEvent):
    """A month could not be collected: past due, donor told, nothing posted."""
    subscription, ref, payment_id, created = _invoice_facts(event.data)
    if not subscription:
        raise UnknownEvent("invoice of no monthly donation")
    if payment_id and provider.fetch_payment(payment_id).succeeded:
        return None  # a later attempt succeeded: its invoice.paid records the month
    monthly = services.monthly_renewal_failed(
        community=community,
        subscription_id=subscription,
        invoice_id=event.data.get("id", ""),
        invoiced_at=created,
        donation_ref=ref,
    )
    if monthly is None:
        raise UnknownEvent("invoice of no monthly donation here")
    return monthly


def handle_customer_subscription_deleted(community, provider, event: ProviderEvent):
    if services.monthly_donation_ended(community=community, subscription_id=event.data["id"]):
        return None
    raise UnknownEvent("subscription of no monthly donation here")


def handle(community, provider: PaymentProvider, body: bytes, headers) -> bool:
    """Verify, then process once. Returns False for a replay. Raises InvalidWebhook → 400."""
    event = provider.parse_webhook(body, headers)
    handler = globals().get("handle_" + event.type.replace(".", "_"))
    if handler is None:
        raise UnknownEvent(f"unhandled event type {event.type}")
    with transaction.atomic():
        seen = WebhookEvent(provider=provider.name, event_id=event.id, type=event.type)
        if not insert_once(seen, unique=["provider", "event_id"]):
            return False
        handler(community, provider, event)
    return True
