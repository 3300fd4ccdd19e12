"""Alipay over `python-alipay-sdk`: 手机网站支付 (wap) and 电脑网站支付 (page) orders, query,
close, refunds, RSA2-signed notifications, the daily bill (对账单).

Why this SDK and not Alipay's own (`alipay-sdk-python`): it is one 900-line module over
pycryptodomex that signs requests and verifies both answers and notifications with RSA2; the
official package is 180 MB of generated request classes (17,000 files), still declares Python
2.6, and installs the same top-level `alipay` package name, so the two cannot sit side by side.

Settings (stored encrypted on the fiscal host): app_id, app_private_key, alipay_public_key (one
or more PEM keys: during a rotation a notice may be signed with either), api_base (the gateway;
the test server). The SDK takes no gateway address: it is set after construction.
"""

import io
import json
import urllib.error
import zipfile
from datetime import date, datetime, timedelta, timezone
from urllib.parse import parse_qsl

import requests
from alipay import AliPay
from alipay.exceptions import AliPayException, AliPayValidationError
from alipay.utils import AliPayConfig

from commonweal.microfund.providers.alipay.bill import parse_bill
from commonweal.microfund.providers.base import (
    InvalidWebhook,
    PaymentFacts,
    ProviderError,
    ProviderRefused,
    RefundFacts,
)
from commonweal.microfund.providers.orders import (
    DESKTOP,
    NOTICE_MAX_SKEW,
    Notice,
    OrderCheckout,
    OrderProvider,
    OrderRequest,
    StaleNotice,
)
from commonweal.microfund.providers.yuan import fen, yuan

GATEWAY = "https://openapi.alipay.com/gateway.do"
BEIJING = timezone(timedelta(hours=8))
TIMEOUT = 10
OK = "10000"
PAID = ("TRADE_SUCCESS", "TRADE_FINISHED")


def public_keys(pem: str) -> list[str]:
    """Each PEM public key in a text (two during a rotation of Alipay's key)."""
    end = "-----END PUBLIC KEY-----"
    return [part.strip() + "\n" + end for part in (pem or "").split(end) if part.strip()]


def _beijing(value: str | None) -> datetime | None:
    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING) if value else None


