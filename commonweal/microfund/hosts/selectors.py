"""Reads about fiscal hosts' provider accounts that the platform admin and jobs share."""

from datetime import datetime, timedelta

from django.utils import timezone

from commonweal.microfund.hosts.models import ProviderAccount
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
