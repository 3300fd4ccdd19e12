"""Alipay's provider against the local gateway: wap and page orders, RSA2 both ways, notices,
refunds, closing, the bill."""

import secrets
from datetime import date, datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from commonweal.microfund.providers.alipay import AlipayProvider
from commonweal.microfund.providers.base import InvalidWebhook, ProviderError, ProviderRefused
from commonweal.microfund.providers.orders import DESKTOP, MOBILE_WEB, OrderRequest, StaleNotice
from tests.microfund.providers import keys

BEIJING = timezone(timedelta(hours=8))


def _order(provider, channel=MOBILE_WEB, amount=5000):
    token = secrets.token_urlsafe(18)
    checkout = provider.create_checkout(
        OrderRequest(
            donation_ref=f"fengshu:{token}",
            amount=amount,
            currency="CNY",
            description="枫树社区微基金",
            methods=("alipay",),
            success_url=f"http://fengshu.localhost/fund/thanks/{token}/",
            cancel_url="http://fengshu.localhost/fund/",
            channel=channel,
            notify_url="http://fengshu.localhost/fund/notices/alipay/",
        )
    )
    return token, checkout


def _open(checkout):
    """The donor's browser opens the cashier page (that is when Alipay makes the trade)."""
    return requests.get(checkout.url, timeout=10)


def test_wap_and_page_orders_send_the_browser_to_alipays_cashier(alipay, alipay_server):
    wap_token, wap = _order(alipay, MOBILE_WEB, amount=1234)
    page_token, page = _order(alipay, DESKTOP)
    params = dict(parse_qsl(urlsplit(wap.url).query))
    assert wap.url.startswith(alipay_server.gateway + "?")
    assert params["method"] == "alipay.trade.wap.pay"
    assert params["return_url"] == f"http://fengshu.localhost/fund/thanks/{wap_token}/"
    assert dict(parse_qsl(urlsplit(page.url).query))["method"] == "alipay.trade.page.pay"
    wap_page = _open(wap)
    assert wap_page.status_code == 200 and "￥12.34" in wap_page.text
    assert _open(page).status_code == 200
    assert alipay_server.trades[wap_token].product_code == "QUICK_WAP_PAY"
    assert alipay_server.trades[page_token].product_code == "FAST_INSTANT_TRADE_PAY"


def test_a_request_signed_with_another_key_is_refused(alipay_server):
    provider = AlipayProvider(alipay_server.settings(app_private_key=keys.private_pem("forger")))
    token, checkout = _order(provider)
    assert _open(checkout).status_code == 200  # Alipay shows its error page …
    assert token not in alipay_server.trades  # … and makes no trade
    with pytest.raises(ProviderRefused, match="40002"):
        provider.fetch_payment(token)


def test_an_answer_not_signed_by_alipay_is_not_believed(alipay_server):
    provider = AlipayProvider(alipay_server.settings(alipay_public_key=keys.public_pem("forger")))
    with pytest.raises(ProviderError, match="not signed"):
        provider.fetch_payment("no-such-order")


def test_query_reports_the_payment_once_paid(alipay, alipay_server):
    token, checkout = _order(alipay, amount=8800)
    _open(checkout)
    assert alipay.fetch_payment(token).succeeded is False
    trade = alipay_server.pay(token)
    facts = alipay.fetch_payment(token)
    assert (facts.succeeded, facts.payment_id, facts.amount, facts.method) == (
        True,
        trade.trade_no,
        8800,
        "alipay",
    )
    assert facts.paid_at == datetime.strptime(trade.paid_at, "%Y-%m-%d %H:%M:%S").replace(
        tzinfo=BEIJING
    )


