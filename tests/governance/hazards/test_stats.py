"""The statistics page: counts, rates and medians from the reports as they stand."""

import datetime as dt

from commonweal.governance.hazards import stats
from commonweal.governance.hazards.models import HazardReport, ReportTransition, WarningLevel
from commonweal.governance.hazards.services import reports as services
from tests.governance.hazards.fixtures import file_report
from tests.governance.hazards.test_pages import _get
from tests.partners.fixtures import in_schema


def test_figures_count_rates_and_medians_exactly(fengshu, grid_map, people):
    fixed = file_report(fengshu, people.resident)
    confirmed = file_report(fengshu, people.resident, category="road", at=(30.607, 104.107))
    rejected = file_report(fengshu, people.resident, category="road")
    file_report(fengshu, people.resident, category="fire_exit", at=(30.605, 104.115))
    with in_schema(fengshu):
        services.report_confirm(actor=people.staff, community=fengshu, report=fixed)
        services.report_fix(actor=people.staff, community=fengshu, report=fixed)
        services.report_confirm(actor=people.staff, community=fengshu, report=confirmed)
        services.report_reject(actor=people.staff, community=fengshu, report=rejected, reason="否")
        # times made exact: filed 10:00, first answer 12:00 / 16:00, fixed after 30 hours
        base = HazardReport.objects.get(pk=fixed.pk).created_at
        HazardReport.objects.update(created_at=base)
        for report, hours in ((fixed, 2), (confirmed, 6), (rejected, 2)):
            ReportTransition.objects.filter(report=report, from_status="submitted").update(
                at=base + dt.timedelta(hours=hours)
            )
        HazardReport.objects.filter(pk=fixed.pk).update(fixed_at=base + dt.timedelta(hours=30))
        HazardReport.objects.filter(pk=confirmed.pk).update(warning=WarningLevel.RED)
        found = stats.figures()

    assert found.total == 4
    assert (found.response_rate, found.resolution_rate) == (0.75, 1 / 3)
    assert (found.median_hours_to_respond, found.median_hours_to_fix) == (2.0, 30.0)
    assert found.by_category == [("道路破损", 2), ("消防通道堵塞", 1), ("燃气隐患", 1)]
    assert found.by_grid == [("红枫第一网格", 2), ("枫林苑微网格", 1), ("红枫第二网格", 1)]
    assert found.red_by_level == [("网格员", 1)]
    assert sum(m.received for m in found.months) == 4


def test_the_page_shows_the_figures_in_chinese(fengshu, grid_map, people):
    file_report(fengshu, people.resident)

    page = _get(fengshu, "/hazards/stats/").content.decode()

    assert "<svg" in page and "燃气隐患" in page and "红枫第一网格" in page


def test_anyone_reads_the_same_figures_over_graphql(fengshu, grid_map, people):
    from tests.fixtures import gql

    file_report(fengshu, people.resident)
    file_report(fengshu, people.resident, category="road", at=(30.607, 104.107))

    answer = gql(fengshu).execute(
        "{ hazardStatistics { total byCategory { name count } byGrid { name count }"
        " months { received fixed } responseRate redByLevel { name count } } }"
    )

    figures = answer["data"]["hazardStatistics"]
    assert figures["total"] == 2
    assert figures["byCategory"] == [
        {"name": "燃气隐患", "count": 1},
        {"name": "道路破损", "count": 1},
    ]
    assert figures["byGrid"] == [
        {"name": "枫林苑微网格", "count": 1},
        {"name": "红枫第一网格", "count": 1},
    ]
    assert sum(m["received"] for m in figures["months"]) == 2
    assert (figures["responseRate"], figures["redByLevel"]) == (0.0, [])


def test_the_export_lists_public_reports_without_people_or_descriptions(fengshu, grid_map, people):
    import csv
    import io

    shown = file_report(fengshu, people.resident, description="三单元燃气表漏气，住户张三")
    hidden = file_report(fengshu, people.resident, category="road", description="路面坑洼")
    with in_schema(fengshu):
        services.report_reject(actor=people.staff, community=fengshu, report=hidden, reason="否")

    response = _get(fengshu, "/hazards/reports.csv")

    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert response["Content-Disposition"] == 'attachment; filename="hazard-reports.csv"'
    assert rows[0] == [
        "编号",
        "类别",
        "状态",
        "网格",
        "处理层级",
        "地点",
        "上报时间",
        "整改时间",
        "“我也遇到”人数",
    ]
    assert [row[:5] for row in rows[1:]] == [
        [str(shown.pk), "燃气隐患", "待核实", "红枫第一网格", "网格员"]
    ]
    assert "张三" not in text and "漏气" not in text and "居民" not in text