class AlipayProvider(OrderProvider):
    name = "alipay"
    method_rank = 20
    secret_settings = ("app_private_key",)
    public_settings = ("app_id", "alipay_public_key", "api_base")

    def __init__(self, settings: dict, methods=("alipay",)):
        super().__init__(settings, methods)
        keys = public_keys(settings.get("alipay_public_key", ""))
        if not keys or not settings.get("app_private_key"):
            raise ProviderError("Alipay needs the app's private key and Alipay's public key")
        # One client per Alipay key: the first (newest) asks, any of them verifies.
        self.clients = [self._client(key) for key in keys]
        self.client = self.clients[0]

    def _client(self, public_key: str) -> AliPay:
        client = AliPay(
            appid=self.settings.get("app_id", ""),
            app_private_key_string=self.settings["app_private_key"],
            alipay_public_key_string=public_key,
            sign_type="RSA2",
            config=AliPayConfig(timeout=TIMEOUT),
        )
        client._gateway = self.settings.get("api_base") or GATEWAY
        return client

    def _ask(self, method, **kwargs) -> dict:
        try:
            answer = method(**kwargs)
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise ProviderError(f"Alipay unreachable: {error}") from error
        except AliPayValidationError as error:
            raise ProviderError("Alipay's answer is not signed by Alipay") from error
        except AliPayException as error:
            raise ProviderRefused(str(error)) from error
        except (ValueError, KeyError) as error:
            raise ProviderError(f"Alipay answered something unreadable: {error}") from error
        if answer.get("code") == "20000":  # service busy: asking again may succeed
            raise ProviderError(f"Alipay: {answer.get('sub_code')} {answer.get('sub_msg')}")
        return answer

    def create_order(self, request: OrderRequest) -> OrderCheckout:
        order = request.donation_ref.rpartition(":")[2]
        params = {
            "subject": request.description[:256],
            "out_trade_no": order,
            "total_amount": yuan(request.amount),
            "return_url": request.success_url,
            "notify_url": request.notify_url,
        }
        if request.expires_at is not None:
            params["time_expire"] = request.expires_at.astimezone(BEIJING).strftime(
                "%Y-%m-%d %H:%M:%S"
            )
        if request.channel == DESKTOP:
            signed = self.client.api_alipay_trade_page_pay(**params)
        else:
            signed = self.client.api_alipay_trade_wap_pay(quit_url=request.cancel_url, **params)
        return OrderCheckout(id=order, url=f"{self.client._gateway}?{signed}")

    def fetch_payment(self, payment_id: str) -> PaymentFacts:
        """`payment_id` is our order number (out_trade_no)."""
        answer = self._ask(self.client.api_alipay_trade_query, out_trade_no=payment_id)
        if answer.get("code") != OK:
            raise ProviderRefused(f"{answer.get('sub_code')}: {answer.get('sub_msg')}")
        return PaymentFacts(
            payment_id=answer.get("trade_no", ""),
            donation_ref="",
            amount=fen(answer["total_amount"]),
            currency="CNY",
            succeeded=answer.get("trade_status") in PAID,
            method="alipay",
            paid_at=_beijing(answer.get("send_pay_date")),
            checkout_id=answer.get("out_trade_no", payment_id),
        )

    def refund(self, payment_id: str, amount: int, *, idempotency_key: str) -> RefundFacts:
        """`payment_id` is Alipay's trade number. Alipay refunds once per out_request_no; a
        repeat answers success again (fund_change "N"), so the refund is reported as made."""
        answer = self._ask(
            self.client.api_alipay_trade_refund,
            refund_amount=yuan(amount),
            trade_no=payment_id,
            out_request_no=idempotency_key,
        )
        if answer.get("code") != OK:
            raise ProviderRefused(f"{answer.get('sub_code')}: {answer.get('sub_msg')}")
        return RefundFacts(
            id=idempotency_key, amount=amount, status="succeeded", reference=idempotency_key
        )

    def close_order(self, order: str) -> bool:
        answer = self._ask(self.client.api_alipay_trade_close, out_trade_no=order)
        if answer.get("code") == OK or answer.get("sub_code") == "ACQ.TRADE_NOT_EXIST":
            return True  # a wap order nobody opened does not exist at Alipay yet
        if answer.get("sub_code") == "ACQ.TRADE_STATUS_ERROR":
            return self.fetch_payment(order).succeeded is False
        raise ProviderRefused(f"{answer.get('sub_code')}: {answer.get('sub_msg')}")

    def fetch_bill(self, day: date) -> list:
        answer = self._ask(
            self.client.server_api,
            api_name="alipay.data.dataservice.bill.downloadurl.query",
            biz_content={"bill_type": "trade", "bill_date": day.isoformat()},
        )
        if answer.get("sub_code") == "isp.bill_not_exist":
            return []
        if answer.get("code") != OK:
            raise ProviderError(f"Alipay bill: {answer.get('sub_code')}")
        try:
            response = requests.get(answer["bill_download_url"], timeout=TIMEOUT)
            response.raise_for_status()
        except requests.RequestException as error:
            raise ProviderError(f"Alipay bill download: {error}") from error
        try:
            archive = zipfile.ZipFile(io.BytesIO(response.content))
        except zipfile.BadZipFile as error:
            raise ProviderError("Alipay bill: not a zip file") from error
        return parse_bill(archive)

    # --- notifications --------------------------------------------------------------------

    def notice_answer(self, accepted: bool) -> tuple[int, str, bytes]:
        return 200, "text/plain", b"success" if accepted else b"failure"

    def parse_notice(self, body: bytes, headers, *, now: datetime | None = None) -> Notice:
        try:
            params = dict(
                parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
            )
        except (UnicodeDecodeError, ValueError) as error:
            raise InvalidWebhook("malformed notice") from error
        signature = params.pop("sign", "")
        if not signature or params.get("sign_type") != "RSA2":
            raise InvalidWebhook("unsigned notice")
        if not any(client.verify(dict(params), signature) for client in self.clients):
            raise InvalidWebhook("signature does not hold")
        if params.get("app_id") != self.settings.get("app_id"):
            raise InvalidWebhook("a notice for another app")
        try:
            sent = _beijing(params["notify_time"])
        except (KeyError, ValueError) as error:
            raise InvalidWebhook("no notify_time") from error
        if abs((now or datetime.now(BEIJING)) - sent) > NOTICE_MAX_SKEW:
            raise StaleNotice(f"sent at {params['notify_time']}")
        try:
            return Notice(id=params["notify_id"], facts=self._notice_facts(params))
        except (KeyError, ValueError) as error:
            raise InvalidWebhook(f"malformed notice: {error}") from error

    def _notice_facts(self, params: dict) -> PaymentFacts:
        refunds = ()
        request_no = params.get("out_biz_no", "")
        if request_no and params.get("refund_fee"):
            # The notice gives only the total refunded so far; the refund's own amount is
            # asked (this runs before any lock is taken).
            answer = self._ask(
                self.client.api_alipay_trade_fastpay_refund_query,
                out_request_no=request_no,
                trade_no=params["trade_no"],
            )
            if answer.get("code") != OK or not answer.get("refund_amount"):
                raise ProviderError(f"Alipay refund query: {json.dumps(answer)[:200]}")
            refunds = (
                RefundFacts(
                    id=request_no,
                    amount=fen(answer["refund_amount"]),
                    status="succeeded",
                    reference=request_no,
                ),
            )
        paid = params.get("trade_status") in PAID or bool(refunds)
        return PaymentFacts(
            payment_id=params["trade_no"],
            donation_ref="",
            amount=fen(params["total_amount"]),
            currency="CNY",
            succeeded=paid,
            method="alipay",
            paid_at=_beijing(params.get("gmt_payment")),
            refunds=refunds,
            checkout_id=params["out_trade_no"],
        )


PROVIDER = AlipayProvider