def test_a_notice_is_verified_over_the_sorted_parameters(alipay, alipay_server):
    token, checkout = _order(alipay, amount=600)
    _open(checkout)
    trade = alipay_server.pay(token)
    notice = alipay.parse_notice(alipay_server.notice_for_payment(token), {})
    assert (notice.facts.payment_id, notice.facts.amount, notice.facts.checkout_id) == (
        trade.trade_no,
        600,
        token,
    )


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda s, t: s.notice_for_payment(t, signer="forger"), id="forged signature"),
        pytest.param(
            lambda s, t: s.notice_for_payment(t).replace(
                b"total_amount=50.00", b"total_amount=0.01"
            ),
            id="tampered body",
        ),
        pytest.param(
            lambda s, t: s.notice_for_payment(t, changes={"app_id": "2021000000000999"}),
            id="another app",
        ),
        pytest.param(lambda s, t: b"sign=abc&%%%", id="malformed"),
        pytest.param(lambda s, t: b"", id="empty"),
    ],
)
def test_a_notice_that_does_not_hold_is_refused(alipay, alipay_server, spoil):
    token, checkout = _order(alipay)
    _open(checkout)
    alipay_server.pay(token)
    with pytest.raises(InvalidWebhook):
        alipay.parse_notice(spoil(alipay_server, token), {})


def test_a_notice_sent_more_than_five_minutes_ago_is_stale(alipay, alipay_server):
    token, checkout = _order(alipay)
    _open(checkout)
    alipay_server.pay(token)
    old = (datetime.now(BEIJING) - timedelta(minutes=6)).strftime("%Y-%m-%d %H:%M:%S")
    with pytest.raises(StaleNotice):
        alipay.parse_notice(alipay_server.notice_for_payment(token, notify_time=old), {})


def test_during_a_rotation_either_alipay_key_verifies(alipay_server):
    provider = AlipayProvider(
        alipay_server.settings(
            alipay_public_key=keys.public_pem("alipay-next") + keys.public_pem("alipay")
        )
    )
    token, checkout = _order(provider)
    _open(checkout)
    alipay_server.pay(token)
    for signer in ("alipay", "alipay-next"):
        body = alipay_server.notice_for_payment(token, signer=signer)
        assert provider.parse_notice(body, {}).facts.checkout_id == token


def test_refunds_in_part_and_in_full_never_beyond_what_was_paid(alipay, alipay_server):
    token, checkout = _order(alipay, amount=10000)
    _open(checkout)
    trade_no = alipay_server.pay(token).trade_no
    first = alipay.refund(trade_no, 3000, idempotency_key="fengshu:refund:1")
    again = alipay.refund(trade_no, 3000, idempotency_key="fengshu:refund:1")
    assert (first.id, first.amount, first.status) == ("fengshu:refund:1", 3000, "succeeded")
    assert again == first
    with pytest.raises(ProviderRefused, match="REFUND_AMT"):
        alipay.refund(trade_no, 7001, idempotency_key="fengshu:refund:2")
    alipay.refund(trade_no, 7000, idempotency_key="fengshu:refund:3")
    assert alipay_server.trades[token].refunded == 10000
    # the refund's notice carries only the total refunded: the refund's own amount is asked
    notice = alipay.parse_notice(alipay_server.notice_for_refund(token, "fengshu:refund:3"), {})
    assert [(r.id, r.amount, r.reference) for r in notice.facts.refunds] == [
        ("fengshu:refund:3", 7000, "fengshu:refund:3")
    ]


def test_an_unpaid_order_closes_and_a_paid_one_does_not(alipay, alipay_server):
    never_opened, _ = _order(alipay)
    unpaid, checkout = _order(alipay)
    _open(checkout)
    paid, checkout = _order(alipay)
    _open(checkout)
    alipay_server.pay(paid)
    assert alipay.close_order(never_opened) is True
    assert alipay.close_order(unpaid) is True
    assert alipay_server.trades[unpaid].status == "TRADE_CLOSED"
    assert alipay.close_order(paid) is False


def test_the_bill_lists_payments_and_refunds(alipay, alipay_server):
    token, checkout = _order(alipay, amount=2500)
    _open(checkout)
    trade_no = alipay_server.pay(token).trade_no
    alipay.refund(trade_no, 500, idempotency_key="fengshu:refund:9")
    today = datetime.now(BEIJING).date()
    lines = [line for line in alipay.fetch_bill(today) if line.order == token]
    assert [(line.payment_id, line.amount, line.refund_reference) for line in lines] == [
        (trade_no, 2500, ""),
        (trade_no, 500, "fengshu:refund:9"),
    ]
    assert alipay.fetch_bill(date(2020, 1, 1)) == []
