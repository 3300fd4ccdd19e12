"""Payment providers, one folder each; a community's provider comes from its fiscal host.

A provider is a sub-package of this one whose `__init__` exports `PROVIDER`, a
`PaymentProvider` subclass: its SDK, its webhook parsing and its table of event handlers stay
inside its folder, so a second provider adds a folder and edits nothing here. A folder without
`PROVIDER` is not offered to fiscal hosts (yet).
"""

import functools
import pkgutil
import time
from importlib import import_module

from django.db.models.signals import post_delete, post_save

from commonweal.microfund.providers.base import PaymentProvider


@functools.cache
def _registry() -> dict[str, type[PaymentProvider]]:
    found = {}
    for module in pkgutil.iter_modules(__path__):
        if module.ispkg:
            provider = getattr(import_module(f"{__name__}.{module.name}"), "PROVIDER", None)
            if provider is not None:
                found[provider.name] = provider
    return found


def provider_names() -> list[str]:
    return sorted(_registry())


def provider_class(name: str) -> type[PaymentProvider]:
    return _registry()[name]


# Providers by (account, its last change): each keeps its HTTP connections open between
# requests, and its settings are decrypted once per change of the account.
_BUILT: dict[tuple[int, object], PaymentProvider] = {}


def provider_for(community, name: str = "stripe") -> PaymentProvider | None:
    """The community's host's account with `name`, or None when it has none."""
    from commonweal.microfund.hosts.models import ProviderAccount

    account = ProviderAccount.objects.filter(
        host__communities__community=community, provider=name, active=True
    ).first()
    if account is None or name not in _registry():
        return None
    key = (account.pk, account.updated_at)
    provider = _BUILT.get(key)
    if provider is None:
        for stale in [k for k in _BUILT if k[0] == account.pk]:
            _BUILT.pop(stale, None)
        provider = provider_class(name)(account.provider_settings(), tuple(account.payment_methods))
        _BUILT[key] = provider
    return provider


# Webhook receipt's provider (whose secret checks each delivery) by (community schema, name),
# with when it goes stale: one SELECT less per delivery in a burst. This process forgets them
# all when an account or a host's community is saved or deleted here; another process keeps
# its copy up to WEBHOOK_ACCOUNT_SECONDS. Within that, a delivery signed with a just-rotated
# secret is refused (400) and the provider delivers it again later (Stripe also signs with
# both secrets while they roll), and one for a just-deactivated account is stored, not posted:
# the drain asks `provider_for` afresh and sets it aside as failed, for staff to see.
WEBHOOK_ACCOUNT_SECONDS = 10
_for_webhooks: dict[tuple[str, str], tuple[float, PaymentProvider]] = {}


def forget_webhook_providers(**_kwargs) -> None:
    _for_webhooks.clear()


for _sender in ("fiscal_hosts.ProviderAccount", "fiscal_hosts.HostedCommunity"):
    post_save.connect(forget_webhook_providers, sender=_sender, weak=False)
    post_delete.connect(forget_webhook_providers, sender=_sender, weak=False)


def provider_for_webhooks(community, name: str) -> PaymentProvider | None:
    """`provider_for`, remembered a few seconds per process (see above): for checking a
    delivery's signature, never for posting it."""
    key = (community.schema_name, name)
    hit = _for_webhooks.get(key)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    provider = provider_for(community, name)
    if provider is not None:
        _for_webhooks[key] = (time.monotonic() + WEBHOOK_ACCOUNT_SECONDS, provider)
    return provider


def providers_for_methods(community) -> dict[str, PaymentProvider]:
    """Each online method the community's host takes, with the provider that takes it. A
    provider whose settings are incomplete offers nothing (the host's admin sees why)."""
    from commonweal.microfund.hosts.models import ProviderAccount
    from commonweal.microfund.providers.base import ProviderError

    accounts = ProviderAccount.objects.filter(
        host__communities__community=community, active=True, provider__in=list(_registry())
    ).values_list("provider", "payment_methods")
    offered: dict[str, PaymentProvider] = {}
    for name, methods in sorted(accounts, key=lambda a: provider_class(a[0]).method_rank):
        try:
            provider = provider_for(community, name)
        except (ProviderError, ValueError):
            continue
        for method in methods:
            offered.setdefault(method, provider)
    return offered
