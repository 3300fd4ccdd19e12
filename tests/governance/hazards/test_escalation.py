"""SLA clocks in working time, graded warnings and escalation, 吹哨 by hand.

Fengshu's working day is 09:00–18:00 (Asia/Shanghai); the grid level's limit is 4 hours,
yellow at 50 %, red at 75 %.
"""

import datetime as dt
import zoneinfo

import pytest

from commonweal.governance.hazards.models import (
    Escalation,
    HazardReport,
    Holiday,
    Level,
    ReportState,
)
from commonweal.governance.hazards.services import escalation
from commonweal.platform.kernel.errors import DomainError
from tests.governance.hazards.fixtures import file_report, rules
from tests.partners.fixtures import in_schema

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: str, clock: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=SHANGHAI)


FRIDAY_17 = at("2026-12-04", "17:00")


def _filed_friday(fengshu, people):
    report = file_report(fengshu, people.resident)
    with in_schema(fengshu):
        HazardReport.objects.filter(pk=report.pk).update(level_since=FRIDAY_17)
        # The clock moved back by hand: the next run looks at it once, as after a rule change.
        escalation.reschedule_open()
    return report


def _run(fengshu, now):
    with in_schema(fengshu):
        return escalation.escalate_due(community=fengshu, now=now)


def _steps(fengshu):
    with in_schema(fengshu):
        return list(Escalation.objects.values_list("level", "stage", "due_at"))


def test_friday_17_with_4_working_hours_escalates_monday_at_12_exactly(fengshu, grid_map, people):
    rules(fengshu, grid_hours=4)
    report = _filed_friday(fengshu, people)

    before = _run(fengshu, at("2026-12-07", "11:59:59.999999"))
    assert _steps(fengshu) == [
        (1, "yellow", at("2026-12-07", "10:00")),
        (1, "red", at("2026-12-07", "11:00")),
    ]
    on_time = _run(fengshu, at("2026-12-07", "12:00"))
    again = _run(fengshu, at("2026-12-07", "12:00"))

    with in_schema(fengshu):
        report = HazardReport.objects.get(pk=report.pk)
    assert (before, on_time, again) == (2, 1, 0)
    assert _steps(fengshu)[-1] == (1, "escalated", at("2026-12-07", "12:00"))
    assert (report.level, report.level_since, report.warning) == (
        Level.COMMUNITY,
        at("2026-12-07", "12:00"),
        0,
    )


def test_a_public_holiday_is_skipped_and_a_worked_weekend_day_counts(fengshu, grid_map, people):
    rules(fengshu, grid_hours=4)
    with in_schema(fengshu):
        Holiday.objects.create(day=dt.date(2026, 12, 7), name="公共假日")
    _filed_friday(fengshu, people)

    _run(fengshu, at("2026-12-08", "11:59"))
    assert [s for _level, s, _due in _steps(fengshu)] == ["yellow", "red"]
    _run(fengshu, at("2026-12-08", "12:00"))
    assert _steps(fengshu)[-1] == (1, "escalated", at("2026-12-08", "12:00"))

    with in_schema(fengshu):
        Escalation.objects.all().delete()
        HazardReport.objects.update(level=1, level_since=FRIDAY_17, warning=0)
        Holiday.objects.create(day=dt.date(2026, 12, 5), name="调休上班", is_workday=True)
        escalation.reschedule_open()
    _run(fengshu, at("2026-12-05", "12:00"))
    assert _steps(fengshu)[-1] == (1, "escalated", at("2026-12-05", "12:00"))


def test_a_late_job_catches_up_level_by_level_from_the_exact_due_times(
    fengshu, grid_map, people, subdistrict_office
):
    # Monday 12:00 + 8 h: 6 h on Monday, 2 h on Tuesday from 09:00.
    rules(fengshu, grid_hours=4, community_hours=8)
    report = _filed_friday(fengshu, people)

    _run(fengshu, at("2026-12-09", "09:00"))

    with in_schema(fengshu):
        report = HazardReport.objects.get(pk=report.pk)
    escalated = [(lvl, due) for lvl, stage, due in _steps(fengshu) if stage == "escalated"]
    assert escalated == [(1, at("2026-12-07", "12:00")), (2, at("2026-12-08", "11:00"))]
    assert (report.level, report.department_id) == (Level.SUBDISTRICT, subdistrict_office.pk)


def test_the_department_level_is_referred_and_warned_but_goes_no_further(
    fengshu, grid_map, people, gas_department
):
    report = file_report(fengshu, people.resident)
    with in_schema(fengshu):
        report = escalation.blow_whistle(
            actor=people.staff,
            community=fengshu,
            report=report,
            reason="燃气泄漏风险大",
            department=gas_department,
        )
        assert (report.level, report.state, report.department_id) == (
            Level.DEPARTMENT,
            ReportState.REFERRED,
            gas_department.pk,
        )
    _run(fengshu, at("2027-03-01", "12:00"))
    with in_schema(fengshu):
        assert HazardReport.objects.get(pk=report.pk).level == Level.DEPARTMENT
    assert [(lvl, s) for lvl, s, _due in _steps(fengshu)] == [
        (1, "whistle"),
        (4, "yellow"),
        (4, "red"),
    ]


def test_whistle_without_a_department_for_the_category_is_refused(fengshu, grid_map, people):
    report = file_report(fengshu, people.resident)
    with in_schema(fengshu):
        HazardReport.objects.filter(pk=report.pk).update(level=Level.SUBDISTRICT)
        with pytest.raises(DomainError) as refused:
            escalation.blow_whistle(
                actor=people.staff, community=fengshu, report=report, reason="请部门处理"
            )
        assert HazardReport.objects.get(pk=report.pk).level == Level.SUBDISTRICT
        assert Escalation.objects.count() == 0

    assert refused.value.code == "NO_DEPARTMENT"
