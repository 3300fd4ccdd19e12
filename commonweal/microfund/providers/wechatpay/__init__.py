"""WeChat Pay (API v3) over `wechatpayv3`: H5, JSAPI and Native orders, query, close, refunds,
signed and encrypted notifications, the daily trade bill (交易账单).

Settings (stored encrypted on the fiscal host): mchid, appid, merchant_certificate and
merchant_private_key (the merchant's API certificate: the SDK signs every request with it),
apiv3_key (and apiv3_key_previous while it is being changed), platform_certificates (one or
more PEM certificates: during WeChat's rotation a notice may be signed with either), app_secret
(the 公众号's, to learn a donor's openid), api_base and oauth_base (the test servers).

The SDK has no argument for its address nor for more than one platform key: both are set on
its core after construction (`_configure`), the only places we reach inside it.
"""

import hashlib
import json
import secrets
import time
from datetime import UTC, date, datetime
from urllib.parse import quote, urlencode

import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from wechatpayv3 import WeChatPay, WeChatPayType

from commonweal.microfund.providers.base import (
    InvalidWebhook,
    PaymentFacts,
    ProviderError,
    ProviderRefused,
    RefundFacts,
)
from commonweal.microfund.providers.orders import (
    DESKTOP,
    IN_APP,
    NOTICE_MAX_SKEW,
    Notice,
    OrderCheckout,
    OrderProvider,
    OrderRequest,
    StaleNotice,
)
from commonweal.microfund.providers.wechatpay.bill import parse_trade_bill

API_BASE = "https://api.mch.weixin.qq.com"
OAUTH_BASE = "https://api.weixin.qq.com"
TIMEOUT = (3, 10)  # connect, read (seconds)
PAID_STATES = ("SUCCESS", "REFUND")
_REFUND_STATUS = {"SUCCESS": "succeeded", "PROCESSING": "pending"}  # CLOSED, ABNORMAL: failed


def certificates(pem: str) -> list[x509.Certificate]:
    """Every certificate in a PEM text (a host may paste two during a rotation)."""
    return x509.load_pem_x509_certificates(pem.encode()) if pem and pem.strip() else []


def serial(certificate: x509.Certificate) -> str:
    """A certificate's serial number as WeChat Pay writes it (upper-case hex)."""
    return f"{certificate.serial_number:X}"


