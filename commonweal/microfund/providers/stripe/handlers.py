"""What each Stripe event means for the fund: an explicit table of event type → handler.

Every handler names what its event is about (`subject`, read at receipt: an event naming
nothing is refused there), re-fetches the payment from Stripe (in `prepare`, in the drain job
before any lock) and lets the fund's services post what is missing (in `apply`), see
`microfund/webhooks.py`.
"""

from datetime import UTC, datetime

from commonweal.microfund.providers.base import ProviderEvent
from commonweal.microfund.services import donations, monthly_giving, payment_batches
from commonweal.microfund.webhook_handlers import (
    UnknownEvent,
    WebhookHandler,
    payment_facts,
    reconcile,
    reconcile_together,
)


def _id(value) -> str:
    """An expanded object's id, or the id itself; anything else (a number, a list) is no id."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _dict(value) -> dict:
    """A nested object as Stripe sends it, or an empty one where an event carries something
    else: authentic events of an unexpected shape are refused, never a server error."""
    return value if isinstance(value, dict) else {}


def _text(value) -> str:
    return value if isinstance(value, str) else ""


# --- Checkout ----------------------------------------------------------------------------------


def _session_ref(event: ProviderEvent) -> str:
    session = event.data
    return _text(_dict(session.get("metadata")).get("donation_ref")) or _text(
        session.get("client_reference_id")
    )


def _expired_ref(event: ProviderEvent) -> str:
    return _text(_dict(event.data.get("metadata")).get("donation_ref"))


def _session_payment(community, provider, event: ProviderEvent):
    payment_id = _id(event.data.get("payment_intent"))
    return payment_facts(provider, payment_id, succeeded=True) if payment_id else None


def _session_completed(community, provider, event: ProviderEvent, facts):
    session = event.data
    donation = donations.donation_for_ref(community, _session_ref(event))
    if donation is None:
        raise UnknownEvent("session belongs to no donation here")
    if session.get("subscription"):
        email = _text(_dict(session.get("customer_details")).get("email")) or _text(
            session.get("customer_email")
        )
        monthly_giving.monthly_donation_begin(
            community=community,
            donation=donation,
            subscription_id=_id(session["subscription"]),
            email=email,
        )
    reconcile(community, provider, facts)
    return donation


def _session_expired(community, provider, event: ProviderEvent, _prepared):
    if donations.donation_expire(community=community, ref=_expired_ref(event)) is None:
        raise UnknownEvent("session belongs to no donation here")


# --- payments and refunds --------------------------------------------------------------------


def _own_id(event: ProviderEvent) -> str:
    return _id(event.data.get("id"))


def _charge_payment(event: ProviderEvent) -> str:
    return _id(event.data.get("payment_intent"))


def _intent_succeeded(community, provider, event: ProviderEvent):
    return payment_facts(provider, _id(event.data.get("id")), succeeded=True)


def _intents_recorded(community, provider, events: list[ProviderEvent]):
    """Which of the batch's intents are in the books already, asked once for all of them."""
    return payment_batches.knowing_recorded([_own_id(event) for event in events])


def _charge_changed(community, provider, event: ProviderEvent):
    """A charge or one of its refunds changed: the refunds are re-fetched with the payment."""
    return payment_facts(provider, _charge_payment(event))


def _book(community, provider, event: ProviderEvent, facts):
    return reconcile(community, provider, facts)


# --- monthly donations (subscriptions and their invoices) ---------------------------------------


def _invoice_facts(invoice: dict) -> tuple[str, str, str, datetime]:
    """(subscription id, our donation reference, payment id, created) of an invoice, in the
    field names of Stripe's API before 2025-03 and after (`parent.subscription_details`)."""
    details = _dict(invoice.get("subscription_details")) or _dict(
        _dict(invoice.get("parent")).get("subscription_details")
    )
    subscription = _id(invoice.get("subscription") or details.get("subscription"))
    ref = _text(_dict(details.get("metadata")).get("donation_ref"))
    payment_id = _id(invoice.get("payment_intent"))
    if not payment_id:
        listed = _dict(invoice.get("payments")).get("data")
        first = _dict(listed[0]) if isinstance(listed, list) and listed else {}
        payment_id = _id(_dict(first.get("payment")).get("payment_intent"))
    created = invoice.get("created")
    if not isinstance(created, int) or isinstance(created, bool) or not 0 <= created < 2**37:
        created = 0
    created = datetime.fromtimestamp(created, tz=UTC)
    return subscription, ref, payment_id, created


