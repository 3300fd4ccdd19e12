from enum import StrEnum


class PrivacyErrorCode(StrEnum):
    """Stable codes of personal-data requests; clients switch on these, never on messages."""

    WRONG_PASSWORD = "WRONG_PASSWORD"
    ALREADY_ERASED = "ALREADY_ERASED"
    LAST_ADMIN = "LAST_ADMIN"
    NOT_FOUND = "NOT_FOUND"
    EXPORT_NOT_READY = "EXPORT_NOT_READY"
    CLOSURE_PENDING = "CLOSURE_PENDING"
    NO_PENDING_CLOSURE = "NO_PENDING_CLOSURE"
    GRACE_TOO_SHORT = "GRACE_TOO_SHORT"
    GRACE_TOO_LONG = "GRACE_TOO_LONG"
