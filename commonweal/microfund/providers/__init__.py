"""Payment providers by name; a community's provider comes from its fiscal host."""

from commonweal.microfund.providers.base import PaymentProvider

_REGISTRY: dict[str, str] = {
    "stripe": "commonweal.microfund.providers.stripe.StripeProvider",
    "wechatpay": "commonweal.microfund.providers.wechatpay.WeChatPayProvider",
    "alipay": "commonweal.microfund.providers.alipay.AlipayProvider",
}
# Which account takes a method when a host has several that could: the domestic providers'
# own accounts before Stripe's WeChat Pay and Alipay.
_PREFERENCE = ("wechatpay", "alipay", "stripe")


def provider_names() -> list[str]:
    return list(_REGISTRY)


def provider_class(name: str) -> type[PaymentProvider]:
    from django.utils.module_loading import import_string

    return import_string(_REGISTRY[name])


# Providers by (account, its last change): each keeps its HTTP connections open between
# requests, and its settings are decrypted once per change of the account.
_BUILT: dict[tuple[int, object], PaymentProvider] = {}


def provider_for(community, name: str = "stripe") -> PaymentProvider | None:
    """The community's host's account with `name`, or None when it has none."""
    from commonweal.microfund.hosts.models import ProviderAccount

    account = ProviderAccount.objects.filter(
        host__communities__community=community, provider=name, active=True
    ).first()
    if account is None or name not in _REGISTRY:
        return None
    key = (account.pk, account.updated_at)
    provider = _BUILT.get(key)
    if provider is None:
        for stale in [k for k in _BUILT if k[0] == account.pk]:
            _BUILT.pop(stale, None)
        provider = provider_class(name)(account.provider_settings(), tuple(account.payment_methods))
        _BUILT[key] = provider
    return provider


def providers_for_methods(community) -> dict[str, PaymentProvider]:
    """Each online method the community's host takes, with the provider that takes it. A
    provider whose settings are incomplete offers nothing (the host's admin sees why)."""
    from commonweal.microfund.hosts.models import ProviderAccount
    from commonweal.microfund.providers.base import ProviderError

    accounts = ProviderAccount.objects.filter(
        host__communities__community=community, active=True, provider__in=list(_REGISTRY)
    ).values_list("provider", "payment_methods")
    offered: dict[str, PaymentProvider] = {}
    for name, methods in sorted(accounts, key=lambda a: _PREFERENCE.index(a[0])):
        try:
            provider = provider_for(community, name)
        except (ProviderError, ValueError):
            continue
        for method in methods:
            offered.setdefault(method, provider)
    return offered