def _paid_invoice_subject(event: ProviderEvent) -> str:
    subscription, _ref, payment_id, _created = _invoice_facts(event.data)
    return payment_id if subscription else ""


def _failed_invoice_subject(event: ProviderEvent) -> str:
    return _invoice_facts(event.data)[0]


def _invoice_payment(community, provider, event: ProviderEvent):
    subscription, _ref, payment_id, _created = _invoice_facts(event.data)
    if not subscription or not payment_id:
        raise UnknownEvent("invoice of no monthly donation")
    return provider.fetch_payment(payment_id)


def _invoice_paid(community, provider, event: ProviderEvent, facts):
    """A month of a monthly donation: a new donation like the first, keyed by its payment."""
    subscription, ref, _payment_id, created = _invoice_facts(event.data)
    donation = monthly_giving.monthly_renewal_paid(
        community=community,
        facts=facts,
        subscription_id=subscription,
        invoiced_at=created,
        provider=provider.name,
        first_month=event.data.get("billing_reason") == "subscription_create",
        donation_ref=ref,
    )
    if donation is None:
        raise UnknownEvent("invoice of no monthly donation here")
    return donation


def _failed_invoice_paid_since(community, provider, event: ProviderEvent) -> bool:
    """Whether a later attempt of the failed invoice's payment succeeded (its invoice.paid
    then records the month)."""
    subscription, _ref, payment_id, _created = _invoice_facts(event.data)
    if not subscription:
        raise UnknownEvent("invoice of no monthly donation")
    return bool(payment_id) and provider.fetch_payment(payment_id).succeeded


def _invoice_payment_failed(community, provider, event: ProviderEvent, paid_since: bool):
    """A month could not be collected: past due, donor told, nothing posted."""
    if paid_since:
        return None
    subscription, ref, _payment_id, created = _invoice_facts(event.data)
    monthly = monthly_giving.monthly_renewal_failed(
        community=community,
        subscription_id=subscription,
        invoice_id=_id(event.data.get("id")),
        invoiced_at=created,
        donation_ref=ref,
    )
    if monthly is None:
        raise UnknownEvent("invoice of no monthly donation here")
    return monthly


def _subscription_deleted(community, provider, event: ProviderEvent, _prepared):
    subscription = _id(event.data.get("id"))
    if subscription and monthly_giving.monthly_donation_ended(
        community=community, subscription_id=subscription
    ):
        return None
    raise UnknownEvent("subscription of no monthly donation here")


_CHARGE_CHANGED = WebhookHandler(
    subject=_charge_payment,
    prepare=_charge_changed,
    apply=_book,
    apply_together=reconcile_together,
)

HANDLERS: dict[str, WebhookHandler] = {
    "checkout.session.completed": WebhookHandler(
        subject=_session_ref, prepare=_session_payment, apply=_session_completed
    ),
    "checkout.session.expired": WebhookHandler(subject=_expired_ref, apply=_session_expired),
    "payment_intent.succeeded": WebhookHandler(
        subject=_own_id,
        prepare=_intent_succeeded,
        apply=_book,
        prepare_together=_intents_recorded,
        apply_together=reconcile_together,
    ),
    "charge.refunded": _CHARGE_CHANGED,
    "charge.refund.updated": _CHARGE_CHANGED,
    "refund.created": _CHARGE_CHANGED,
    "refund.updated": _CHARGE_CHANGED,
    "refund.failed": _CHARGE_CHANGED,
    "invoice.paid": WebhookHandler(
        subject=_paid_invoice_subject, prepare=_invoice_payment, apply=_invoice_paid
    ),
    "invoice.payment_failed": WebhookHandler(
        subject=_failed_invoice_subject,
        prepare=_failed_invoice_paid_since,
        apply=_invoice_payment_failed,
    ),
    "customer.subscription.deleted": WebhookHandler(subject=_own_id, apply=_subscription_deleted),
}
