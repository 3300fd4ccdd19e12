"""WeChat Pay's trade bill (交易账单, bill_type ALL): a CSV whose first line names the columns,
every value prefixed with a backquote, then two summary lines (总交易单数 …). Amounts are yuan
with two decimals. A refund is a line of its own whose 交易状态 is REFUND."""

import csv
import gzip
import io

from commonweal.microfund.providers.orders import BillLine
from commonweal.microfund.providers.yuan import fen

ORDER = "商户订单号"
PAYMENT = "微信订单号"
STATE = "交易状态"
CURRENCY = "货币种类"
PAID = "订单金额"  # 应结订单金额 leaves out coupons; a donation has none
REFUND_ID = "微信退款单号"
REFUND_REF = "商户退款单号"
REFUNDED = "申请退款金额"


def parse_trade_bill(content: bytes) -> list[BillLine]:
    if content[:2] == b"\x1f\x8b":
        content = gzip.decompress(content)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    if not rows:
        return []
    header = [name.strip() for name in rows[0]]
    lines = []
    for row in rows[1:]:
        if not row or not row[0].startswith("`"):
            break  # the summary begins
        value = dict(zip(header, (cell.strip().lstrip("`") for cell in row), strict=False))
        refund = value.get(STATE) == "REFUND"
        lines.append(
            BillLine(
                order=value[ORDER],
                payment_id=value[PAYMENT],
                amount=fen(value[REFUNDED] if refund else value[PAID]),
                refund_id=value.get(REFUND_ID, "") if refund else "",
                refund_reference=value.get(REFUND_REF, "").replace("|", ":") if refund else "",
                currency="CNY" if value.get(CURRENCY, "CNY") in ("CNY", "") else value[CURRENCY],
            )
        )
    return lines
