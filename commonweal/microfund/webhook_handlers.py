"""What a provider's table of webhook handlers is made of (`PaymentProvider.webhook_handlers`),
and the steps most of its handlers share: re-fetch a payment, post what the books miss of it.
`webhooks.py` runs the handlers (receipt, the drain job).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from commonweal.microfund.providers.base import (
    InvalidWebhook,
    PaymentFacts,
    PaymentProvider,
    ProviderEvent,
)
from commonweal.microfund.services import payment_batches, payments


class UnknownEvent(InvalidWebhook):
    """An event type we do not handle, or about an object that is not this community's."""


def _nothing_to_prepare(community, provider: PaymentProvider, event: ProviderEvent) -> None:
    return None


@dataclass(frozen=True)
class WebhookHandler:
    """What one event type means. `subject(event)` is the id the event is about, read from
    its verified body alone; an event without one is refused at receipt. `prepare(community,
    provider, event)` may ask the provider (no transaction, no lock held) and returns what
    `apply(community, provider, event, prepared)` books inside the event's transaction.
    Either raises UnknownEvent for an event that is not ours; nothing is posted then."""

    subject: Callable[[ProviderEvent], str]
    apply: Callable[[Any, PaymentProvider, ProviderEvent, Any], Any]
    prepare: Callable[[Any, PaymentProvider, ProviderEvent], Any] = _nothing_to_prepare
    # Optional, for a batch's events that share work: a context manager opened around the
    # `prepare`s (given the events) or the `apply`s (given what was prepared) of all the
    # batch's events whose handlers name the same one, to read once what they all need and
    # defer their writes to its end. It changes how they read and write, never what they do.
    # A handler naming an `apply_together` raises UnknownEvent from `apply` only before it has
    # written anything: the event is then set aside and the others of the batch posted.
    prepare_together: Callable[[Any, PaymentProvider, list[ProviderEvent]], Any] | None = None
    apply_together: Callable[[Any, PaymentProvider, list[Any]], Any] | None = None


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
    """Post what the books miss of `facts` (nothing when there are none to add). UnknownEvent
    only when no donation holds the payment, before anything is written."""
    if facts is None:
        return None
    donation = payments.payment_reconcile(community=community, facts=facts, provider=provider.name)
    if donation is None:
        raise UnknownEvent(f"payment {facts.payment_id} belongs to no donation here")
    return donation


def reconcile_together(community, provider: PaymentProvider, prepared: list):
    """`apply_together` of handlers that `reconcile`: their payments posted as one batch."""
    return payment_batches.reconciling(community=community, facts=prepared, provider=provider.name)
