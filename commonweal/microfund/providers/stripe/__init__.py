"""Stripe: Checkout Sessions, PaymentIntents, refunds, subscriptions and signed webhooks.

`client`: the SDK behind the provider interface; `handlers`: what each Stripe event means
for the fund.
"""

from commonweal.microfund.providers.stripe.client import StripeProvider

PROVIDER = StripeProvider

__all__ = ["PROVIDER", "StripeProvider"]
