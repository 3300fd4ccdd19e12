"""What the fund needs from a payment provider, and nothing of any provider's vocabulary.

A provider turns a donation into a hosted payment page, reports the facts of a payment (amount,
fee, refunds) when asked, refunds, stops monthly donations, and verifies its webhooks. The
ledger never sees a provider: services post entries from these facts, keyed by the provider's
own ids. A provider is a folder beside this module (see `providers/__init__.py`) holding its
SDK calls, its webhook parsing and its table of event handlers.
"""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from commonweal.microfund.webhook_handlers import WebhookHandler


class ProviderError(Exception):
    """The provider could not be reached or did not answer: asking again may succeed."""


class ProviderRefused(ProviderError):
    """The provider answered no (bad request, nothing to refund): asking again will not help."""


class InvalidWebhook(Exception):
    """Badly signed, malformed or not meant for us: answer 400 and post nothing."""


@dataclass(frozen=True)
class CheckoutRequest:
    donation_ref: str  # our reference, echoed back in the payment's metadata
    amount: int  # fen
    currency: str
    description: str
    methods: tuple[str, ...]  # DonationMethod values: "card", "alipay", "wechat_pay"
    success_url: str
    cancel_url: str
    monthly: bool = False
    email: str = ""


@dataclass(frozen=True)
class Checkout:
    id: str
    url: str


@dataclass(frozen=True)
class RefundFacts:
    id: str
    amount: int
    status: str  # "pending", "succeeded" or "failed"
    reference: str = ""  # the idempotency key we asked with, echoed back by the provider
    failure: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"


@dataclass(frozen=True)
class PaymentFacts:
    """The provider's current truth about one payment (re-fetched, never taken from an event)."""

    payment_id: str
    donation_ref: str
    amount: int
    currency: str
    succeeded: bool
    fee: int = 0
    fee_id: str = ""  # the provider's own id of the fee figure, keying its ledger entry
    method: str = ""
    paid_at: datetime | None = None
    refunds: tuple[RefundFacts, ...] = ()
    checkout_id: str = ""
    subscription_id: str = ""


@dataclass(frozen=True)
class ProviderEvent:
    id: str
    type: str
    data: dict = field(default_factory=dict)


class PaymentProvider(ABC):
    name: str = ""
    # Settings a fiscal host's admin enters: secrets are write-only, never shown again.
    secret_settings: tuple[str, ...] = ()
    public_settings: tuple[str, ...] = ()
    # What each of the provider's webhook event types means: event type → handler. An
    # explicit table, so the events a provider acts on can be read in one place.
    webhook_handlers: ClassVar[Mapping[str, "WebhookHandler"]] = {}
    # Which account takes a method when a host has several that could: lower first (the
    # domestic providers' own accounts before Stripe's WeChat Pay and Alipay).
    method_rank: ClassVar[int] = 100

    def __init__(self, settings: dict, methods: tuple[str, ...] = ("card",)):
        self.settings = settings
        self.methods = tuple(methods)

    @abstractmethod
    def create_checkout(self, request: CheckoutRequest) -> Checkout: ...

    @abstractmethod
    def fetch_payment(self, payment_id: str) -> PaymentFacts: ...

    @abstractmethod
    def refund(self, payment_id: str, amount: int, *, idempotency_key: str) -> RefundFacts:
        """Refund once per `idempotency_key`, however often asked and however long after: a
        repeat returns the refund the first call made."""

    def fetch_refund(self, payment_id: str, *, idempotency_key: str) -> RefundFacts | None:
        """The current state of the refund asked with `idempotency_key`, for a provider whose
        payment facts do not list refunds (WeChat Pay); None: read them from `fetch_payment`."""
        return None

    @abstractmethod
    def cancel_subscription(self, subscription_id: str) -> None:
        """Stop a monthly donation; an already stopped one is not an error."""

    @abstractmethod
    def parse_webhook(self, body: bytes, headers) -> ProviderEvent:
        """Verify the signature on the raw body; raise InvalidWebhook when it does not hold."""

    def read_webhook(self, body: bytes | str) -> ProviderEvent:
        """The event of a body `parse_webhook` verified before (stored, read again by the job
        that posts it). Only a provider with `webhook_handlers` has bodies stored, and
        overrides this; for any other a stored event cannot be ours, and the job sets it
        aside as failed."""
        raise InvalidWebhook(f"{self.name or 'this provider'} keeps no webhook events")
