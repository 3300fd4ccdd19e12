"""A host's WeChat Pay certificates that end within 30 days are flagged, and a rotation (the
next platform certificate pasted beside the current one) is taken without downtime."""

from django.test import Client

from commonweal.microfund.hosts.models import FiscalHost, ProviderAccount
from commonweal.microfund.hosts.selectors import expiring_certificates
from commonweal.microfund.providers import provider_for
from tests.microfund.providers import keys
from tests.microfund.providers.fixtures import host_orders


def _account(fengshu, wechatpay_server, alipay_server, **settings):
    host_orders(fengshu, wechatpay_server, alipay_server)
    account = ProviderAccount.objects.get(provider="wechatpay")
    account.set_settings(wechatpay_server.settings(**settings))
    account.save()
    return account


def test_certificates_ending_within_30_days_are_flagged(fengshu, wechatpay_server, alipay_server):
    # given a platform certificate that ends in 20 days beside one that ends in a year
    ending = keys.certificate("wechat-platform-ending", 20)
    account = _account(
        fengshu,
        wechatpay_server,
        alipay_server,
        platform_certificates=keys.certificate_pem("wechat-platform")
        + keys.certificate_pem("wechat-platform-ending", 20),
    )
    # then only the ending one is flagged, with its serial and its last day
    assert expiring_certificates(account) == [
        (f"platform {ending.serial_number:X}", ending.not_valid_after_utc)
    ]
    # and Alipay's public keys (no certificate) flag nothing
    assert expiring_certificates(ProviderAccount.objects.get(provider="alipay")) == []


def test_the_platform_admin_sees_the_flag(fengshu, wechatpay_server, alipay_server, platform_admin):
    _account(
        fengshu,
        wechatpay_server,
        alipay_server,
        platform_certificates=keys.certificate_pem("wechat-platform-ending", 20),
    )
    client = Client()
    client.force_login(platform_admin)
    page = client.get("/admin/fiscal_hosts/provideraccount/", HTTP_HOST="localhost")
    assert page.status_code == 200
    ending = keys.certificate("wechat-platform-ending", 20)
    assert f"platform {ending.serial_number:X} → {ending.not_valid_after_utc:%Y-%m-%d}" in (
        page.content.decode()
    )


def test_a_rotated_settings_change_takes_effect_without_a_restart(
    fengshu, wechatpay_server, alipay_server
):
    account = _account(fengshu, wechatpay_server, alipay_server)
    before = provider_for(fengshu, "wechatpay")
    both = keys.certificate_pem("wechat-platform") + keys.certificate_pem("wechat-platform-next")
    account.set_settings(wechatpay_server.settings(platform_certificates=both))
    account.save()
    after = provider_for(fengshu, "wechatpay")
    assert after is not before
    assert len(after.platform) == 2
    assert FiscalHost.objects.count() == 1
