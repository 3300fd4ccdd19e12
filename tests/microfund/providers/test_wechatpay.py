"""WeChat Pay's provider against the local API v3 server: orders of each channel, signatures
both ways, notices verified and decrypted, refunds, closing, the trade bill."""

import base64
import secrets
import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from commonweal.microfund.providers.base import InvalidWebhook, ProviderError, ProviderRefused
from commonweal.microfund.providers.orders import (
    DESKTOP,
    IN_APP,
    MOBILE_WEB,
    OrderRequest,
    StaleNotice,
)
from commonweal.microfund.providers.wechatpay import WeChatPayProvider
from tests.microfund.providers import keys


def _order(provider, channel=DESKTOP, amount=5000, **fields):
    token = secrets.token_urlsafe(18)
    request = OrderRequest(
        donation_ref=f"fengshu:{token}",
        amount=amount,
        currency="CNY",
        description="枫树社区微基金 · 助老餐桌",
        methods=("wechat_pay",),
        success_url=f"http://fengshu.localhost/fund/thanks/{token}/",
        cancel_url="http://fengshu.localhost/fund/",
        channel=channel,
        notify_url="http://fengshu.localhost/fund/notices/wechatpay/",
        **fields,
    )
    return token, provider.create_checkout(request)


def test_each_channel_gets_what_the_donor_pays_with(wechatpay, wechatpay_server):
    # when an order is made for a phone browser, inside WeChat and on a desktop
    h5_token, h5 = _order(wechatpay, MOBILE_WEB, client_ip="10.1.2.3")
    jsapi_token, jsapi = _order(wechatpay, IN_APP, payer="o-donor-1")
    native_token, native = _order(wechatpay, DESKTOP)
    # then the phone browser goes to WeChat's page and comes back to the thank-you page
    assert h5.id == h5_token
    assert h5.url.startswith(f"{wechatpay_server.base}/h5pay?prepay_id=wx")
    assert h5.url.endswith(
        "&redirect_url=http%3A%2F%2Ffengshu.localhost%2Ffund%2Fthanks%2F" + h5_token + "%2F"
    )
    # the desktop shows a QR code of WeChat's code_url
    assert native.qr.startswith("weixin://wxpay/bizpayurl?pr=wx")
    # and inside WeChat the payment sheet is signed with the merchant's key
    sheet = jsapi.in_app
    assert sheet["package"].startswith("prepay_id=wx") and sheet["signType"] == "RSA"
    message = f"{sheet['appId']}\n{sheet['timeStamp']}\n{sheet['nonceStr']}\n{sheet['package']}\n"
    keys.certificate("wechat-merchant").public_key().verify(
        base64.b64decode(sheet["paySign"]), message.encode(), padding.PKCS1v15(), hashes.SHA256()
    )
    assert wechatpay_server.orders[jsapi_token].openid == "o-donor-1"
    assert wechatpay_server.orders[h5_token].kind == "MWEB"
    assert wechatpay_server.orders[native_token].attach == f"fengshu:{native_token}"


def test_inside_wechat_an_order_needs_the_donors_openid(wechatpay):
    with pytest.raises(ProviderRefused):
        _order(wechatpay, IN_APP)


def test_a_request_signed_with_another_key_is_refused_by_wechat(wechatpay_server):
    # given a provider whose private key is not the one of its certificate
    provider = WeChatPayProvider(
        wechatpay_server.settings(merchant_private_key=keys.private_pem("forger"))
    )
    # when it asks for an order, then WeChat answers 401 and the order does not exist
    known = set(wechatpay_server.orders)
    with pytest.raises(ProviderRefused, match="SIGN_ERROR"):
        _order(provider)
    assert set(wechatpay_server.orders) == known


def test_an_answer_not_signed_by_the_platform_is_not_believed(wechatpay_server):
    # given a provider that knows another platform certificate than the one WeChat signs with
    provider = WeChatPayProvider(
        wechatpay_server.settings(platform_certificates=keys.certificate_pem("forger"))
    )
    # when it asks, then the answer is not taken
    with pytest.raises(ProviderError, match="verify"):
        _order(provider)


def test_query_reports_the_payment_once_paid(wechatpay, wechatpay_server):
    token, _ = _order(wechatpay, amount=8800)
    before = wechatpay.fetch_payment(token)
    assert (before.succeeded, before.payment_id, before.amount) == (False, "", 8800)
    order = wechatpay_server.pay(token)
    facts = wechatpay.fetch_payment(token)
    assert facts.succeeded is True
    assert facts.payment_id == order.transaction_id
    assert (facts.amount, facts.currency, facts.method) == (8800, "CNY", "wechat_pay")
    assert facts.checkout_id == token and facts.donation_ref == f"fengshu:{token}"
    assert facts.paid_at == datetime.fromisoformat(order.success_time)


