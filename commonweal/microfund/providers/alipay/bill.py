"""Alipay's trade bill (对账单, bill_type trade): a zip of GBK CSV files; the one named
…_业务明细.csv lists each payment (业务类型 交易) and refund (退款) between '#' comment lines.
A refund line's 商家实收 is negative; its 退款批次号/请求号 is our out_request_no."""

import csv
import io
import zipfile

from commonweal.microfund.providers.orders import BillLine
from commonweal.microfund.providers.yuan import fen

DETAIL = "_业务明细.csv"


def _detail_name(archive: zipfile.ZipFile) -> str | None:
    for info in archive.infolist():
        name = info.filename
        if not info.flag_bits & 0x800:  # a name not flagged UTF-8 is GBK, as Alipay writes it
            name = name.encode("cp437").decode("gbk", errors="replace")
        if name.endswith(DETAIL) and "汇总" not in name:
            return info.filename
    return None


def parse_bill(archive: zipfile.ZipFile) -> list[BillLine]:
    name = _detail_name(archive)
    if name is None:
        return []
    text = archive.read(name).decode("gbk")
    rows = [row for row in csv.reader(io.StringIO(text)) if row and not row[0].startswith("#")]
    if not rows:
        return []
    header = [cell.strip() for cell in rows[0]]
    lines = []
    for row in rows[1:]:
        value = dict(zip(header, (cell.strip() for cell in row), strict=False))
        kind = value.get("业务类型")
        if kind not in ("交易", "退款"):
            continue  # the totals at the end
        refund = kind == "退款"
        reference = value.get("退款批次号/请求号", "") if refund else ""
        lines.append(
            BillLine(
                order=value["商户订单号"],
                payment_id=value["支付宝交易号"],
                amount=abs(fen(value["商家实收（元）"] if refund else value["订单金额（元）"])),
                refund_id=reference,
                refund_reference=reference,
            )
        )
    return lines
