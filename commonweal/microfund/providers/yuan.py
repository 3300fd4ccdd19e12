"""Yuan as providers write them ("12.30") and fen as the fund counts them (1230), exactly."""

from decimal import Decimal, InvalidOperation


def fen(yuan: str) -> int:
    """'12.30' → 1230. Raises ValueError for anything that is not a whole number of fen."""
    try:
        value = Decimal(str(yuan).strip()) * 100
    except InvalidOperation as error:
        raise ValueError(f"not an amount: {yuan!r}") from error
    if value != value.to_integral_value():
        raise ValueError(f"not a whole number of fen: {yuan!r}")
    return int(value)


def yuan(fen_: int) -> str:
    """1230 → '12.30'."""
    sign = "-" if fen_ < 0 else ""
    whole, part = divmod(abs(int(fen_)), 100)
    return f"{sign}{whole}.{part:02d}"
