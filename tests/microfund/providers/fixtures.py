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

    return WeChatPayProvider(wechatpay_server.settings())


@pytest.fixture
def alipay(alipay_server):
    from commonweal.microfund.providers.alipay import AlipayProvider

    return AlipayProvider(alipay_server.settings())
