"""The providers' test servers, one of each per session, and providers pointed at them."""

import pytest

from tests.microfund.providers.alipay_server import AlipayServer
from tests.microfund.providers.wechatpay_server import WeChatPayServer


@pytest.fixture(scope="session")
def wechatpay_server():
    server = WeChatPayServer()
    yield server
    server.close()


@pytest.fixture(scope="session")
def alipay_server():
    server = AlipayServer()
    yield server
    server.close()


@pytest.fixture
def wechatpay(wechatpay_server):
    from commonweal.microfund.providers.wechatpay import WeChatPayProvider

    wechatpay_server.reset()
    return WeChatPayProvider(wechatpay_server.settings())


@pytest.fixture
def alipay(alipay_server):
    from commonweal.microfund.providers.alipay import AlipayProvider

    alipay_server.reset()
    return AlipayProvider(alipay_server.settings())


def host_orders(community, wechatpay_server, alipay_server, *, host_code="51510104MJ0000000X"):
    """`community`'s fiscal host takes WeChat Pay and Alipay through the test servers."""
    from commonweal.microfund.hosts.models import FiscalHost, HostedCommunity, ProviderAccount

    host, _ = FiscalHost.objects.get_or_create(
        organisation_id=host_code, defaults={"name": f"慈善会{host_code[-4:]}"}
    )
    HostedCommunity.objects.get_or_create(host=host, community=community)
    for name, settings, methods in (
        ("wechatpay", wechatpay_server.settings(), ["wechat_pay"]),
        ("alipay", alipay_server.settings(), ["alipay"]),
    ):
        account, _ = ProviderAccount.objects.get_or_create(
            host=host, provider=name, defaults={"payment_methods": methods}
        )
        account.set_settings(settings)
        account.save()
    return host


@pytest.fixture
def order_fund(fengshu, wechatpay_server, alipay_server):
    """Fengshu, hosted with WeChat Pay and Alipay on the test servers; connection on its schema."""
    from django.db import connection

    wechatpay_server.reset()
    alipay_server.reset()
    host_orders(fengshu, wechatpay_server, alipay_server)
    connection.set_tenant(fengshu)
    yield fengshu
    connection.set_schema_to_public()


class Donor:
    """Pays as a donor would: the order through our service, the payment at the test server,
    each notice posted to our endpoint as the provider posts it."""

    def __init__(self, community, wechatpay_server, alipay_server):
        from django.test import Client

        self.community = community
        self.servers = {"wechatpay": wechatpay_server, "alipay": alipay_server}
        self.client = Client()

    def order(self, method="wechat_pay", channel="desktop", amount=5000, **fields):
        import requests
        from django.db import connection

        from commonweal.microfund import payments

        connection.set_tenant(self.community)
        donation, checkout = payments.order_start(
            actor=None,
            community=self.community,
            amount=amount,
            method=method,
            channel=channel,
            base_url=f"http://{self.community.slug}.localhost",
            **fields,
        )
        if donation.provider == "alipay":
            requests.get(checkout.url, timeout=10)  # the cashier page makes Alipay's trade
        return donation, checkout

    def pay(self, donation):
        return self.servers[donation.provider].pay(donation.token)

    def payment_notice(self, donation, **options):
        server = self.servers[donation.provider]
        if donation.provider == "wechatpay":
            return server.notice_for_payment(donation.token, **options)
        return {}, server.notice_for_payment(donation.token, **options)

    def refund_notice(self, donation, reference: str, **options):
        server = self.servers[donation.provider]
        if donation.provider == "wechatpay":
            return server.notice_for_refund(reference.replace(":", "|"), **options)
        return {}, server.notice_for_refund(donation.token, reference, **options)

    def deliver(self, provider: str, notice, community=None):
        from django.db import connection

        headers, body = notice
        community = community or self.community
        content_type = (
            "application/json" if provider == "wechatpay" else "application/x-www-form-urlencoded"
        )
        response = self.client.post(
            f"/fund/notices/{provider}/",
            body,
            content_type=content_type,
            headers=headers,
            HTTP_HOST=f"{community.slug}.localhost",
        )
        connection.set_tenant(self.community)
        return response


def accepted(response) -> bool:
    """Whether the answer tells the provider the notice was taken (204 / "success")."""
    if response.status_code == 204:
        return True
    return response.status_code == 200 and response.content == b"success"


def refused(response) -> bool:
    if response.status_code == 400:
        return b'"FAIL"' in response.content
    return response.status_code == 200 and response.content == b"failure"


@pytest.fixture
def donor(order_fund, wechatpay_server, alipay_server):
    return Donor(order_fund, wechatpay_server, alipay_server)
