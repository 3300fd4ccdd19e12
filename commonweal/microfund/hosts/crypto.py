"""Provider settings at rest: Fernet (AES-128-CBC + HMAC-SHA256) with rotatable keys."""

import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in settings.FUND_SETTINGS_KEYS])


def encrypt(data: dict) -> str:
    return _fernet().encrypt(json.dumps(data, sort_keys=True).encode()).decode()


def decrypt(token: str) -> dict:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as error:
        raise ValueError(
            "provider settings cannot be decrypted with the configured keys"
        ) from error


def rotate(token: str) -> str:
    """Re-encrypt under the newest key."""
    return _fernet().rotate(token.encode()).decode()
