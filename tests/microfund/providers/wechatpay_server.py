"""A local WeChat Pay API v3 server, as its published API documents describe it.

It checks every request's `Authorization: WECHATPAY2-SHA256-RSA2048 …` (RSA-SHA256 over method,
path with query, timestamp, nonce and body, with the merchant's certificate, timestamps within 5
minutes), answers in WeChat Pay's JSON (H5 `h5_url`, JSAPI `prepay_id`, Native `code_url`,
query, close, refund, trade bill) and signs each answer with the platform key; notifications
are signed with the platform key and their resource encrypted with AES-256-GCM under the
APIv3 key. Tests drive the payer's side with `pay`, `notice_for_*` and `deliver`.
"""

import base64
import csv
import gzip
import hashlib
import io
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import requests
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tests.microfund.providers import keys

BEIJING = timezone(timedelta(hours=8))
_AUTH = re.compile(r'(\w+)="([^"]*)"')


def loopback(url: str) -> tuple[str, dict]:
    """`http://fengshu.localhost:8000/…` → the same on 127.0.0.1 with its Host header: browsers
    resolve *.localhost to loopback, Python's resolver does not."""
    parts = urlsplit(url)
    if not (parts.hostname or "").endswith(".localhost"):
        return url, {}
    port = f":{parts.port}" if parts.port else ""
    return parts._replace(netloc=f"127.0.0.1{port}").geturl(), {"Host": parts.netloc}


def _now() -> str:
    return datetime.now(BEIJING).isoformat(timespec="seconds")


@dataclass
class Order:
    out_trade_no: str
    kind: str  # JSAPI, NATIVE, MWEB (H5)
    total: int
    currency: str
    description: str
    attach: str
    notify_url: str
    openid: str = ""
    state: str = "NOTPAY"
    transaction_id: str = ""
    success_time: str = ""
    refunds: list = field(default_factory=list)

    def resource(self, mchid: str, appid: str) -> dict:
        data = {
            "appid": appid,
            "mchid": mchid,
            "out_trade_no": self.out_trade_no,
            "trade_state": self.state,
            "trade_state_desc": self.state,
            "attach": self.attach,
            "amount": {"total": self.total, "currency": self.currency},
        }
        if self.transaction_id:
            data |= {
                "transaction_id": self.transaction_id,
                "trade_type": self.kind,
                "bank_type": "OTHERS",
                "success_time": self.success_time,
                "payer": {"openid": self.openid or "o-test-payer"},
                "amount": data["amount"] | {"payer_total": self.total, "payer_currency": "CNY"},
            }
        return data