def _grids_with_reports(community, count, start=0):
    """`count` grids, grid i with i+1 reports (so the busiest order is known), made in bulk."""
    from django.utils import timezone

    from commonweal.governance.hazards.models import Grid
    from tests.governance.hazards.fixtures import box

    with in_schema(community):
        made = Grid.objects.bulk_create(
            Grid(
                name=f"第{i + 1:03d}微网格",
                boundary=box(31.0 + i * 0.01, 104.0, 31.005 + i * 0.01, 104.005),
            )
            for i in range(start, start + count)
        )
        now = timezone.now()
        HazardReport.objects.bulk_create(
            HazardReport(
                category="road",
                description="路面破损",
                lat=31.001 + i * 0.01,
                lng=104.001,
                grid=grid,
                state_changed_at=now,
                level_since=now,
                created_at=now,
            )
            for i, grid in zip(range(start, start + count), made, strict=True)
            for _n in range(1 if i < start + count - 1 else 2)
        )


def _queries(community, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.fixtures import host_of
    from tests.governance.hazards.test_pages import _client

    with CaptureQueriesContext(connection) as queries:
        page = _client(None).get(path, HTTP_HOST=host_of(community))
    return len(queries), page.content.decode()


def test_the_page_shows_grids_a_page_at_a_time_in_the_same_queries_at_two_sizes(fengshu):
    from commonweal.governance.hazards.stats import GRIDS_PER_PAGE

    _grids_with_reports(fengshu, 25)
    _queries(fengshu, "/hazards/stats/")  # once to warm what a first request reads
    small, first = _queries(fengshu, "/hazards/stats/")
    _grids_with_reports(fengshu, 100, start=25)
    large, busiest = _queries(fengshu, "/hazards/stats/")
    _, last = _queries(fengshu, "/hazards/stats/?grids=7")
    _, beyond = _queries(fengshu, "/hazards/stats/?grids=99")

    def grids(page):
        return page.split('id="by-grid"')[1].count("微网格</")

    assert small == large
    assert (grids(first), grids(busiest), grids(last)) == (GRIDS_PER_PAGE, GRIDS_PER_PAGE, 5)
    # The busiest first: the last grid of each batch has two reports.
    assert busiest.split('id="by-grid"')[1].index("第125微网格") < busiest.split('id="by-grid"')[
        1
    ].index("第001微网格")
    assert "第 1 页，共 2 页" in first or "Page 1 of 2" in first
    assert ("第 7 页，共 7 页" in last or "Page 7 of 7" in last) and 'rel="next"' not in last
    assert grids(beyond) == 5  # past the end: the last page


def test_graphql_pages_the_grids_in_the_same_queries_at_two_sizes(fengshu):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.fixtures import gql

    document = "{ hazardStatistics { gridsCounted byGrid(first: 10, offset: 20) { name count } } }"
    _grids_with_reports(fengshu, 25)
    gql(fengshu).execute(document)  # once to warm what a first request reads
    with CaptureQueriesContext(connection) as small:
        few = gql(fengshu).execute(document)["data"]["hazardStatistics"]
    _grids_with_reports(fengshu, 100, start=25)
    with CaptureQueriesContext(connection) as large:
        many = gql(fengshu).execute(document)["data"]["hazardStatistics"]
    clamped = gql(fengshu).execute(
        "{ hazardStatistics { byGrid(first: 200, offset: -5) { name } } }"
    )["data"]["hazardStatistics"]

    assert len(small) == len(large)
    assert (few["gridsCounted"], len(few["byGrid"])) == (25, 5)
    assert (many["gridsCounted"], len(many["byGrid"])) == (125, 10)
    assert len(clamped["byGrid"]) == 100  # at most 100 at once, from the first
