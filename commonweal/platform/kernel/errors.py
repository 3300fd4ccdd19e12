"""Domain errors: a stable code, a translatable message and, where it applies, the field."""

from enum import StrEnum


class DomainError(Exception):
    """Raised by services when a request is refused; the transaction rolls back with it."""

    def __init__(self, code: StrEnum, message, *, field: str | None = None):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field


class NotFound(DomainError):
    """Missing and forbidden look the same, so ids cannot be probed across communities."""
