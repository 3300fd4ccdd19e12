"""A local Alipay open-platform gateway, as its published API documents describe it.

`/gateway.do` checks the RSA2 signature over the sorted parameters (all but `sign` and
`sign_type`, `k=v` joined with `&`) with the app's public key, and answers in Alipay's JSON
(`<method>_response` plus `sign` over exactly that object's text, signed with Alipay's key):
`alipay.trade.wap.pay` / `page.pay` (a cashier page, as the browser is sent there), query,
close, refund, refund query, and the bill's download address; the bill is a zip of GBK CSV
files. Async notifications are forms signed with Alipay's key. Tests pay with `pay`.
"""

import io
import json
import secrets
import threading
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from tests.microfund.providers import keys
from tests.microfund.providers.wechatpay_server import loopback

BEIJING = timezone(timedelta(hours=8))


def _now() -> str:
    return datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def _fen(yuan: str) -> int:
    whole, _, part = yuan.partition(".")
    return int(whole) * 100 + int((part + "00")[:2])


def signed_content(params: dict, leave_out=("sign", "sign_type")) -> str:
    """Sorted `k=v` joined with '&'. A request's signature covers `sign_type` too; a
    notification's does not."""
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in leave_out)


@dataclass
class Trade:
    out_trade_no: str
    total: int
    subject: str
    product_code: str
    notify_url: str
    return_url: str
    status: str = "WAIT_BUYER_PAY"
    trade_no: str = ""
    paid_at: str = ""
    refunds: dict = field(default_factory=dict)  # out_request_no → (amount, at)

    @property
    def refunded(self) -> int:
        return sum(amount for amount, _at in self.refunds.values())


class AlipayServer:
    def __init__(self, *, app_id="2021000000000001"):
        self.app_id = app_id
        self.app_key = "alipay-app"  # the merchant's key: its public half checks requests
        self.alipay_key = "alipay"  # Alipay's key: signs answers and notices
        self.trades: dict[str, Trade] = {}
        self.bill_changes: dict[str, int | None] = {}
        self.bill_extra: list[dict] = []
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.gateway = f"{self.base}/gateway.do"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def reset(self):
        with self.lock:
            self.trades.clear()
            self.bill_changes.clear()
            self.bill_extra.clear()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def settings(self, **changes) -> dict:
        return {
            "app_id": self.app_id,
            "app_private_key": keys.private_pem(self.app_key),
            "alipay_public_key": keys.public_pem(self.alipay_key),
            "api_base": self.gateway,
        } | changes

    # --- the payer's side ----------------------------------------------------------------

    def pay(self, out_trade_no: str) -> Trade:
        with self.lock:
            trade = self.trades[out_trade_no]
            if trade.status == "WAIT_BUYER_PAY":
                trade.status = "TRADE_SUCCESS"
                trade.trade_no = f"2026{secrets.randbelow(10**24):024d}"
                trade.paid_at = _now()
            return trade

    def notice_for_payment(self, out_trade_no: str, **options) -> bytes:
        trade = self.trades[out_trade_no]
        params = self._trade_params(trade) | options.pop("changes", {})
        return self.notice(params, **options)

    def notice_for_refund(self, out_trade_no: str, out_request_no: str, **options) -> bytes:
        trade = self.trades[out_trade_no]
        _amount, at = trade.refunds[out_request_no]
        params = self._trade_params(trade) | {
            "out_biz_no": out_request_no,
            "refund_fee": _yuan(trade.refunded),
            "gmt_refund": at + ".000",
        }
        return self.notice(params | options.pop("changes", {}), **options)

    def _trade_params(self, trade: Trade) -> dict:
        return {
            "notify_type": "trade_status_sync",
            "notify_id": secrets.token_hex(16),
            "app_id": self.app_id,
            "charset": "utf-8",
            "version": "1.0",
            "trade_no": trade.trade_no,
            "out_trade_no": trade.out_trade_no,
            "trade_status": trade.status,
            "total_amount": _yuan(trade.total),
            "receipt_amount": _yuan(trade.total),
            "buyer_pay_amount": _yuan(trade.total),
            "subject": trade.subject,
            "gmt_create": trade.paid_at,
            "gmt_payment": trade.paid_at,
            "seller_id": "2088000000000001",
            "buyer_id": "2088102177846880",
        }

    def notice(self, params: dict, *, signer: str | None = None, notify_time: str | None = None):
        """An async notification's form body, signed as Alipay signs it."""
        params = {"notify_time": notify_time or _now(), **params, "sign_type": "RSA2"}
        params["sign"] = keys.sign(signer or self.alipay_key, signed_content(params))
        return urlencode(params).encode()

    def deliver(self, out_trade_no: str, body: bytes | None = None):
        trade = self.trades[out_trade_no]
        url, host = loopback(trade.notify_url)
        return requests.post(
            url,
            data=body or self.notice_for_payment(out_trade_no),
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"} | host,
            timeout=30,
        )

    # --- the bill ------------------------------------------------------------------------

    def bill_zip(self, day: date) -> bytes:
        columns = [
            "支付宝交易号",
            "商户订单号",
            "业务类型",
            "商品名称",
            "创建时间",
            "完成时间",
            "门店编号",
            "门店名称",
            "操作员",
            "终端号",
            "对方账户",
            "订单金额（元）",
            "商家实收（元）",
            "支付宝红包（元）",
            "集分宝（元）",
            "支付宝优惠（元）",
            "商家优惠（元）",
            "券核销金额（元）",
            "券名称",
            "商家红包消费金额（元）",
            "卡消费金额（元）",
            "退款批次号/请求号",
            "服务费（元）",
            "分润（元）",
            "备注",
        ]
        lines = [f"#支付宝业务明细查询\n#账号：[20880000000000010156]\n#起始日期：[{day} 00:00:00]"]
        lines.append(",".join(columns))

        def line(trade_no, order, kind, at, total, received, request_no=""):
            value = dict.fromkeys(columns, "")
            value |= {
                "支付宝交易号": trade_no,
                "商户订单号": order,
                "业务类型": kind,
                "商品名称": "社区微基金",
                "创建时间": at,
                "完成时间": at,
                "订单金额（元）": _yuan(total),
                "商家实收（元）": ("-" if received < 0 else "") + _yuan(abs(received)),
                "退款批次号/请求号": request_no,
                "服务费（元）": "0.00",
            }
            lines.append(",".join(value[c] for c in columns))

        for trade in self.trades.values():
            if trade.trade_no and trade.paid_at[:10] == day.isoformat():
                amount = self.bill_changes.get(trade.out_trade_no, trade.total)
                if amount is not None:
                    line(trade.trade_no, trade.out_trade_no, "交易", trade.paid_at, amount, amount)
            for request_no, (amount, at) in trade.refunds.items():
                if at[:10] == day.isoformat():
                    line(
                        trade.trade_no,
                        trade.out_trade_no,
                        "退款",
                        at,
                        trade.total,
                        -amount,
                        request_no,
                    )
        for extra in self.bill_extra:
            at = f"{day} 12:00:00"
            line(
                extra["trade_no"], extra["out_trade_no"], "交易", at, extra["total"], extra["total"]
            )
        lines.append("#-----------------------------------------业务明细列表结束")
        lines.append(f"#导出时间：[{_now()}]")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            stem = f"20880000000000010156_{day:%Y%m%d}"
            archive.writestr(f"{stem}_业务明细.csv", "\n".join(lines).encode("gbk"))
            archive.writestr(f"{stem}_业务明细(汇总).csv", "#汇总\n".encode("gbk"))
        return buffer.getvalue()


