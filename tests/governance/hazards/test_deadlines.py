"""The escalation job reads only reports whose next step is due (`next_due_at`, indexed), and
still records each step once when a worker dies half-way and is restarted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commonweal.governance.hazards import notify
from commonweal.governance.hazards.models import Escalation, HazardReport, Level
from commonweal.governance.hazards.services import escalation
from commonweal.governance.hazards.services import reports as services
from tests.governance.hazards.fixtures import file_report, rules
from tests.governance.hazards.test_escalation import FRIDAY_17, at
from tests.partners.fixtures import in_schema


def _backdate(fengshu, report, since=FRIDAY_17):
    with in_schema(fengshu):
        HazardReport.objects.filter(pk=report.pk).update(level_since=since)
        escalation.reschedule_open()


def _due(fengshu, report):
    with in_schema(fengshu):
        return HazardReport.objects.get(pk=report.pk).next_due_at


def _run(fengshu, now):
    with in_schema(fengshu):
        return escalation.escalate_due(community=fengshu, now=now)


def test_each_level_stores_its_next_step_and_closing_clears_it(fengshu, grid_map, people):
    rules(fengshu, grid_hours=4, community_hours=8)
    report = file_report(fengshu, people.resident)
    _backdate(fengshu, report)

    _run(fengshu, at("2026-12-04", "17:30"))
    assert _due(fengshu, report) == at("2026-12-07", "10:00")  # yellow, Monday
    _run(fengshu, at("2026-12-07", "10:00"))
    assert _due(fengshu, report) == at("2026-12-07", "11:00")  # red
    _run(fengshu, at("2026-12-07", "11:00"))
    assert _due(fengshu, report) == at("2026-12-07", "12:00")  # escalation
    _run(fengshu, at("2026-12-07", "12:00"))
    assert _due(fengshu, report) == at("2026-12-07", "16:00")  # community level, yellow

    with in_schema(fengshu):
        services.report_confirm(actor=people.staff, community=fengshu, report=report)
        services.report_fix(actor=people.staff, community=fengshu, report=report)
    assert _due(fengshu, report) is None


def test_the_job_locks_only_the_reports_whose_time_has_come(fengshu, grid_map, people):
    rules(fengshu, grid_hours=4)
    late = file_report(fengshu, people.resident, description="过期的")
    _backdate(fengshu, late)
    fresh = [file_report(fengshu, people.neighbour, description=f"新的{n}") for n in range(5)]
    now = at("2026-12-07", "10:30")
    with in_schema(fengshu):
        HazardReport.objects.filter(pk__in=[r.pk for r in fresh]).update(
            next_due_at=at("2026-12-08", "09:00")
        )

    with in_schema(fengshu), CaptureQueriesContext(connection) as queries:
        recorded = escalation.escalate_due(community=fengshu, now=now)

    locks = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert recorded == 1  # the late report's yellow warning
    assert len(locks) == 1
    assert _due(fengshu, late) == at("2026-12-07", "11:00")
    assert [_due(fengshu, r) for r in fresh] == [at("2026-12-08", "09:00")] * 5


def test_the_due_query_uses_the_partial_index(fengshu, grid_map, people):
    file_report(fengshu, people.resident)
    with in_schema(fengshu), connection.cursor() as cursor:
        sql, params = escalation.due_reports(at("2026-12-07", "10:00")).query.sql_with_params()
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "hazard_report_next_due" in plan


def test_a_worker_dying_half_way_leaves_each_step_to_be_recorded_once(
    fengshu, grid_map, people, monkeypatch
):
    rules(fengshu, grid_hours=4)
    reports = [file_report(fengshu, people.resident, description=f"第{n}条") for n in range(3)]
    for report in reports:
        _backdate(fengshu, report)
    real = notify.escalation
    calls = []

    def dies_on_the_second_report(**kwargs):
        calls.append(kwargs["report"].pk)
        if len(calls) == 4:  # the first report took three steps
            raise SystemExit("worker killed")
        real(**kwargs)

    monkeypatch.setattr(notify, "escalation", dies_on_the_second_report)
    with pytest.raises(SystemExit):
        _run(fengshu, at("2026-12-07", "12:30"))
    monkeypatch.setattr(notify, "escalation", real)
    with in_schema(fengshu):
        after_crash = Escalation.objects.count()

    restarted = _run(fengshu, at("2026-12-07", "12:30"))
    again = _run(fengshu, at("2026-12-07", "12:30"))

    with in_schema(fengshu):
        steps = sorted(Escalation.objects.values_list("report_id", "level", "stage"))
        levels = set(HazardReport.objects.values_list("level", flat=True))
    # The first report's three steps committed; the second's rolled back with the crash.
    assert after_crash == 3
    assert (restarted, again) == (6, 0)
    assert steps == sorted(
        (r.pk, 1, stage) for r in reports for stage in ("yellow", "red", "escalated")
    )
    assert levels == {Level.COMMUNITY}
