"""The public accounts read as a lay person reads them: the page, the CSV and the XLSX give
every movement the same date, in the community's own time zone, with names for kinds and
numbers (not text) for amounts in the spreadsheet."""

import csv
import io
import re
from datetime import date

from django.test import Client
from openpyxl import load_workbook

from commonweal.microfund.services import donations, fund_accounts


def _get(path, community):
    from django.db import connection

    response = Client().get(path, HTTP_HOST=f"{community.slug}.localhost")
    connection.set_tenant(community)
    return response


def _record(fund, receipt: str, amount: int, on: date):
    # recorded by staff for a day: midnight in Shanghai, 16:00 UTC the day before
    return donations.donation_record_offline(
        actor=None,
        community=fund,
        amount=amount,
        method="cash",
        evidence="捐款箱",
        receipt_number=receipt,
        donor_name="李大爷",
        received_on=on,
    )


def _page_movements(fund) -> list[tuple[str, str, str, str]]:
    html = _get("/fund/accounts/", fund).content.decode()
    table = html.split('id="movements"')[1].split("</table>")[0]
    return re.findall(
        r"<tr><td>([\d-]+)</td><td>([^<]*)</td><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td>",
        table,
    )


def _csv_rows(fund) -> list[list[str]]:
    text = _get("/fund/accounts.csv", fund).content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx(fund):
    return load_workbook(io.BytesIO(_get("/fund/accounts.xlsx", fund).content))


def test_page_csv_and_xlsx_show_the_same_shanghai_dates(fund):
    # given a donation received on 1 April 2026 (Asia/Shanghai, the default zone)
    _record(fund, "SJ-401", 20_000, date(2026, 4, 1))

    # then the page, the CSV and the XLSX all say 2026-04-01, not UTC's 2026-03-31
    assert _page_movements(fund) == [("2026-04-01", "捐赠", "¥200.00", "")]
    rows = _csv_rows(fund)
    assert rows == [
        ["日期", "类型", "摘要", "收入(元)", "支出(元)", "编号"],
        ["2026-04-01", "捐赠", "线下捐赠 SJ-401", "200.00", "", rows[1][5]],
    ]
    book = _xlsx(fund)
    assert book.sheetnames == ["流水", "月度收支", "分录明细"]
    movement = [c.value for c in book["流水"][2]]
    assert movement == ["2026-04-01", "捐赠", "线下捐赠 SJ-401", 200.0, None, int(rows[1][5])]
    assert book["流水"]["D2"].data_type == "n"  # a number Excel can sum
    assert [r for r in book["月度收支"].iter_rows(min_row=2, values_only=True)] == [
        ("2026-04", 200.0, 0.0)
    ]
    legs = [r[:5] for r in book["分录明细"].iter_rows(min_row=2, values_only=True)]
    assert sorted(legs, key=lambda r: r[4]) == [
        ("2026-04-01", "捐赠", "线下捐赠 SJ-401", "捐赠人", -200.0),
        ("2026-04-01", "捐赠", "线下捐赠 SJ-401", "社区微基金", 200.0),
    ]
    donors = _get("/fund/accounts/", fund).content.decode().split('id="donors"')[1]
    assert '<td class="nowrap">2026-04-01</td>' in donors


def test_a_community_in_another_zone_sees_its_own_dates(fund):
    # given a community in Xinjiang time (UTC+6): 16:00 UTC is 22:00 the same day there
    fund.time_zone = "Asia/Urumqi"
    fund.save(update_fields=["time_zone"])
    _record(fund, "SJ-402", 5_000, date(2026, 4, 1))

    # then every view of the accounts says 31 March, in March's statement
    assert [m[0] for m in _page_movements(fund)] == ["2026-03-31"]
    assert _csv_rows(fund)[1][0] == "2026-03-31"
    book = _xlsx(fund)
    assert book["流水"]["A2"].value == "2026-03-31"
    assert [r[0] for r in book["月度收支"].iter_rows(min_row=2, values_only=True)] == ["2026-03"]


def test_spending_has_its_own_column_and_kinds_are_named(fund):
    # given a donation, then a processor fee paid out of the fund
    from datetime import UTC, datetime

    from commonweal.ledger import services as ledger
    from commonweal.microfund.models import EntryKind

    _record(fund, "SJ-403", 30_000, date(2026, 4, 2))
    ledger.post(
        kind=EntryKind.PROCESSOR_FEE,
        external_id="test:fee:1",
        legs=[(fund_accounts.fund_account(), -180), (fund_accounts.fees_account(), 180)],
        memo="支付手续费",
        occurred_at=datetime(2026, 4, 3, 2, 0, tzinfo=UTC),
        actor=None,
    )

    # then the fee is spending, named, on its Shanghai date, in the CSV and on the page
    assert [r[:5] for r in _csv_rows(fund)[1:]] == [
        ["2026-04-02", "捐赠", "线下捐赠 SJ-403", "300.00", ""],
        ["2026-04-03", "支付手续费", "支付手续费", "", "1.80"],
    ]
    assert _page_movements(fund) == [
        ("2026-04-03", "支付手续费", "", "¥1.80"),
        ("2026-04-02", "捐赠", "¥300.00", ""),
    ]