class WeChatPayServer:
    def __init__(self, *, mchid="1900000109", appid="wx8888888888888888", app_secret="s3cret"):
        self.mchid, self.appid, self.app_secret = mchid, appid, app_secret
        self.apiv3_key = keys.apiv3_key()
        self.merchant_certs = {keys.serial("wechat-merchant"): keys.certificate("wechat-merchant")}
        self.platform = "wechat-platform"  # the key that signs answers and notices
        self.orders: dict[str, Order] = {}
        self.by_transaction: dict[str, Order] = {}
        self.refunds: dict[str, dict] = {}
        self.refund_status = "SUCCESS"  # or "PROCESSING": settle later with `settle_refund`
        self.bill_changes: dict[str, int | None] = {}  # order → amount on the bill, None: left off
        self.bill_extra: list[dict] = []
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def reset(self):
        """Forget every order (a test's database is gone; its order numbers may come back)."""
        with self.lock:
            self.orders.clear()
            self.by_transaction.clear()
            self.refunds.clear()
            self.bill_changes.clear()
            self.bill_extra.clear()
            self.refund_status = "SUCCESS"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    # --- what a fiscal host stores -------------------------------------------------------

    def settings(self, **changes) -> dict:
        return {
            "mchid": self.mchid,
            "appid": self.appid,
            "merchant_certificate": keys.certificate_pem("wechat-merchant"),
            "merchant_private_key": keys.private_pem("wechat-merchant"),
            "apiv3_key": self.apiv3_key,
            "platform_certificates": keys.certificate_pem(self.platform),
            "app_secret": self.app_secret,
            "api_base": self.base,
            "oauth_base": self.base,
        } | changes

    # --- the payer's side ----------------------------------------------------------------

    def pay(self, out_trade_no: str) -> Order:
        with self.lock:
            order = self.orders[out_trade_no]
            if order.state == "NOTPAY":
                order.state = "SUCCESS"
                order.transaction_id = f"4200{secrets.randbelow(10**24):024d}"
                order.success_time = _now()
                self.by_transaction[order.transaction_id] = order
            return order

    def settle_refund(self, out_refund_no: str, status: str = "SUCCESS") -> dict:
        with self.lock:
            refund = self.refunds[out_refund_no]
            refund["status"] = status
            refund["success_time"] = _now() if status == "SUCCESS" else None
            return refund

    def notice_for_payment(self, out_trade_no: str, **options) -> tuple[dict, bytes]:
        order = self.orders[out_trade_no]
        resource = order.resource(self.mchid, self.appid) | options.pop("resource_changes", {})
        return self.notice("TRANSACTION.SUCCESS", "transaction", resource, **options)

    def notice_for_refund(self, out_refund_no: str, **options) -> tuple[dict, bytes]:
        refund = self.refunds[out_refund_no]
        resource = {
            "mchid": self.mchid,
            "out_trade_no": refund["out_trade_no"],
            "transaction_id": refund["transaction_id"],
            "out_refund_no": out_refund_no,
            "refund_id": refund["refund_id"],
            "refund_status": refund["status"],
            "success_time": refund.get("success_time"),
            "user_received_account": "支付用户零钱",
            "amount": {
                "total": refund["amount"]["total"],
                "refund": refund["amount"]["refund"],
                "payer_total": refund["amount"]["total"],
                "payer_refund": refund["amount"]["refund"],
            },
        }
        event = "REFUND.SUCCESS" if refund["status"] == "SUCCESS" else "REFUND.ABNORMAL"
        return self.notice(event, "refund", resource, **options)

    def notice(
        self,
        event_type: str,
        original_type: str,
        resource: dict,
        *,
        signer: str | None = None,
        serial_of: str | None = None,
        apiv3_key: str | None = None,
        timestamp: int | None = None,
        notice_id: str | None = None,
    ) -> tuple[dict, bytes]:
        """A notification as WeChat Pay sends it: (headers, body)."""
        nonce = secrets.token_hex(16)
        aead = AESGCM((apiv3_key or self.apiv3_key).encode())
        ciphertext = aead.encrypt(
            nonce[:12].encode(),
            json.dumps(resource, ensure_ascii=False).encode(),
            original_type.encode(),
        )
        body = json.dumps(
            {
                "id": notice_id or f"EV-{secrets.token_hex(10)}",
                "create_time": _now(),
                "resource_type": "encrypt-resource",
                "event_type": event_type,
                "summary": "支付成功" if event_type == "TRANSACTION.SUCCESS" else "退款状态变更",
                "resource": {
                    "original_type": original_type,
                    "algorithm": "AEAD_AES_256_GCM",
                    "ciphertext": base64.b64encode(ciphertext).decode(),
                    "associated_data": original_type,
                    "nonce": nonce[:12],
                },
            },
            ensure_ascii=False,
        ).encode()
        return self.signed_headers(
            body, signer=signer, serial_of=serial_of, timestamp=timestamp
        ), body

    def signed_headers(self, body: bytes, *, signer=None, serial_of=None, timestamp=None) -> dict:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        nonce = secrets.token_hex(16)
        message = f"{stamp}\n{nonce}\n{body.decode()}\n"
        return {
            "Wechatpay-Timestamp": stamp,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Serial": keys.serial(serial_of or self.platform),
            "Wechatpay-Signature": keys.sign(signer or self.platform, message),
            "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
        }

    def deliver(self, out_trade_no: str, notice: tuple[dict, bytes] | None = None):
        """POST a notice to the order's notify_url, as WeChat Pay's servers do."""
        headers, body = notice or self.notice_for_payment(out_trade_no)
        url, host = loopback(self.orders[out_trade_no].notify_url)
        return requests.post(
            url,
            data=body,
            headers=headers | {"Content-Type": "application/json"} | host,
            timeout=30,
        )

    # --- the bill ------------------------------------------------------------------------

    def trade_bill(self, day: date) -> bytes:
        columns = [
            "交易时间",
            "公众账号ID",
            "商户号",
            "特约商户号",
            "设备号",
            "微信订单号",
            "商户订单号",
            "用户标识",
            "交易类型",
            "交易状态",
            "付款银行",
            "货币种类",
            "应结订单金额",
            "代金券金额",
            "微信退款单号",
            "商户退款单号",
            "退款金额",
            "充值券退款金额",
            "退款类型",
            "退款状态",
            "商品名称",
            "商户数据包",
            "手续费",
            "费率",
            "订单金额",
            "申请退款金额",
            "费率备注",
        ]
        rows = []

        def row(order: Order, when: str, refund: dict | None, amount: int):
            value = dict.fromkeys(columns, "")
            value |= {
                "交易时间": when.replace("T", " ")[:19],
                "公众账号ID": self.appid,
                "商户号": self.mchid,
                "微信订单号": order.transaction_id,
                "商户订单号": order.out_trade_no,
                "交易类型": order.kind,
                "交易状态": "REFUND" if refund else "SUCCESS",
                "货币种类": "CNY",
                "应结订单金额": f"{order.total / 100:.2f}",
                "订单金额": f"{order.total / 100:.2f}",
                "商品名称": order.description,
                "商户数据包": order.attach,
                "手续费": "0.00",
                "费率": "0.60%",
            }
            if refund:
                value |= {
                    "微信退款单号": refund["refund_id"],
                    "商户退款单号": refund["out_refund_no"],
                    "退款金额": f"{amount / 100:.2f}",
                    "申请退款金额": f"{amount / 100:.2f}",
                    "退款类型": "ORIGINAL",
                    "退款状态": "SUCCESS",
                }
            else:
                value["订单金额"] = f"{amount / 100:.2f}"
            rows.append(["`" + value[c] for c in columns])

        for order in self.orders.values():
            if order.transaction_id and order.success_time[:10] == day.isoformat():
                amount = self.bill_changes.get(order.out_trade_no, order.total)
                if amount is not None:
                    row(order, order.success_time, None, amount)
            for refund in order.refunds:
                if refund["status"] == "SUCCESS" and (refund["success_time"] or "")[:10] == str(
                    day
                ):
                    row(order, refund["success_time"], refund, refund["amount"]["refund"])
        for extra in self.bill_extra:
            order = Order(extra["out_trade_no"], "NATIVE", extra["total"], "CNY", "", "", "")
            order.transaction_id, order.success_time = extra["transaction_id"], f"{day}T12:00:00"
            row(order, order.success_time, None, extra["total"])
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows(rows)
        writer.writerow(
            ["总交易单数", "应结订单总金额", "退款总金额", "充值券退款总金额", "手续费总金额"]
        )
        writer.writerow([f"`{len(rows)}", "`0.00", "`0.00", "`0.00", "`0.00"])
        return gzip.compress(out.getvalue().encode("utf-8"), mtime=0)


