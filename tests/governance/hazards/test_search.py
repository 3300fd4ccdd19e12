"""Public reports are search documents without personal data; hidden ones have none."""

from commonweal.governance.hazards.services import reports as services
from commonweal.search.models import SearchDocument
from tests.governance.hazards.fixtures import file_report
from tests.partners.fixtures import in_schema


def _documents():
    return list(
        SearchDocument.objects.filter(kind="hazard_report", visible=True).values_list(
            "title", "body", "url"
        )
    )


def test_a_public_report_is_found_by_category_place_and_state_only(fengshu, grid_map, people):
    report = file_report(
        fengshu, people.resident, description="302室张大爷家门口燃气味", place="枫林苑3栋"
    )

    assert _documents() == [("燃气隐患 · 枫林苑3栋", "枫林苑3栋 待核实 红枫第一网格", report.path)]


def test_a_report_closed_as_not_a_hazard_leaves_the_index(fengshu, grid_map, people):
    report = file_report(fengshu, people.resident)

    with in_schema(fengshu):
        services.report_reject(actor=people.staff, community=fengshu, report=report, reason="正常")

    assert _documents() == []
