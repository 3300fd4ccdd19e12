"""What a provider that works by orders adds to the interface (WeChat Pay, Alipay).

Such a provider takes an order we number ourselves, tells us of a payment or a refund in a
signed notification that carries the facts (nothing needs to be fetched to post it), closes an
order nobody paid, and publishes a bill for each day. None of its words leave its folder: the
fund sees channels ("mobile_web", "in_app", "desktop"), notices, bill lines.

Order numbers: our donation's token (24 URL-safe characters, unique across every community of a
host), so one host's merchant account serves many communities and a notice is posted only in
the community whose schema holds the order.
"""

from abc import abstractmethod
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from commonweal.microfund.providers.base import (
    Checkout,
    CheckoutRequest,
    InvalidWebhook,
    PaymentFacts,
    PaymentProvider,
)

# The donor's device, as the donation page sees it.
MOBILE_WEB = "mobile_web"  # an ordinary phone browser
IN_APP = "in_app"  # inside the provider's own app (WeChat's browser)
DESKTOP = "desktop"
CHANNELS = (MOBILE_WEB, IN_APP, DESKTOP)

# A notification older (or newer) than this is refused: a captured one cannot be replayed later.
NOTICE_MAX_SKEW = timedelta(minutes=5)


class StaleNotice(InvalidWebhook):
    """Signed, but sent more than NOTICE_MAX_SKEW from now."""


@dataclass(frozen=True)
class OrderRequest(CheckoutRequest):
    channel: str = MOBILE_WEB
    notify_url: str = ""
    client_ip: str = "127.0.0.1"
    payer: str = ""  # the donor's id at the provider (WeChat openid) for in-app payment
    expires_at: datetime | None = None


@dataclass(frozen=True)
class OrderCheckout(Checkout):
    """Where the donor pays: `url` to send the browser to, or `qr` to show as a QR code
    (desktop), or `in_app` parameters for the provider app's own payment sheet."""

    qr: str = ""
    in_app: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Notice:
    """A verified notification. `facts` are the payment's as the provider signed them; a
    refund's notice lists that refund in `facts.refunds` (and `facts.paid_at` is None when
    the notice does not say when the payment was made)."""

    id: str
    facts: PaymentFacts


@dataclass(frozen=True)
class BillLine:
    """One line of the provider's bill: a payment, or a refund of one."""

    order: str  # our order number
    payment_id: str
    amount: int  # fen, positive for both kinds
    refund_id: str = ""  # empty for a payment
    refund_reference: str = ""  # our reference of the refund
    currency: str = "CNY"

    @property
    def is_refund(self) -> bool:
        return bool(self.refund_id or self.refund_reference)


class OrderProvider(PaymentProvider):
    """A provider paid by orders. `fetch_payment` takes our order number."""

    # What the notification endpoint answers: (status, content type, body).
    @abstractmethod
    def notice_answer(self, accepted: bool) -> tuple[int, str, bytes]: ...

    @abstractmethod
    def parse_notice(self, body: bytes, headers, *, now: datetime | None = None) -> Notice:
        """Verify and read a notification; raise InvalidWebhook (StaleNotice) when it does not
        hold. May ask the provider for a figure the notice leaves out (no lock is held)."""

    @abstractmethod
    def close_order(self, order: str) -> bool:
        """Close an unpaid order. False when it was paid meanwhile (then it stays open)."""

    def certificates(self) -> list[tuple[str, datetime]]:
        """(what, valid until) of each certificate in the settings, to warn before one ends."""
        return []

    @abstractmethod
    def fetch_bill(self, day: date) -> list[BillLine]:
        """The provider's bill of `day` (Beijing time), line by line."""

    def cancel_subscription(self, subscription_id: str) -> None:
        """Order providers take no monthly donations: nothing to stop."""

    def parse_webhook(self, body: bytes, headers):
        notice = self.parse_notice(body, headers)
        from commonweal.microfund.providers.base import ProviderEvent

        return ProviderEvent(id=notice.id, type="notice", data={"notice": notice})

    def create_checkout(self, request: CheckoutRequest) -> Checkout:
        if not isinstance(request, OrderRequest):
            request = OrderRequest(**request.__dict__)
        return self.create_order(request)

    @abstractmethod
    def create_order(self, request: OrderRequest) -> OrderCheckout: ...
