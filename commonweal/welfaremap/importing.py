"""Import service points from a CSV or XLSX sheet: every row checked, all rows or none.

Staff keep their points in spreadsheets. A sheet is read whole, each row goes through the same
`clean_point` as a single edit, and only a sheet with no rejected row is written, in one
transaction; otherwise the report names each rejected row (as numbered in the sheet, the header
being row 1) and why.
"""

import base64
import binascii
import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.errors import DomainError
from commonweal.welfaremap.error_codes import MapErrorCode
from commonweal.welfaremap.models import ServicePoint
from commonweal.welfaremap.services import clean_point, sync_search

MAX_ROWS = 5000
# Column headers staff may use, Chinese or English, for each input key of `clean_point`.
HEADERS = {
    "name": ("name", "名称", "服务点名称"),
    "category": ("category", "类别", "分类"),
    "lat": ("lat", "latitude", "纬度"),
    "lng": ("lng", "lon", "longitude", "经度"),
    "system": ("system", "coordinate_system", "crs", "坐标系"),
    "address": ("address", "地址"),
    "tier": ("tier", "服务类型", "收费"),
    "operator_name": ("operator_name", "operator", "run_by", "运营方", "运营单位"),
    "opening_hours": ("opening_hours", "hours", "开放时间", "营业时间"),
    "phone": ("phone", "电话", "联系电话"),
    "description": ("description", "简介", "说明"),
    "facility_type": ("facility_type", "设施类型"),
    "is_public": ("is_public", "public", "公开"),
}
_FALSE = {"0", "false", "no", "n", "否", "不公开"}


@dataclass(frozen=True)
class RejectedRow:
    row: int
    field: str | None
    reason: str


@dataclass
class ImportReport:
    rows: int = 0
    imported: list[ServicePoint] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def _key_of(header) -> str | None:
    text = str(header or "").strip().lower()
    for key, names in HEADERS.items():
        if text in names:
            return key
    return None


def decode_upload(content: str, *, base64_encoded: bool) -> bytes:
    if not base64_encoded:
        return content.encode("utf-8")
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise DomainError(
            MapErrorCode.SHEET_UNREADABLE, _("The upload is not valid base64."), field="content"
        ) from None


def read_sheet(data: bytes, *, filename: str = "") -> list[list]:
    """Rows of cells (header first) from XLSX (by its zip signature or name) or CSV bytes."""
    if data[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged file
            raise DomainError(
                MapErrorCode.SHEET_UNREADABLE, _("The XLSX file cannot be read."), field="content"
            ) from None
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return rows
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError(
            MapErrorCode.SHEET_UNREADABLE,
            _("The CSV file is neither UTF-8 nor GB18030 text."),
            field="content",
        )
    return [row for row in csv.reader(io.StringIO(text))]


def _row_data(keys: list[str | None], cells: list) -> dict:
    data = {}
    for key, cell in zip(keys, cells, strict=False):
        if key is None or cell is None:
            continue
        value = cell.strip() if isinstance(cell, str) else cell
        if value == "":
            continue
        if key == "is_public":
            value = str(value).strip().lower() not in _FALSE
        data[key] = value
    return data


def validate_sheet(rows: list[list]) -> tuple[ImportReport, list[dict]]:
    """Check every row without writing; returns the report and the cleaned rows."""
    report = ImportReport()
    if not rows:
        report.rejected.append(RejectedRow(1, None, str(_("The sheet is empty."))))
        return report, []
    keys = [_key_of(h) for h in rows[0]]
    missing = [k for k in ("name", "category", "lat", "lng") if k not in keys]
    if missing:
        report.rejected.append(
            RejectedRow(
                1,
                None,
                str(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}),
            )
        )
        return report, []
    cleaned_rows = []
    for number, cells in enumerate(rows[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        report.rows += 1
        if report.rows > MAX_ROWS:
            report.rejected.append(
                RejectedRow(number, None, str(_("At most %(n)d rows per sheet.") % {"n": MAX_ROWS}))
            )
            break
        try:
            cleaned_rows.append(clean_point(_row_data(keys, cells)))
        except DomainError as error:
            report.rejected.append(RejectedRow(number, error.field, str(error.message)))
    return report, cleaned_rows


@transaction.atomic
def points_import(*, actor, community, data: bytes, filename: str = "") -> ImportReport:
    """Import a whole sheet, or nothing when any row is rejected (see the report)."""
    report, cleaned_rows = validate_sheet(read_sheet(data, filename=filename))
    if not report.ok:
        return report
    points = ServicePoint.objects.bulk_create([ServicePoint(**row) for row in cleaned_rows])
    for point in points:
        sync_search(community=community, point=point)
    report.imported = points
    return report
