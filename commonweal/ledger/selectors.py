"""Reads of the ledger."""

from commonweal.ledger.models import Account


def balance(account: Account) -> int:
    """The account's running balance as committed or written in this transaction (maintained
    by the leg trigger, so one row, not a sum over its legs)."""
    return Account.objects.values_list("balance", flat=True).get(pk=account.pk)
