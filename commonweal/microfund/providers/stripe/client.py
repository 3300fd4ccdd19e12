"""Stripe's SDK behind the provider interface: Checkout Sessions, PaymentIntents, refunds,
subscriptions, and the signature check of its webhooks.

Settings (stored encrypted on the fiscal host): {"secret_key", "webhook_secret"}; the API
address comes from settings.STRIPE_API_BASE (localstripe in tests).
"""

import json
from datetime import UTC, datetime

import stripe
from django.conf import settings as django_settings

from commonweal.microfund.providers.base import (
    Checkout,
    CheckoutRequest,
    InvalidWebhook,
    PaymentFacts,
    PaymentProvider,
    ProviderError,
    ProviderEvent,
    ProviderRefused,
    RefundFacts,
)
from commonweal.microfund.providers.stripe.handlers import HANDLERS

# Stripe's answers that asking again will not change (a 4xx about the request itself).
_REFUSALS = (stripe.InvalidRequestError, stripe.CardError, stripe.IdempotencyError)
# Our reference of a refund, kept in its metadata: Stripe forgets idempotency keys after 24
# hours, and a refund retried after a longer outage must still find the first one.
_REFUND_REF = "refund_ref"


def _refund_facts(refund: dict) -> RefundFacts:
    status = refund.get("status")
    return RefundFacts(
        id=refund["id"],
        amount=int(refund["amount"]),
        # "pending" and "requires_action" may still succeed; "failed" and "canceled" will not.
        status={"succeeded": "succeeded", "failed": "failed", "canceled": "failed"}.get(
            status, "pending"
        ),
        reference=(refund.get("metadata") or {}).get(_REFUND_REF, ""),
        failure=refund.get("failure_reason") or "",
    )


