"""The public accounts as a lay reader downloads them: one row per movement of the fund, with
income and spending in separate columns, dates in the community's time zone (the one the page
shows; activated per request by commonweal.web.middleware), kinds named, not coded.

CSV and XLSX carry the same rows; XLSX amounts are numbers (Excel can sum them) and it adds the
monthly statement and, for auditors, every leg of the double entry.
"""

import csv
import io
from datetime import datetime

from django.utils import timezone

from commonweal.microfund import selectors
from commonweal.microfund.models import EntryKind

HEADER = ["日期", "类型", "摘要", "收入(元)", "支出(元)", "编号"]
LEG_HEADER = ["日期", "类型", "摘要", "账户", "金额(元)", "币种", "编号"]


def local_date(moment: datetime) -> str:
    return timezone.localtime(moment).date().isoformat()


def kind_label(kind: str) -> str:
    return str(EntryKind(kind).label) if kind in EntryKind.values else kind


def movements(*, newest_first: bool = False, limit: int | None = None):
    """(date, kind label, memo, income fen, spending fen, entry id) per entry, oldest first.

    Income and spending are the entry's net effect on the money the fund holds; a movement
    between its own pots (a grant commitment) has neither.
    """
    entries = selectors.fund_movements()
    if newest_first:
        entries = entries.reverse()
    if limit is not None:
        entries = entries[:limit]
    for entry in entries.iterator(chunk_size=2000):
        held = entry.held or 0
        yield (
            local_date(entry.occurred_at),
            kind_label(entry.kind),
            entry.memo,
            held if held > 0 else 0,
            -held if held < 0 else 0,
            entry.pk,
        )


def _yuan_text(fen: int) -> str:
    return f"{fen / 100:.2f}" if fen else ""


def write_csv() -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 Chinese correctly with a BOM
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for day, kind, memo, income, spending, number in movements():
        writer.writerow([day, kind, memo, _yuan_text(income), _yuan_text(spending), number])
    return buffer.getvalue()


def write_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "流水"
    sheet.append(HEADER)
    for day, kind, memo, income, spending, number in movements():
        sheet.append(
            [
                day,
                kind,
                memo,
                income / 100 if income else None,
                spending / 100 if spending else None,
                number,
            ]
        )
    _money_format(sheet, "D", "E")
    months = book.create_sheet("月度收支")
    months.append(["月份", "收入(元)", "支出(元)"])
    for m in selectors.monthly_statement():
        months.append([f"{m.month:%Y-%m}", m.income / 100, m.spending / 100])
    _money_format(months, "B", "C")
    legs = book.create_sheet("分录明细")
    legs.append(LEG_HEADER)
    rows = selectors.fund_legs().values_list(
        "entry__occurred_at",
        "entry__kind",
        "entry__memo",
        "account__name",
        "amount",
        "unit",
        "entry_id",
    )
    for occurred_at, kind, memo, account, amount, currency, entry_id in rows.iterator(
        chunk_size=5000
    ):
        legs.append(
            [
                local_date(occurred_at),
                kind_label(kind),
                memo,
                account,
                amount / 100,
                currency,
                entry_id,
            ]
        )
    _money_format(legs, "E")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _money_format(sheet, *columns: str) -> None:
    for column in columns:
        for cell in sheet[column][1:]:
            cell.number_format = "#,##0.00"
