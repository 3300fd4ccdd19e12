from enum import StrEnum


class LedgerErrorCode(StrEnum):
    """Stable codes of the ledger's refusals. They mean a caller built a wrong entry (callers
    check their users' input against their own domain's rules first), so they reach a client
    as top-level errors, not as a domain's payload errors."""

    AMOUNT_NOT_INTEGER = "AMOUNT_NOT_INTEGER"
    UNBALANCED = "UNBALANCED"
    TOO_FEW_LEGS = "TOO_FEW_LEGS"
    SHARES_INVALID = "SHARES_INVALID"
    NOTHING_TO_REVERSE = "NOTHING_TO_REVERSE"
