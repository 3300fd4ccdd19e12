"""Links that act without an account: a department answers a hazard referral or confirms a
meeting invitation (报到) through a link it was e-mailed.

A token is a `django.core.signing` value salted per purpose, so a token made for one purpose is
refused by every other; it names the community's schema, so a token of another community is
refused on this one; it expires after the caller's `max_age`. What it names is the caller's
(small ids only: the token travels in a URL). Callers turn `LinkExpired` and `LinkInvalid`
into their own coded errors.
"""

import datetime as dt

from django.core import signing
from django.db import connection


class LinkInvalid(Exception):
    """Forged, altered, made for another purpose or of another community."""


class LinkExpired(LinkInvalid):
    """Genuine, but older than its lifetime."""


def sign(salt: str, **names) -> str:
    return signing.dumps({"s": connection.schema_name, **names}, salt=salt)


def read(token: str, *, salt: str, max_age: dt.timedelta) -> dict:
    """The names a token carries, when it is genuine, of this community and not expired."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None
    if not isinstance(data, dict) or data.pop("s", None) != connection.schema_name:
        raise LinkInvalid
    return data