def _handler(server: AlipayServer):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status: int, body: bytes, content_type: str, headers=()):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _answer(self, method: str, data: dict):
            """Alipay's answer: the object's exact text is what `sign` covers."""
            response_type = method.replace(".", "_") + "_response"
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            sign = keys.sign(server.alipay_key, text)
            raw = f'{{"{response_type}":{text},"sign":"{sign}"}}'
            self._send(200, raw.encode(), "text/html;charset=utf-8")

        def _refuse(self, method: str, sub_code: str, sub_msg: str, code="40004"):
            self._answer(
                method,
                {"code": code, "msg": "Business Failed", "sub_code": sub_code, "sub_msg": sub_msg},
            )

        def do_GET(self):
            url = urlsplit(self.path)
            if url.path.startswith("/bill/"):
                day = date.fromisoformat(url.path.removeprefix("/bill/").removesuffix(".zip"))
                return self._send(200, server.bill_zip(day), "application/zip")
            if url.path == "/gateway.do":
                return self._gateway(dict(parse_qsl(url.query, keep_blank_values=True)))
            self._send(404, b"not found", "text/plain")

        def do_POST(self):
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
            if url.path == "/cashier/pay":
                return self._cashier_pay(form)
            if url.path == "/gateway.do":
                return self._gateway(dict(parse_qsl(url.query, keep_blank_values=True)) | form)
            self._send(404, b"not found", "text/plain")

        def _gateway(self, params: dict):
            method = params.get("method", "")
            public = load_pem_public_key(keys.public_pem(server.app_key).encode())
            if params.get("app_id") != server.app_id:
                return self._error("isv.invalid-app-id", "无效的AppID参数")
            if params.get("sign_type") != "RSA2" or not keys.verifies(
                public, signed_content(params, ("sign",)), params.get("sign", "")
            ):
                return self._error("isv.invalid-signature", "验签出错")
            try:
                biz = json.loads(params.get("biz_content") or "{}")
            except ValueError:
                return self._error("isv.invalid-parameter", "biz_content格式错误")
            action = {
                "alipay.trade.wap.pay": self._cashier,
                "alipay.trade.page.pay": self._cashier,
                "alipay.trade.query": self._query,
                "alipay.trade.close": self._close,
                "alipay.trade.refund": self._refund,
                "alipay.trade.fastpay.refund.query": self._refund_query,
                "alipay.data.dataservice.bill.downloadurl.query": self._bill,
            }.get(method)
            if action is None:
                return self._error("isv.invalid-method", "不存在的方法名")
            with server.lock:
                action(method, biz, params)

        def _error(self, sub_code: str, sub_msg: str):
            data = {
                "code": "40002",
                "msg": "Invalid Arguments",
                "sub_code": sub_code,
                "sub_msg": sub_msg,
            }
            self._send(
                200, json.dumps({"error_response": data}).encode(), "text/html;charset=utf-8"
            )

        def _trade(self, biz: dict) -> Trade | None:
            for trade in server.trades.values():
                if trade.out_trade_no == biz.get("out_trade_no") or (
                    trade.trade_no and trade.trade_no == biz.get("trade_no")
                ):
                    return trade
            return None

        def _cashier(self, method, biz, params):
            expected = {
                "alipay.trade.wap.pay": "QUICK_WAP_PAY",
                "alipay.trade.page.pay": "FAST_INSTANT_TRADE_PAY",
            }
            if biz.get("product_code") != expected[method] or not biz.get("out_trade_no"):
                return self._send(400, "参数错误".encode(), "text/plain;charset=utf-8")
            trade = server.trades.get(biz["out_trade_no"])
            if trade is None:
                trade = Trade(
                    out_trade_no=biz["out_trade_no"],
                    total=_fen(biz["total_amount"]),
                    subject=biz.get("subject", ""),
                    product_code=biz["product_code"],
                    notify_url=params.get("notify_url", ""),
                    return_url=params.get("return_url", ""),
                )
                server.trades[trade.out_trade_no] = trade
            page = (
                "<!doctype html><meta name=viewport content='width=device-width'>"
                f"<title>支付宝收银台</title><h1>{trade.subject}</h1><p>￥{_yuan(trade.total)}</p>"
                f"<form method=post action='/cashier/pay'><input type=hidden name=out_trade_no"
                f" value='{trade.out_trade_no}'><button>确认付款</button></form>"
            )
            self._send(200, page.encode(), "text/html;charset=utf-8")

        def _cashier_pay(self, form):
            trade = server.pay(form.get("out_trade_no", ""))
            threading.Thread(target=server.deliver, args=(trade.out_trade_no,), daemon=True).start()
            self._send(302, b"", "text/plain", [("Location", trade.return_url)])

        def _query(self, method, biz, params):
            trade = self._trade(biz)
            if trade is None:
                return self._refuse(method, "ACQ.TRADE_NOT_EXIST", "交易不存在")
            data = {
                "code": "10000",
                "msg": "Success",
                "out_trade_no": trade.out_trade_no,
                "trade_status": trade.status,
                "total_amount": _yuan(trade.total),
            }
            if trade.trade_no:
                data |= {"trade_no": trade.trade_no, "send_pay_date": trade.paid_at}
            self._answer(method, data)

        def _close(self, method, biz, params):
            trade = self._trade(biz)
            if trade is None:
                return self._refuse(method, "ACQ.TRADE_NOT_EXIST", "交易不存在")
            if trade.status != "WAIT_BUYER_PAY":
                return self._refuse(method, "ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
            trade.status = "TRADE_CLOSED"
            self._answer(
                method, {"code": "10000", "msg": "Success", "out_trade_no": trade.out_trade_no}
            )

        def _refund(self, method, biz, params):
            trade = self._trade(biz)
            if trade is None or not trade.trade_no:
                return self._refuse(method, "ACQ.TRADE_NOT_EXIST", "交易不存在")
            request_no = biz.get("out_request_no") or trade.out_trade_no
            amount = _fen(biz.get("refund_amount", "0"))
            if request_no in trade.refunds:
                change = "N"
            elif amount <= 0 or amount > trade.total - trade.refunded:
                return self._refuse(method, "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限")
            else:
                trade.refunds[request_no] = (amount, _now())
                if trade.refunded == trade.total:
                    trade.status = "TRADE_CLOSED"
                change = "Y"
            self._answer(
                method,
                {
                    "code": "10000",
                    "msg": "Success",
                    "trade_no": trade.trade_no,
                    "out_trade_no": trade.out_trade_no,
                    "fund_change": change,
                    "refund_fee": _yuan(trade.refunded),
                    "gmt_refund_pay": trade.refunds[request_no][1],
                },
            )

        def _refund_query(self, method, biz, params):
            trade = self._trade(biz)
            refund = trade.refunds.get(biz.get("out_request_no", "")) if trade else None
            if refund is None:
                return self._answer(method, {"code": "10000", "msg": "Success"})  # as Alipay does
            self._answer(
                method,
                {
                    "code": "10000",
                    "msg": "Success",
                    "trade_no": trade.trade_no,
                    "out_trade_no": trade.out_trade_no,
                    "out_request_no": biz["out_request_no"],
                    "total_amount": _yuan(trade.total),
                    "refund_amount": _yuan(refund[0]),
                    "refund_status": "REFUND_SUCCESS",
                },
            )

        def _bill(self, method, biz, params):
            if biz.get("bill_type") != "trade":
                return self._refuse(method, "isv.invalid-bill-type", "账单类型错误")
            url = f"{server.base}/bill/{biz.get('bill_date')}.zip"
            self._answer(method, {"code": "10000", "msg": "Success", "bill_download_url": url})

    return Handler
