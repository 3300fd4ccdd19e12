"""Payment providers by name; a community's provider comes from its fiscal host."""

from commonweal.microfund.providers.base import PaymentProvider

_REGISTRY: dict[str, str] = {
    "stripe": "commonweal.microfund.providers.stripe.StripeProvider",
    # "wechat_pay": "commonweal.microfund.providers.wechat_pay.WeChatPayProvider",
}


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
