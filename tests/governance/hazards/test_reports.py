"""Filing, similar reports nearby, "me too", the lifecycle and reopening."""

import datetime as dt

import pytest
from django.utils import timezone

from commonweal.governance.hazards.error_codes import HazardErrorCode
from commonweal.governance.hazards.models import HazardReport, ReportState, ReportTransition
from commonweal.governance.hazards.services import reports as services
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.notifications.models import Notification
from tests.governance.hazards.fixtures import IN_A, file_report
from tests.partners.fixtures import in_schema

# About 200 m and 300 m north of IN_A (1e-3 degree of latitude ≈ 111 m).
NEAR = (IN_A[0] + 0.0018, IN_A[1])
FAR = (IN_A[0] + 0.0027, IN_A[1])


def _similar(community, category="gas", at=IN_A):
    with in_schema(community):
        return [
            (r.description, round(r.distance_m))
            for r in services.similar_open_reports(category=category, lat=at[0], lng=at[1])
        ]


def test_a_report_is_filed_submitted_at_the_grid_level_and_the_grid_worker_is_told(
    fengshu, grid_map, people
):
    report = file_report(fengshu, people.resident, anonymous=True)

    with in_schema(fengshu):
        assert (report.state, report.level, report.grid_id, report.anonymous) == (
            ReportState.SUBMITTED,
            1,
            grid_map.a.pk,
            True,
        )
        assert list(ReportTransition.objects.values_list("to_status", "actor_id")) == [
            ("submitted", people.resident.pk)
        ]
    assert list(
        Notification.objects.filter(kind="hazard.filed").values_list("user_id", flat=True)
    ) == [people.grid_worker.pk]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"category": "ufo"}, HazardErrorCode.INVALID_CATEGORY),
        ({"description": "  "}, HazardErrorCode.DESCRIPTION_REQUIRED),
        ({"description": "燃" * 1001}, HazardErrorCode.TOO_LONG),
        ({"at": (float("nan"), 104.1)}, HazardErrorCode.INVALID_POINT),
        ({"at": (91.0, 104.1)}, HazardErrorCode.INVALID_POINT),
    ],
)
def test_bad_input_is_refused_with_its_code_and_nothing_is_filed(fengshu, people, fields, code):
    with pytest.raises(DomainError) as refused:
        file_report(fengshu, people.resident, **fields)

    with in_schema(fengshu):
        assert HazardReport.objects.count() == 0
    assert refused.value.code == code


def test_similar_open_reports_are_same_category_within_250_m_nearest_first(
    fengshu, grid_map, people
):
    file_report(fengshu, people.resident, description="近处燃气味", at=NEAR)
    file_report(fengshu, people.resident, description="远处燃气味", at=FAR)
    file_report(fengshu, people.resident, description="同处消防通道", category="fire_exit")
    file_report(fengshu, people.resident, description="原地燃气味")

    assert _similar(fengshu) == [("原地燃气味", 0), ("近处燃气味", 200)]
    assert _similar(fengshu, category="fire_exit") == [("同处消防通道", 0)]
    assert _similar(fengshu, category="road") == []


def test_closed_reports_are_not_suggested(fengshu, grid_map, people):
    report = file_report(fengshu, people.resident)
    with in_schema(fengshu):
        services.report_reject(
            actor=people.staff, community=fengshu, report=report, reason="是厨房正常气味"
        )

    assert _similar(fengshu) == []


def test_me_too_counts_once_per_person_and_not_for_the_reporter(fengshu, grid_map, people):
    report = file_report(fengshu, people.resident)

    with in_schema(fengshu):
        report = services.report_me_too(actor=people.neighbour, community=fengshu, report=report)
        with pytest.raises(DomainError) as again:
            services.report_me_too(actor=people.neighbour, community=fengshu, report=report)
        with pytest.raises(DomainError) as own:
            services.report_me_too(actor=people.resident, community=fengshu, report=report)
        assert HazardReport.objects.get(pk=report.pk).me_too_count == 1

    assert (again.value.code, own.value.code) == ("ALREADY_SAID", "OWN_REPORT")


def test_each_change_is_recorded_and_the_reporter_is_told(fengshu, grid_map, people):
    report = file_report(fengshu, people.resident)

    with in_schema(fengshu):
        for step in (services.report_confirm, services.report_start):
            report = step(actor=people.grid_worker, community=fengshu, report=report)
        report = services.report_fix(
            actor=people.grid_worker, community=fengshu, report=report, note="已更换阀门"
        )
        assert list(ReportTransition.objects.values_list("to_status", "reason")) == [
            ("submitted", ""),
            ("confirmed", ""),
            ("in_progress", ""),
            ("fixed", "已更换阀门"),
        ]
    titles = list(
        Notification.objects.filter(user=people.resident, kind="hazard.state")
        .order_by("pk")
        .values_list("title", flat=True)
    )
    assert len(titles) == 3
    assert report.fixed_at is not None


def test_a_refused_transition_changes_nothing(fengshu, grid_map, people):
    report = file_report(fengshu, people.resident)

    with in_schema(fengshu), pytest.raises(DomainError) as refused:
        services.report_fix(actor=people.staff, community=fengshu, report=report)
    with in_schema(fengshu):
        assert HazardReport.objects.get(pk=report.pk).state == ReportState.SUBMITTED
        assert ReportTransition.objects.count() == 1

    assert refused.value.code == HazardErrorCode.INVALID_TRANSITION


def _fixed(fengshu, people, days_ago):
    report = file_report(fengshu, people.resident)
    with in_schema(fengshu):
        report = services.report_confirm(actor=people.staff, community=fengshu, report=report)
        report = services.report_fix(actor=people.staff, community=fengshu, report=report)
        HazardReport.objects.filter(pk=report.pk).update(
            fixed_at=timezone.now() - dt.timedelta(days=days_ago)
        )
    return report


def test_the_reporter_reopens_a_fixed_report_within_14_days(fengshu, grid_map, people):
    report = _fixed(fengshu, people, days_ago=13)

    with in_schema(fengshu):
        report = services.report_reopen(
            actor=people.resident, community=fengshu, report=report, reason="又漏气了"
        )

    assert report.state == ReportState.IN_PROGRESS


@pytest.mark.parametrize(
    ("who", "days_ago", "code"),
    [("resident", 15, "REOPEN_WINDOW_PASSED"), ("neighbour", 1, "NOT_YOUR_REPORT")],
)
def test_reopening_late_or_by_someone_else_is_refused(
    fengshu, grid_map, people, who, days_ago, code
):
    report = _fixed(fengshu, people, days_ago=days_ago)

    with in_schema(fengshu), pytest.raises(DomainError) as refused:
        services.report_reopen(
            actor=getattr(people, who), community=fengshu, report=report, reason="又漏气了"
        )
    with in_schema(fengshu):
        assert HazardReport.objects.get(pk=report.pk).state == ReportState.FIXED

    assert refused.value.code == code