def test_a_payment_notice_is_verified_and_decrypted(wechatpay, wechatpay_server):
    token, _ = _order(wechatpay, amount=1200)
    order = wechatpay_server.pay(token)
    headers, body = wechatpay_server.notice_for_payment(token, notice_id="EV-one")
    notice = wechatpay.parse_notice(body, headers)
    assert notice.id == "EV-one"
    assert (notice.facts.payment_id, notice.facts.amount, notice.facts.succeeded) == (
        order.transaction_id,
        1200,
        True,
    )
    assert notice.facts.checkout_id == token


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda s, t: s.notice_for_payment(t, signer="forger"), id="forged signature"),
        pytest.param(
            lambda s, t: s.notice_for_payment(t, apiv3_key="0" * 32), id="wrong APIv3 key"
        ),
        pytest.param(
            lambda s, t: s.notice_for_payment(t, serial_of="forger", signer="forger"),
            id="unknown certificate",
        ),
        pytest.param(
            lambda s, t: (lambda h, b: (h, b.replace(b'"summary"', b'"summary2"')))(
                *s.notice_for_payment(t)
            ),
            id="tampered body",
        ),
        pytest.param(lambda s, t: ({}, s.notice_for_payment(t)[1]), id="no headers"),
        pytest.param(lambda s, t: (s.notice_for_payment(t)[0], b"{not json"), id="malformed"),
    ],
)
def test_a_notice_that_does_not_hold_is_refused(wechatpay, wechatpay_server, spoil):
    token, _ = _order(wechatpay)
    wechatpay_server.pay(token)
    headers, body = spoil(wechatpay_server, token)
    with pytest.raises(InvalidWebhook):
        wechatpay.parse_notice(body, headers)


def test_a_notice_sent_more_than_five_minutes_ago_is_stale(wechatpay, wechatpay_server):
    token, _ = _order(wechatpay)
    wechatpay_server.pay(token)
    headers, body = wechatpay_server.notice_for_payment(token, timestamp=int(time.time()) - 301)
    with pytest.raises(StaleNotice):
        wechatpay.parse_notice(body, headers)
    # and one four minutes old still holds
    headers, body = wechatpay_server.notice_for_payment(token, timestamp=int(time.time()) - 240)
    assert wechatpay.parse_notice(body, headers).facts.succeeded is True


def test_during_a_rotation_notices_of_either_certificate_and_either_key_hold(wechatpay_server):
    # given a host that pasted the next platform certificate beside the current one, and
    # changed its APIv3 key (the previous one kept while WeChat still uses it)
    both = keys.certificate_pem("wechat-platform") + keys.certificate_pem("wechat-platform-next")
    provider = WeChatPayProvider(
        wechatpay_server.settings(
            platform_certificates=both,
            apiv3_key="n" * 32,
            apiv3_key_previous=wechatpay_server.apiv3_key,
        )
    )
    token, _ = _order(WeChatPayProvider(wechatpay_server.settings()))
    wechatpay_server.pay(token)
    # when WeChat signs with the old certificate and the old key, or the new ones
    old = wechatpay_server.notice_for_payment(token)
    new = wechatpay_server.notice_for_payment(
        token, signer="wechat-platform-next", serial_of="wechat-platform-next", apiv3_key="n" * 32
    )
    # then both hold
    assert provider.parse_notice(old[1], old[0]).facts.checkout_id == token
    assert provider.parse_notice(new[1], new[0]).facts.checkout_id == token


def test_refunds_in_part_and_in_full_never_beyond_what_was_paid(wechatpay, wechatpay_server):
    token, _ = _order(wechatpay, amount=10000)
    payment = wechatpay_server.pay(token).transaction_id
    first = wechatpay.refund(payment, 3000, idempotency_key="fengshu:refund:1")
    again = wechatpay.refund(payment, 3000, idempotency_key="fengshu:refund:1")
    assert (first.status, first.amount, first.reference) == ("succeeded", 3000, "fengshu:refund:1")
    assert again.id == first.id
    with pytest.raises(ProviderRefused, match="INVALID_REQUEST"):
        wechatpay.refund(payment, 7001, idempotency_key="fengshu:refund:2")
    rest = wechatpay.refund(payment, 7000, idempotency_key="fengshu:refund:3")
    assert rest.succeeded and rest.amount == 7000
    assert [r["amount"]["refund"] for r in wechatpay_server.orders[token].refunds] == [3000, 7000]
    # and the refund's notice names it with our reference
    headers, body = wechatpay_server.notice_for_refund("fengshu|refund|3")
    notice = wechatpay.parse_notice(body, headers)
    assert notice.facts.refunds[0].reference == "fengshu:refund:3"
    assert (notice.facts.refunds[0].id, notice.facts.payment_id) == (rest.id, payment)


def test_an_unpaid_order_closes_and_a_paid_one_does_not(wechatpay, wechatpay_server):
    unpaid, _ = _order(wechatpay)
    paid, _ = _order(wechatpay)
    wechatpay_server.pay(paid)
    assert wechatpay.close_order(unpaid) is True
    assert wechatpay_server.orders[unpaid].state == "CLOSED"
    assert wechatpay.close_order(paid) is False
    assert wechatpay_server.orders[paid].state == "SUCCESS"


def test_the_trade_bill_lists_payments_and_refunds(wechatpay, wechatpay_server):
    token, _ = _order(wechatpay, amount=2500)
    payment = wechatpay_server.pay(token).transaction_id
    refund = wechatpay.refund(payment, 500, idempotency_key="fengshu:refund:77")
    today = datetime.now(UTC).astimezone(timezone(timedelta(hours=8))).date()
    lines = [line for line in wechatpay.fetch_bill(today) if line.order == token]
    assert [
        (line.payment_id, line.amount, line.refund_id, line.refund_reference) for line in lines
    ] == [
        (payment, 2500, "", ""),
        (payment, 500, refund.id, "fengshu:refund:77"),
    ]
    assert wechatpay.fetch_bill(date(2020, 1, 1)) == []


def test_the_donors_openid_comes_from_the_hosts_official_account(wechatpay, wechatpay_server):
    assert wechatpay.payer_id("CODE42") == "o-CODE42"
    wrong = WeChatPayProvider(wechatpay_server.settings(app_secret="nope"))
    with pytest.raises(ProviderRefused):
        wrong.payer_id("CODE42")
