"""Reads of the ledger."""

from django.db.models import QuerySet

from commonweal.ledger.models import Account, Leg


def balance(account: Account) -> int:
    """The account's running balance as committed or written in this transaction (maintained
    by the leg trigger, so one row, not a sum over its legs)."""
    return Account.objects.values_list("balance", flat=True).get(pk=account.pk)


def legs_in_order() -> QuerySet[Leg]:
    """Every leg, by when its entry occurred: what an export of the books walks."""
    return Leg.objects.order_by("entry__occurred_at", "entry_id", "id")
