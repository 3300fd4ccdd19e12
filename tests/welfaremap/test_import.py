import base64
import io

from django.utils.translation import override
from openpyxl import Workbook

from commonweal.platform.kernel.roles import Role
from commonweal.search.models import SearchDocument
from commonweal.welfaremap.importing import points_import
from commonweal.welfaremap.models import ServicePoint
from tests.fixtures import gql, make_member

HEADER = ["名称", "类别", "纬度", "经度", "坐标系", "地址", "服务类型", "运营方", "开放时间"]
GOOD_ROWS = [
    [
        "枫树社区食堂",
        "社区食堂",
        30.6195,
        104.1215,
        "GCJ-02",
        "成龙大道一段",
        "low_fee",
        "锦欣逸居",
        "11:00-13:00",
    ],
    [
        "邮政公交卡代办点",
        "transit_card",
        30.6150,
        104.1180,
        "wgs84",
        "",
        "free",
        "锦江邮政",
        "09:00-17:00",
    ],
    ["苗苗家托育", "childcare", 30.6260, 104.1290, "bd09", "", "market", "苗苗家", ""],
]


def _csv(rows) -> bytes:
    lines = [",".join(str(c) for c in row) for row in [HEADER, *rows]]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in [HEADER, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_valid_csv_imports_every_row_with_search_documents(in_fengshu):
    # when a valid sheet is imported
    report = points_import(actor=None, community=in_fengshu, data=_csv(GOOD_ROWS))

    # then every row is a point, stored in GCJ-02 with its raw input kept
    assert (report.ok, report.rows, len(report.imported)) == (True, 3, 3)
    post = ServicePoint.objects.get(name="邮政公交卡代办点")
    assert (post.raw_lat, post.raw_lng, post.raw_system) == (30.615, 104.118, "wgs84")
    assert (round(post.lat, 6), round(post.lng, 6)) != (30.615, 104.118)
    canteen = ServicePoint.objects.get(name="枫树社区食堂")
    assert (canteen.category, canteen.tier, canteen.facility_type, canteen.lat) == (
        "canteen",
        "low_fee",
        "community_canteen",
        30.6195,
    )
    # and each listed point has its search document, in the same transaction
    assert sorted(
        SearchDocument.objects.filter(community=in_fengshu, kind="service_point").values_list(
            "title", flat=True
        )
    ) == ["枫树社区食堂", "苗苗家托育", "邮政公交卡代办点"]


def test_a_valid_xlsx_imports_every_row(in_fengshu):
    report = points_import(actor=None, community=in_fengshu, data=_xlsx(GOOD_ROWS))
    assert (report.ok, len(report.imported)) == (True, 3)
    assert ServicePoint.objects.count() == 3


def test_one_bad_row_imports_nothing_and_reports_row_and_reason(in_fengshu):
    # given a sheet whose rows 3, 4, 5 and 6 are each wrong in one way
    rows = [
        GOOD_ROWS[0],
        ["", "canteen", 30.6, 104.1, "gcj02", "", "free", "", ""],
        ["纬度错误", "canteen", 95, 104.1, "gcj02", "", "free", "", ""],
        ["类别错误", "火箭发射", 30.6, 104.1, "gcj02", "", "free", "", ""],
        ["坐标系错误", "canteen", 30.6, 104.1, "mars", "", "free", "", ""],
    ]

    # when it is imported (English messages: translations are the lead's)
    with override("en"):
        report = points_import(actor=None, community=in_fengshu, data=_xlsx(rows))

    # then nothing is written and each bad row is named with its reason
    assert ServicePoint.objects.count() == 0
    assert SearchDocument.objects.filter(community=in_fengshu).count() == 0
    assert [(r.row, r.field, r.reason) for r in report.rejected] == [
        (3, "name", "A name is required."),
        (4, "lat", "Latitude must be a number between -90 and 90."),
        (5, "category", "Unknown category: 火箭发射."),
        (6, "system", "Unknown coordinate system: use WGS-84, GCJ-02 or BD-09."),
    ]


IMPORT = """
mutation($content: String!, $b64: Boolean!, $filename: String!) {
  importServicePoints(content: $content, base64Encoded: $b64, filename: $filename) {
    importedCount rowCount rejected { row field } errors { code }
  }
}
"""


def test_staff_import_over_graphql_as_base64_xlsx_and_as_text(fengshu):
    staff = make_member(fengshu, Role.STAFF)
    content = base64.b64encode(_xlsx(GOOD_ROWS)).decode()

    response = gql(fengshu, staff).execute(
        IMPORT, {"content": content, "b64": True, "filename": "服务点.xlsx"}
    )
    assert response == {
        "data": {
            "importServicePoints": {
                "importedCount": 3,
                "rowCount": 3,
                "rejected": [],
                "errors": [],
            }
        }
    }
    bad = _csv([["", "canteen", 30.6, 104.1, "gcj02", "", "free", "", ""]]).decode()
    response = gql(fengshu, staff).execute(
        IMPORT, {"content": bad, "b64": False, "filename": "服务点.csv"}
    )
    assert response["data"]["importServicePoints"] == {
        "importedCount": 0,
        "rowCount": 1,
        "rejected": [{"row": 2, "field": "name"}],
        "errors": [],
    }