class StripeProvider(PaymentProvider):
    name = "stripe"
    secret_settings = ("secret_key", "webhook_secret")
    public_settings = ("api_base",)
    webhook_handlers = HANDLERS

    def __init__(self, settings: dict, methods=("card",)):
        super().__init__(settings, methods)
        self.client = stripe.StripeClient(
            settings.get("secret_key") or "sk_test_missing",
            base_addresses={"api": settings.get("api_base") or django_settings.STRIPE_API_BASE},
            max_network_retries=2,
            # The library's default read timeout is 80 s a try; a webhook holds its
            # transaction open while it asks.
            http_client=stripe.RequestsClient(timeout=django_settings.STRIPE_TIMEOUT),
        )

    def _call(self, fn, *args, **kwargs):
        try:
            result = fn(*args, **kwargs)
        except _REFUSALS as error:
            raise ProviderRefused(str(error)) from error
        except stripe.StripeError as error:
            raise ProviderError(str(error)) from error
        return result.to_dict() if hasattr(result, "to_dict") else result

    def create_checkout(self, request: CheckoutRequest) -> Checkout:
        metadata = {"donation_ref": request.donation_ref}
        price = {
            "currency": request.currency.lower(),
            "unit_amount": request.amount,
            "product_data": {"name": request.description},
        }
        params = {
            "line_items": [{"price_data": price, "quantity": 1}],
            "success_url": request.success_url,
            "cancel_url": request.cancel_url,
            "client_reference_id": request.donation_ref,
            "metadata": metadata,
        }
        if request.monthly:  # subscriptions take cards only
            price["recurring"] = {"interval": "month"}
            params |= {
                "mode": "subscription",
                "payment_method_types": ["card"],
                "subscription_data": {"metadata": metadata},
            }
        else:
            params |= {
                "mode": "payment",
                "payment_method_types": list(self.methods),
                "payment_intent_data": {"metadata": metadata},
            }
            if "wechat_pay" in self.methods:
                params["payment_method_options"] = {"wechat_pay": {"client": "web"}}
        if request.email:
            params["customer_email"] = request.email
        session = self._call(self.client.v1.checkout.sessions.create, params)
        return Checkout(id=session["id"], url=session["url"])

    def fetch_payment(self, payment_id: str) -> PaymentFacts:
        # One request: the charge, its balance transaction (the fee) and its refunds expanded.
        intent = self._call(
            self.client.v1.payment_intents.retrieve,
            payment_id,
            {"expand": ["latest_charge.balance_transaction", "latest_charge.refunds"]},
        )
        charge = intent.get("latest_charge") or {}
        if isinstance(charge, str):
            charge = self._call(self.client.v1.charges.retrieve, charge)
        fee, fee_id, method, paid_at = 0, "", "", None
        if charge:
            txn = charge.get("balance_transaction") or {}
            if isinstance(txn, str):
                txn = self._call(self.client.v1.balance_transactions.retrieve, txn)
            if txn:
                fee, fee_id = int(txn.get("fee") or 0), txn["id"]
            details = charge.get("payment_method_details") or {}
            method = details.get("type", "")
            paid_at = datetime.fromtimestamp(charge["created"], tz=UTC)
        refunds = charge.get("refunds")
        if not isinstance(refunds, dict) or refunds.get("has_more"):
            refunds = self._call(
                self.client.v1.refunds.list, {"payment_intent": payment_id, "limit": 100}
            )
        metadata = intent.get("metadata") or {}
        return PaymentFacts(
            payment_id=intent["id"],
            donation_ref=metadata.get("donation_ref", ""),
            amount=int(intent["amount"]),
            currency=str(intent["currency"]).upper(),
            succeeded=intent["status"] == "succeeded",
            fee=fee,
            fee_id=fee_id,
            method=method or "card",
            paid_at=paid_at,
            refunds=tuple(_refund_facts(r) for r in refunds["data"]),
        )

    def refund(self, payment_id: str, amount: int, *, idempotency_key: str) -> RefundFacts:
        listed = self._call(
            self.client.v1.refunds.list, {"payment_intent": payment_id, "limit": 100}
        )
        for refund in listed["data"]:
            if (refund.get("metadata") or {}).get(_REFUND_REF) == idempotency_key:
                return _refund_facts(refund)
        refund = self._call(
            self.client.v1.refunds.create,
            {
                "payment_intent": payment_id,
                "amount": amount,
                "metadata": {_REFUND_REF: idempotency_key},
            },
            {"idempotency_key": idempotency_key},
        )
        return _refund_facts(refund)

    def cancel_subscription(self, subscription_id: str) -> None:
        subscription = self._call(self.client.v1.subscriptions.retrieve, subscription_id)
        if subscription["status"] not in ("canceled", "incomplete_expired"):
            self._call(self.client.v1.subscriptions.cancel, subscription_id)

    def parse_webhook(self, body: bytes, headers) -> ProviderEvent:
        # The library's check of the signature alone (what its docs advise before storing an
        # event for later): building its event objects would cost more than the check.
        try:
            stripe.WebhookSignature.verify_header(
                body,
                headers.get("Stripe-Signature") or "",
                self.settings.get("webhook_secret", ""),
                stripe.Webhook.DEFAULT_TOLERANCE,
            )
        except (ValueError, stripe.SignatureVerificationError) as error:
            raise InvalidWebhook(str(error)) from error
        return self.read_webhook(body)

    def read_webhook(self, body: bytes | str) -> ProviderEvent:
        try:
            found = json.loads(body)
        except ValueError as error:
            raise InvalidWebhook(str(error)) from error
        # Authentic is not well-formed: an event without an id, a type or an object is
        # refused (400) rather than read into a KeyError (500, retried by Stripe for days).
        if not isinstance(found, dict):
            raise InvalidWebhook("event that is not an object")
        data = found.get("data")
        obj = data.get("object") if isinstance(data, dict) else None
        if not (
            isinstance(found.get("id"), str)
            and found["id"]
            and isinstance(found.get("type"), str)
            and isinstance(obj, dict)
        ):
            raise InvalidWebhook("event without an id, a type or an object")
        return ProviderEvent(id=found["id"], type=found["type"], data=obj)