def _handler(server: WeChatPayServer):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self, status: int, data=None, *, raw: bytes | None = None, signed=True):
            body = raw if raw is not None else (json.dumps(data).encode() if data else b"")
            self.send_response(status)
            content_type = "application/octet-stream" if raw is not None else "application/json"
            if raw is None and status == 204:
                content_type = "application/json"
            self.send_header("Content-Type", content_type)
            if signed and 200 <= status < 300 and raw is None:
                for name, value in server.signed_headers(body).items():
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _error(self, status: int, code: str, message: str):
            self._answer(status, {"code": code, "message": message}, signed=False)

        def _authorised(self, body: str) -> bool:
            header = self.headers.get("Authorization", "")
            scheme, _, params = header.partition(" ")
            fields = dict(_AUTH.findall(params))
            cert = server.merchant_certs.get(fields.get("serial_no", ""))
            stamp = fields.get("timestamp", "")
            if (
                scheme != "WECHATPAY2-SHA256-RSA2048"
                or cert is None
                or fields.get("mchid") != server.mchid
                or not stamp.isdigit()
                or abs(time.time() - int(stamp)) > 300
            ):
                return False
            message = f"{self.command}\n{self.path}\n{stamp}\n{fields.get('nonce_str')}\n{body}\n"
            return keys.verifies(cert.public_key(), message, fields.get("signature", ""))

        def do_GET(self):
            self._route("")

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            self._route(self.rfile.read(length).decode() if length else "")

        def _route(self, body: str):
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            server.requests.append((self.command, url.path))
            if url.path == "/sns/oauth2/access_token":
                return self._oauth(query)
            if not self._authorised(body):
                return self._error(401, "SIGN_ERROR", "签名错误")
            data = json.loads(body) if body else {}
            routes = [
                (r"/v3/pay/transactions/(h5|jsapi|native)", "POST", self._create),
                (r"/v3/pay/transactions/out-trade-no/([^/]+)/close", "POST", self._close),
                (r"/v3/pay/transactions/out-trade-no/([^/]+)", "GET", self._query_order),
                (r"/v3/pay/transactions/id/([^/]+)", "GET", self._query_transaction),
                (r"/v3/refund/domestic/refunds", "POST", self._refund),
                (r"/v3/refund/domestic/refunds/([^/]+)", "GET", self._query_refund),
                (r"/v3/bill/tradebill", "GET", self._bill),
                (r"/v3/billdownload/file", "GET", self._download),
            ]
            for pattern, method, action in routes:
                match = re.fullmatch(pattern, url.path)
                if match and method == self.command:
                    with server.lock:
                        return action(*map(unquote, match.groups()), data=data, query=query)
            self._error(404, "RESOURCE_NOT_EXISTS", "无此接口")

        def _oauth(self, query):
            if query.get("appid") != server.appid or query.get("secret") != server.app_secret:
                return self._answer(200, {"errcode": 40125, "errmsg": "invalid appsecret"})
            self._answer(
                200, {"access_token": "AT", "openid": f"o-{query.get('code')}"}, signed=False
            )

        def _create(self, kind, *, data, query):
            amount = data.get("amount") or {}
            required = ("appid", "mchid", "description", "out_trade_no", "notify_url")
            if any(not data.get(name) for name in required) or not (
                isinstance(amount.get("total"), int) and amount["total"] > 0
            ):
                return self._error(400, "PARAM_ERROR", "参数错误")
            if data["mchid"] != server.mchid or data["appid"] != server.appid:
                return self._error(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配")
            if kind == "jsapi" and not (data.get("payer") or {}).get("openid"):
                return self._error(400, "PARAM_ERROR", "缺少参数openid")
            if kind == "h5" and not (data.get("scene_info") or {}).get("h5_info"):
                return self._error(400, "PARAM_ERROR", "缺少参数h5_info")
            order = server.orders.get(data["out_trade_no"])
            if order is None:
                order = Order(
                    out_trade_no=data["out_trade_no"],
                    kind={"h5": "MWEB", "jsapi": "JSAPI", "native": "NATIVE"}[kind],
                    total=amount["total"],
                    currency=amount.get("currency", "CNY"),
                    description=data["description"],
                    attach=data.get("attach", ""),
                    notify_url=data["notify_url"],
                    openid=(data.get("payer") or {}).get("openid", ""),
                )
                server.orders[order.out_trade_no] = order
            elif order.total != amount["total"] or order.state != "NOTPAY":
                return self._error(400, "INVALID_REQUEST", "商户订单号重复")
            prepay = f"wx{abs(hash(order.out_trade_no)):020d}"
            if kind == "h5":
                return self._answer(200, {"h5_url": f"{server.base}/h5pay?prepay_id={prepay}"})
            if kind == "native":
                return self._answer(200, {"code_url": f"weixin://wxpay/bizpayurl?pr={prepay}"})
            self._answer(200, {"prepay_id": prepay})

        def _query_order(self, out_trade_no, *, data, query):
            order = server.orders.get(out_trade_no)
            if order is None or query.get("mchid") != server.mchid:
                return self._error(404, "ORDER_NOT_EXIST", "订单不存在")
            self._answer(200, order.resource(server.mchid, server.appid))

        def _query_transaction(self, transaction_id, *, data, query):
            order = server.by_transaction.get(transaction_id)
            if order is None or query.get("mchid") != server.mchid:
                return self._error(404, "ORDER_NOT_EXIST", "订单不存在")
            self._answer(200, order.resource(server.mchid, server.appid))

        def _close(self, out_trade_no, *, data, query):
            order = server.orders.get(out_trade_no)
            if order is None or data.get("mchid") != server.mchid:
                return self._error(404, "ORDER_NOT_EXIST", "订单不存在")
            if order.state in ("SUCCESS", "REFUND"):
                return self._error(400, "ORDERPAID", "订单已支付")
            order.state = "CLOSED"
            self._answer(204)

        def _refund(self, *, data, query):
            existing = server.refunds.get(data.get("out_refund_no", ""))
            if existing is not None:
                return self._answer(200, existing)
            order = server.by_transaction.get(data.get("transaction_id", "")) or server.orders.get(
                data.get("out_trade_no", "")
            )
            amount = data.get("amount") or {}
            if order is None or not order.transaction_id:
                return self._error(404, "RESOURCE_NOT_EXISTS", "订单不存在")
            refunded = sum(r["amount"]["refund"] for r in order.refunds if r["status"] != "CLOSED")
            if amount.get("total") != order.total or not isinstance(amount.get("refund"), int):
                return self._error(400, "PARAM_ERROR", "订单金额或退款金额与之前请求不一致")
            if amount["refund"] <= 0 or amount["refund"] > order.total - refunded:
                return self._error(400, "INVALID_REQUEST", "申请退款金额超过订单可退金额")
            refund = {
                "refund_id": f"5030{secrets.randbelow(10**24):024d}",
                "out_refund_no": data["out_refund_no"],
                "transaction_id": order.transaction_id,
                "out_trade_no": order.out_trade_no,
                "channel": "ORIGINAL",
                "user_received_account": "支付用户零钱",
                "create_time": _now(),
                "success_time": _now() if server.refund_status == "SUCCESS" else None,
                "status": server.refund_status,
                "funds_account": "AVAILABLE",
                "amount": {
                    "total": order.total,
                    "refund": amount["refund"],
                    "payer_total": order.total,
                    "payer_refund": amount["refund"],
                    "currency": "CNY",
                },
            }
            order.refunds.append(refund)
            order.state = "REFUND"
            server.refunds[refund["out_refund_no"]] = refund
            self._answer(200, refund)

        def _query_refund(self, out_refund_no, *, data, query):
            refund = server.refunds.get(out_refund_no)
            if refund is None:
                return self._error(404, "RESOURCE_NOT_EXISTS", "退款单不存在")
            self._answer(200, refund)

        def _bill(self, *, data, query):
            try:
                day = date.fromisoformat(query.get("bill_date", ""))
            except ValueError:
                return self._error(400, "PARAM_ERROR", "bill_date格式错误")
            content = server.trade_bill(day)
            token = base64.urlsafe_b64encode(day.isoformat().encode()).decode()
            self._answer(
                200,
                {
                    "hash_type": "SHA1",
                    "hash_value": hashlib.sha1(content).hexdigest(),
                    "download_url": f"{server.base}/v3/billdownload/file?token={token}",
                },
            )

        def _download(self, *, data, query):
            day = date.fromisoformat(base64.urlsafe_b64decode(query["token"]).decode())
            self._answer(200, raw=server.trade_bill(day))

    return Handler