def _public_pem(certificate: x509.Certificate) -> str:
    return (
        certificate.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def order_reference(reference: str) -> str:
    """Our refund reference as WeChat accepts it (no ':' in out_refund_no)."""
    return reference.replace(":", "|")


def our_reference(out_refund_no: str) -> str:
    return out_refund_no.replace("|", ":")


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _refund_facts(data: dict) -> RefundFacts:
    status = data.get("status") or data.get("refund_status") or ""
    return RefundFacts(
        id=data.get("refund_id", ""),
        amount=int(data["amount"]["refund"]),
        status=_REFUND_STATUS.get(status, "failed"),
        reference=our_reference(data.get("out_refund_no", "")),
        failure="" if status in _REFUND_STATUS else status,
    )


class WeChatPayProvider(OrderProvider):
    name = "wechatpay"
    method_rank = 10
    secret_settings = ("merchant_private_key", "apiv3_key", "apiv3_key_previous", "app_secret")
    public_settings = (
        "mchid",
        "appid",
        "merchant_certificate",
        "platform_certificates",
        "api_base",
        "oauth_base",
    )

    def __init__(self, settings: dict, methods=("wechat_pay",)):
        super().__init__(settings, methods)
        self.platform = certificates(settings.get("platform_certificates", ""))
        merchant = certificates(settings.get("merchant_certificate", ""))
        if not self.platform or not merchant:
            raise ProviderError("WeChat Pay needs the merchant and platform certificates")
        self.merchant_serial = serial(merchant[0])
        self.client = self._client(settings.get("apiv3_key", ""))
        previous = settings.get("apiv3_key_previous", "")
        self.previous = self._client(previous) if previous else None

    def certificates(self) -> list[tuple[str, datetime]]:
        merchant = certificates(self.settings.get("merchant_certificate", ""))
        return [(f"merchant {serial(c)}", c.not_valid_after_utc) for c in merchant] + [
            (f"platform {serial(c)}", c.not_valid_after_utc) for c in self.platform
        ]

    def _client(self, apiv3_key: str) -> WeChatPay:
        newest = max(self.platform, key=lambda c: c.not_valid_after_utc)
        client = WeChatPay(
            wechatpay_type=WeChatPayType.NATIVE,
            mchid=self.settings.get("mchid", ""),
            private_key=self.settings.get("merchant_private_key", ""),
            cert_serial_no=self.merchant_serial,
            appid=self.settings.get("appid", ""),
            apiv3_key=apiv3_key,
            timeout=TIMEOUT,
            public_key=_public_pem(newest),
            public_key_id=serial(newest),
        )
        self._configure(client, newest)
        return client

    def _configure(self, client: WeChatPay, newest: x509.Certificate) -> None:
        core = client._core
        core._gate_way = (self.settings.get("api_base") or API_BASE).rstrip("/")
        # The older certificates of a rotation, found by serial when a notice names one.
        core._certificates = [c for c in self.platform if c is not newest]

    # --- requests -------------------------------------------------------------------------

    def _call(self, fn, *args, **kwargs) -> tuple[int, dict]:
        try:
            code, text = fn(*args, **kwargs)
        except requests.RequestException as error:
            raise ProviderError(f"WeChat Pay unreachable: {error}") from error
        except Exception as error:  # the SDK raises bare Exception for a bad answer signature
            raise ProviderError(f"WeChat Pay: {error}") from error
        data = json.loads(text) if isinstance(text, str) and text else {}
        if code >= 500 or code == 429:
            raise ProviderError(f"WeChat Pay answered {code}: {data.get('code', '')}")
        return code, data

    def create_order(self, request: OrderRequest) -> OrderCheckout:
        kind = {IN_APP: WeChatPayType.JSAPI, DESKTOP: WeChatPayType.NATIVE}.get(
            request.channel, WeChatPayType.H5
        )
        params = {
            "description": request.description[:127],
            "out_trade_no": request.donation_ref.rpartition(":")[2],
            "amount": {"total": request.amount, "currency": request.currency},
            "attach": request.donation_ref,
            "notify_url": request.notify_url,
            "pay_type": kind,
        }
        if request.expires_at is not None:
            params["time_expire"] = request.expires_at.isoformat(timespec="seconds")
        if kind == WeChatPayType.JSAPI:
            if not request.payer:
                raise ProviderRefused("paying inside WeChat needs the donor's openid")
            params["payer"] = {"openid": request.payer}
        if kind == WeChatPayType.H5:
            params["scene_info"] = {
                "payer_client_ip": request.client_ip,
                "h5_info": {"type": "Wap"},
            }
        code, data = self._call(self.client.pay, **params)
        if code != 200:
            raise ProviderRefused(f"{data.get('code', code)}: {data.get('message', '')}")
        order = params["out_trade_no"]
        if kind == WeChatPayType.H5:
            # WeChat returns the donor here after paying (or giving up).
            url = f"{data['h5_url']}&redirect_url={quote(request.success_url, safe='')}"
            return OrderCheckout(id=order, url=url)
        if kind == WeChatPayType.NATIVE:
            return OrderCheckout(id=order, url=request.success_url, qr=data["code_url"])
        return OrderCheckout(
            id=order, url=request.success_url, in_app=self._payment_sheet(data["prepay_id"])
        )

    def _payment_sheet(self, prepay_id: str) -> dict:
        """What WeixinJSBridge's getBrandWCPayRequest takes, signed with the merchant key."""
        sheet = {
            "appId": self.settings.get("appid", ""),
            "timeStamp": str(int(time.time())),
            "nonceStr": secrets.token_hex(16),
            "package": f"prepay_id={prepay_id}",
            "signType": "RSA",
        }
        sheet["paySign"] = self.client.sign(
            [sheet["appId"], sheet["timeStamp"], sheet["nonceStr"], sheet["package"]]
        )
        return sheet

    def fetch_payment(self, payment_id: str) -> PaymentFacts:
        """`payment_id` is our order number (out_trade_no)."""
        code, data = self._call(self.client.query, out_trade_no=payment_id)
        if code == 404:
            raise ProviderRefused(f"no order {payment_id}")
        if code != 200:
            raise ProviderError(f"WeChat Pay answered {code}: {data.get('code', '')}")
        return self._payment_facts(data)

    def _payment_facts(self, data: dict, refunds=()) -> PaymentFacts:
        amount = data.get("amount") or {}
        return PaymentFacts(
            payment_id=data.get("transaction_id", ""),
            donation_ref=data.get("attach", ""),
            amount=int(amount.get("total", 0)),
            currency=amount.get("currency", "CNY"),
            succeeded=data.get("trade_state") in PAID_STATES,
            method="wechat_pay",
            paid_at=_time(data.get("success_time")),
            refunds=tuple(refunds),
            checkout_id=data.get("out_trade_no", ""),
        )

    def refund(self, payment_id: str, amount: int, *, idempotency_key: str) -> RefundFacts:
        """`payment_id` is WeChat's transaction id. WeChat keeps one refund per out_refund_no,
        so asking again returns the first."""
        code, paid = self._call(self.client.query, transaction_id=payment_id)
        if code != 200:
            raise ProviderRefused(f"no payment {payment_id}")
        code, data = self._call(
            self.client.refund,
            out_refund_no=order_reference(idempotency_key),
            transaction_id=payment_id,
            amount={"refund": amount, "total": paid["amount"]["total"], "currency": "CNY"},
        )
        if code != 200:
            raise ProviderRefused(f"{data.get('code', code)}: {data.get('message', '')}")
        return _refund_facts(data)

    def fetch_refund(self, payment_id: str, *, idempotency_key: str) -> RefundFacts:
        """WeChat's order query does not list refunds: each is asked for by its number."""
        out_refund_no = order_reference(idempotency_key)
        # Quoted here: WeChat checks the signature over the path as sent, and the SDK signs
        # the path it is given while requests would percent-encode the "|" afterwards.
        code, data = self._call(
            self.client.query_refund, out_refund_no=quote(out_refund_no, safe="")
        )
        if code == 404:
            raise ProviderRefused(f"no refund {out_refund_no}")
        if code != 200:
            raise ProviderError(f"WeChat Pay answered {code}: {data.get('code', '')}")
        return _refund_facts(data)

    def close_order(self, order: str) -> bool:
        code, data = self._call(self.client.query, out_trade_no=order)
        if code == 200 and data.get("trade_state") in PAID_STATES:
            return False
        if code == 404:
            return True
        code, data = self._call(self.client.close, out_trade_no=order)
        if code == 204:
            return True
        if data.get("code") == "ORDERPAID":
            return False
        raise ProviderRefused(f"{data.get('code', code)}: {data.get('message', '')}")

    def fetch_bill(self, day: date) -> list:
        code, data = self._call(self.client.trade_bill, bill_date=day.isoformat())
        if code == 400 and data.get("code") == "NO_STATEMENT_EXIST":
            return []
        if code != 200:
            raise ProviderError(f"WeChat Pay bill: {data.get('code', code)}")
        try:
            code, content = self.client.download_bill(data["download_url"])
        except requests.RequestException as error:
            raise ProviderError(f"WeChat Pay unreachable: {error}") from error
        if code != 200 or not isinstance(content, bytes):
            raise ProviderError(f"WeChat Pay bill download answered {code}")
        if hashlib.sha1(content).hexdigest() != data.get("hash_value", "").lower():
            raise ProviderError("WeChat Pay bill: the file's hash does not match")
        return parse_trade_bill(content)

    # --- the donor's openid (公众号 OAuth, scope snsapi_base) -------------------------------

    def payer_sign_in_url(self, return_url: str, state: str) -> str:
        query = urlencode(
            {
                "appid": self.settings.get("appid", ""),
                "redirect_uri": return_url,
                "response_type": "code",
                "scope": "snsapi_base",
                "state": state,
            }
        )
        return f"https://open.weixin.qq.com/connect/oauth2/authorize?{query}#wechat_redirect"

    def payer_id(self, code: str) -> str:
        base = (self.settings.get("oauth_base") or OAUTH_BASE).rstrip("/")
        try:
            answer = requests.get(
                f"{base}/sns/oauth2/access_token",
                params={
                    "appid": self.settings.get("appid", ""),
                    "secret": self.settings.get("app_secret", ""),
                    "code": code,
                    "grant_type": "authorization_code",
                },
                timeout=TIMEOUT,
            ).json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderError(f"WeChat OAuth unreachable: {error}") from error
        if not answer.get("openid"):
            raise ProviderRefused(f"WeChat OAuth: {answer.get('errcode')} {answer.get('errmsg')}")
        return answer["openid"]

    # --- notifications --------------------------------------------------------------------

    def notice_answer(self, accepted: bool) -> tuple[int, str, bytes]:
        if accepted:
            return 204, "application/json", b""
        body = json.dumps({"code": "FAIL", "message": "失败"}).encode()
        return 400, "application/json", body

    def parse_notice(self, body: bytes, headers, *, now: datetime | None = None) -> Notice:
        fields = {
            name: headers.get(name, "")
            for name in (
                "Wechatpay-Signature",
                "Wechatpay-Timestamp",
                "Wechatpay-Nonce",
                "Wechatpay-Serial",
                "Wechatpay-Signature-Type",
            )
        }
        try:
            sent = datetime.fromtimestamp(int(fields["Wechatpay-Timestamp"]), tz=UTC)
        except (ValueError, OverflowError) as error:
            raise InvalidWebhook("no timestamp") from error
        if abs((now or datetime.now(UTC)) - sent) > NOTICE_MAX_SKEW:
            raise StaleNotice(f"sent at {sent:%Y-%m-%d %H:%M:%S}")
        # Checked before the SDK sees it: for a serial it does not know, the SDK would fetch
        # WeChat's certificates again (a request per forged notice) and replace our list.
        if fields["Wechatpay-Serial"].strip().upper() not in {serial(c) for c in self.platform}:
            raise InvalidWebhook("signed with no platform certificate of ours")
        data = self._decrypt(fields, body)
        try:
            envelope = json.loads(body)
            resource = data["resource"]
            if envelope.get("event_type", "").startswith("REFUND."):
                facts = self._payment_facts(
                    {
                        "transaction_id": resource["transaction_id"],
                        "out_trade_no": resource["out_trade_no"],
                        "trade_state": "REFUND",
                        "amount": {"total": resource["amount"]["total"], "currency": "CNY"},
                    },
                    refunds=[_refund_facts(resource)],
                )
            elif envelope.get("event_type") == "TRANSACTION.SUCCESS":
                facts = self._payment_facts(resource)
            else:
                raise InvalidWebhook(f"unhandled notice {envelope.get('event_type')}")
            if resource.get("mchid", self.settings.get("mchid")) != self.settings.get("mchid"):
                raise InvalidWebhook("a notice for another merchant")
            return Notice(id=str(envelope["id"]), facts=facts)
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidWebhook(f"malformed notice: {error}") from error

    def _decrypt(self, fields: dict, body: bytes) -> dict:
        """The SDK verifies the platform's signature over timestamp, nonce and body, then
        decrypts the resource (AES-256-GCM, APIv3 key): None when either fails."""
        for client in filter(None, (self.client, self.previous)):
            try:
                data = client.callback(fields, body)
            except Exception as error:  # the SDK's refusal of an unknown algorithm
                raise InvalidWebhook(str(error)) from error
            if data:
                return data
        raise InvalidWebhook("signature or encryption does not hold")


PROVIDER = WeChatPayProvider
