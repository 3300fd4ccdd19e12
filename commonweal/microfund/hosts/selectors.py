"""Reads about fiscal hosts' provider accounts that the platform admin and jobs share."""

from datetime import datetime, timedelta

from django.utils import timezone

from commonweal.microfund.hosts.models import BillDifference, PaymentFlag, ProviderAccount
from commonweal.microfund.providers import provider_class
from commonweal.microfund.providers.base import ProviderError
from commonweal.microfund.providers.orders import OrderProvider

CERTIFICATE_WARNING = timedelta(days=30)


def expiring_certificates(
    account: ProviderAccount,
    *,
    within: timedelta = CERTIFICATE_WARNING,
    now: datetime | None = None,
) -> list[tuple[str, datetime]]:
    """The account's certificates that end within `within` (or have ended), soonest first. A
    host replaces them before then: the new one is pasted beside the old, both are accepted
    until the old one ends, so the change needs no downtime."""
    try:
        provider = provider_class(account.provider)(
            account.provider_settings(), tuple(account.payment_methods)
        )
    except (ProviderError, ValueError):
        return []
    if not isinstance(provider, OrderProvider):
        return []
    limit = (now or timezone.now()) + within
    return sorted(
        ((name, ends) for name, ends in provider.certificates() if ends <= limit),
        key=lambda item: item[1],
    )


# How far back the office's list of payments to check reaches.
ISSUES_SHOWN = timedelta(days=30)


def payment_issues(community, *, now: datetime | None = None):
    """What the community's office should sort out with the host, newest first: notices whose
    amount was not the donation's (never posted), and reconciliation differences in its books."""
    since = (now or timezone.now()) - ISSUES_SHOWN
    flags = PaymentFlag.objects.filter(community=community, noticed_at__gte=since)
    differences = BillDifference.objects.filter(
        community=community, bill_check__checked_at__gte=since
    ).select_related("bill_check__account")
    return flags, differences.order_by("-bill_check__day", "kind", "payment_id")


def payment_issue_count(community, *, also=None) -> int:
    """The two lists above, and `also` (a queryset of the office's other rows), in one COUNT:
    a workbench queue runs on every view."""
    flags, differences = payment_issues(community)
    others = [differences.order_by().values_list("pk")]
    if also is not None:
        others.append(also.order_by().values_list("pk"))
    return flags.order_by().values_list("pk").union(*others, all=True).count()
