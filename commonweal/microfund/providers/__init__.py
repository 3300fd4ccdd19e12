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


def provider_for(community, name: str = "stripe") -> PaymentProvider | None:
    """The community's host's account with `name`, or None when it has none."""
    from commonweal.microfund.hosts.models import ProviderAccount

    account = (
        ProviderAccount.objects.filter(
            host__communities__community=community, provider=name, active=True
        )
        .select_related("host")
        .first()
    )
    if account is None or name not in _REGISTRY:
        return None
    return provider_class(name)(account.provider_settings(), tuple(account.payment_methods))
