"""Provider webhooks: verified on the raw body, each event once, order-independent.

A provider's folder declares what each of its event types means (`PaymentProvider.
webhook_handlers`, an explicit table); this module runs them the same way for every provider:

1. verify the signature (`parse_webhook`) and find the event type's handler;
2. stop at once if the event was processed before (a replay asks the provider nothing);
3. `prepare`: ask the provider what is true now (re-fetch the payment), holding no lock and no
   transaction, so a slow provider never keeps a row locked;
4. in one transaction, record the event once (a concurrent delivery of the same event waits
   here and then does nothing) and `apply` the prepared facts through the fund's services.

Handlers re-fetch rather than trust an event's body, so the events' order and their number
do not change the final state.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from commonweal.microfund.models import WebhookEvent
from commonweal.microfund.providers.base import (
    InvalidWebhook,
    PaymentFacts,
    PaymentProvider,
    ProviderEvent,
)
from commonweal.microfund.services import payments
from commonweal.platform.kernel.db import insert_once


class UnknownEvent(InvalidWebhook):
    """An event type we do not handle, or about an object that is not this community's."""


def _nothing_to_prepare(community, provider: PaymentProvider, event: ProviderEvent) -> None:
    return None


@dataclass(frozen=True)
class WebhookHandler:
    """What one event type means. `prepare(community, provider, event)` may ask the provider
    (no transaction, no lock held) and returns what `apply(community, provider, event,
    prepared)` books inside the event's transaction. Either raises UnknownEvent for an event
    that is not ours; nothing is recorded then."""

    apply: Callable[[Any, PaymentProvider, ProviderEvent, Any], Any]
    prepare: Callable[[Any, PaymentProvider, ProviderEvent], Any] = _nothing_to_prepare


def payment_facts(provider: PaymentProvider, payment_id: str, *, succeeded=False):
    """The provider's current facts of a payment, or None when an event reporting only its
    success (`succeeded`) can add nothing: the payment is in the books with its fee (a
    Checkout payment is reported twice, the session then the intent)."""
    if not payment_id:
        raise UnknownEvent("event names no payment")
    if succeeded and payments.payment_recorded(payment_id):
        return None
    return provider.fetch_payment(payment_id)


def reconcile(community, provider: PaymentProvider, facts: PaymentFacts | None):
    """Post what the books miss of `facts` (nothing when there are none to add)."""
    if facts is None:
        return None
    donation = payments.payment_reconcile(community=community, facts=facts, provider=provider.name)
    if donation is None:
        raise UnknownEvent(f"payment {facts.payment_id} belongs to no donation here")
    return donation


def handle(community, provider: PaymentProvider, body: bytes, headers) -> bool:
    """Verify, then process once. Returns False for a replay. Raises InvalidWebhook → 400."""
    event = provider.parse_webhook(body, headers)
    handler = provider.webhook_handlers.get(event.type)
    if handler is None:
        raise UnknownEvent(f"unhandled event type {event.type}")
    seen = WebhookEvent(provider=provider.name, event_id=event.id, type=event.type)
    if WebhookEvent.objects.filter(provider=seen.provider, event_id=seen.event_id).exists():
        return False
    prepared = handler.prepare(community, provider, event)
    with transaction.atomic():
        if not insert_once(seen, unique=["provider", "event_id"]):
            return False  # a concurrent delivery of the same event processed it meanwhile
        handler.apply(community, provider, event, prepared)
    return True
