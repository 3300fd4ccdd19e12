"""Daily reconciliation: a provider's bill for a day (WeChat Pay 交易账单, Alipay 对账单) matched
line by line against the books of every community the account's host holds.

A payment is matched by the provider's transaction number, a refund by the provider's refund
id (WeChat) or our request number (Alipay), which the books keep on each refund. Differences are
listed for people (on the bill and not in our books, in our books and not on the bill, amounts
that differ); nothing is ever posted from a bill. Rerunning a day replaces its list.

The bill is fetched before any transaction; each community's books are read in its own schema.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from django.db import transaction
from django_tenants.utils import tenant_context

from commonweal.microfund.hosts.models import (
    BillCheck,
    BillDifference,
    DifferenceKind,
    HostedCommunity,
    ProviderAccount,
)
from commonweal.microfund.providers import provider_class
from commonweal.microfund.providers.orders import BillLine, OrderProvider

BEIJING = timezone(timedelta(hours=8))  # the providers' bills are cut at Beijing midnight


@dataclass(frozen=True)
class Line:
    payment_id: str
    refund: str  # empty for a payment
    order: str
    amount: int
    community_id: int | None = None


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=BEIJING)
    return start, start + timedelta(days=1)


def _books(provider: str, communities, day: date) -> dict[tuple[str, str], Line]:
    """Each community's payments and refunds through `provider` on `day`, by key."""
    from commonweal.microfund.models import Donation, Refund, RefundStatus

    start, end = _day_bounds(day)
    found: dict[tuple[str, str], Line] = {}
    for community in communities:
        with tenant_context(community):
            paid = Donation.objects.filter(
                provider=provider, entry__isnull=False, paid_at__gte=start, paid_at__lt=end
            ).values_list("payment_id", "checkout_id", "amount")
            for payment_id, order, amount in paid:
                found[(payment_id, "")] = Line(payment_id, "", order or "", amount, community.pk)
            refunds = Refund.objects.filter(
                donation__provider=provider,
                status=RefundStatus.SUCCEEDED,
                entry__occurred_at__gte=start,
                entry__occurred_at__lt=end,
            ).values_list(
                "donation__payment_id", "provider_refund_id", "donation__checkout_id", "amount"
            )
            for payment_id, refund_id, order, amount in refunds:
                key = (payment_id, refund_id or "")
                found[key] = Line(payment_id, refund_id or "", order or "", amount, community.pk)
    return found


def _bill(lines: list[BillLine]) -> dict[tuple[str, str], Line]:
    found: dict[tuple[str, str], Line] = {}
    for line in lines:
        refund = (line.refund_id or line.refund_reference) if line.is_refund else ""
        key = (line.payment_id, refund)
        previous = found.get(key)
        amount = line.amount + (previous.amount if previous else 0)
        found[key] = Line(line.payment_id, refund, line.order, amount)
    return found


def differences(bill: list[BillLine], books: dict[tuple[str, str], Line]) -> list[dict]:
    """What differs between a bill and the books, as rows of BillDifference."""
    theirs = _bill(bill)
    rows = []
    for key in sorted(set(theirs) | set(books)):
        mine, their = books.get(key), theirs.get(key)
        if mine is not None and their is not None and mine.amount == their.amount:
            continue
        kind = (
            DifferenceKind.MISSING_HERE
            if mine is None
            else DifferenceKind.MISSING_THERE
            if their is None
            else DifferenceKind.AMOUNT_DIFFERS
        )
        line = mine or their
        rows.append(
            {
                "kind": kind,
                "community_id": mine.community_id if mine else None,
                "order": line.order,
                "payment_id": key[0],
                "refund": key[1],
                "ours": mine.amount if mine else None,
                "theirs": their.amount if their else None,
            }
        )
    return rows


def bill_check(*, account: ProviderAccount, day: date) -> BillCheck:
    """Reconcile one account's bill of `day`. Must run outside a transaction (the provider is
    asked first); raises ProviderError while the bill cannot be had."""
    provider = provider_class(account.provider)(
        account.provider_settings(), tuple(account.payment_methods)
    )
    if not isinstance(provider, OrderProvider):
        raise ValueError(f"{account.provider} publishes no daily bill")
    lines = provider.fetch_bill(day)
    communities = [
        hosted.community
        for hosted in HostedCommunity.objects.filter(host_id=account.host_id).select_related(
            "community"
        )
    ]
    books = _books(account.provider, communities, day)
    rows = differences(lines, books)
    with transaction.atomic():
        check, _created = BillCheck.objects.update_or_create(
            account=account,
            day=day,
            defaults={"bill_lines": len(lines), "ledger_lines": len(books)},
        )
        check.differences.all().delete()
        BillDifference.objects.bulk_create(BillDifference(bill_check=check, **row) for row in rows)
    return check
