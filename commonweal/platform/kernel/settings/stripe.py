"""Payment providers of fiscal hosts: the key that encrypts their settings, Stripe's address."""

import os

from commonweal.platform.kernel.settings.base import DEBUG

# Fernet keys (urlsafe base64, 32 bytes), comma-separated, newest first: the first encrypts,
# all decrypt, so a key can be rotated without re-encrypting at once.
FUND_SETTINGS_KEYS = [
    key.strip() for key in os.environ.get("COMMONWEAL_FUND_SETTINGS_KEYS", "").split(",") if key
]
if not FUND_SETTINGS_KEYS:
    if not DEBUG:
        raise RuntimeError("COMMONWEAL_FUND_SETTINGS_KEYS must be set outside development")
    # Development only: a fixed, public key.
    FUND_SETTINGS_KEYS = ["ZGV2ZWxvcG1lbnQtb25seS1ub3Qtc2VjcmV0LWtleSE="]
# https://api.stripe.com in production; http://127.0.0.1:<port> for localstripe in tests.
STRIPE_API_BASE = os.environ.get("COMMONWEAL_STRIPE_API_BASE", "https://api.stripe.com")
# Seconds to wait for one answer from Stripe (each request is tried up to three times).
STRIPE_TIMEOUT = float(os.environ.get("COMMONWEAL_STRIPE_TIMEOUT", "10"))
# Largest single amount accepted anywhere in the fund (fen): 1,000,000.00 yuan.
FUND_MAX_AMOUNT = int(os.environ.get("COMMONWEAL_FUND_MAX_AMOUNT", str(100_000_000)))
