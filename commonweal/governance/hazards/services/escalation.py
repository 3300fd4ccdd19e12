"""分级预警 and 吹哨: a report that waits too long at its level is warned, then moved up.

At each level the clock starts at `level_since` and counts working time only (`workingtime`).
At `yellow_percent` of the level's limit the report gets a yellow warning, at `red_percent`
a red one, and when the limit passes it goes to the next level — grid worker → community →
sub-district → department — whose clock starts at that exact due time, not when the job
noticed. The department level warns but has nowhere further to go.

Each open report stores when its next step falls due (`next_due_at`, set whenever a level
starts or a step is recorded, cleared when the report closes; partially indexed): the job
reads only the reports whose time has come, not every open one. A change of the rules or the
calendar sets every open report due at once (`reschedule_open`), so the next run recomputes each.

Every step is an `Escalation` row unique per report, level and stage, inserted with
ON CONFLICT DO NOTHING on a report row the job holds locked: a job run twice, or two workers
at once, records and notifies each step once. Staff blow the whistle (吹哨) by hand to move a
report up at once, or straight to a department.
"""

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonweal.governance.hazards import notify
from commonweal.governance.hazards.error_codes import HazardErrorCode
from commonweal.governance.hazards.models import (
    OPEN_STATES,
    Escalation,
    HazardReport,
    Level,
    Stage,
    WarningLevel,
)
from commonweal.governance.hazards.services import departments
from commonweal.governance.hazards.services.grids import grid_workers_of
from commonweal.governance.hazards.services.lifecycle import TRANSITIONS, lock, move
from commonweal.governance.hazards.services.search import sync_search
from commonweal.governance.hazards.services.text import required_text
from commonweal.governance.hazards.services.workingtime import Calendar
from commonweal.platform.kernel.db import insert_once
from commonweal.platform.kernel.errors import DomainError


def due_times(report: HazardReport, calendar: Calendar) -> dict[str, object]:
    """When the current level's yellow, red and escalation steps fall due."""
    rules = calendar.rules
    hours = rules.hours_at(report.level)
    start = report.level_since
    return {
        Stage.YELLOW: calendar.add(start, hours * rules.yellow_percent / 100),
        Stage.RED: calendar.add(start, hours * rules.red_percent / 100),
        Stage.ESCALATED: calendar.add(start, hours),
    }


def next_due(report: HazardReport, calendar: Calendar):
    """When the next step not yet taken at the current level falls due; None when closed or
    when a red warning at the department level leaves nothing further."""
    if report.state not in OPEN_STATES:
        return None
    due = due_times(report, calendar)
    if report.warning < WarningLevel.YELLOW:
        return due[Stage.YELLOW]
    if report.warning < WarningLevel.RED:
        return due[Stage.RED]
    return due[Stage.ESCALATED] if report.level < Level.DEPARTMENT else None


def schedule(report: HazardReport, calendar: Calendar) -> None:
    report.next_due_at = next_due(report, calendar)
    report.save(update_fields=["next_due_at"])


def reschedule_open() -> int:
    """After the rules or the calendar change: every open report is looked at by the next run,
    which stores its new next step."""
    return HazardReport.objects.filter(state__in=OPEN_STATES).update(
        next_due_at=models.F("level_since")
    )


def _record(report, *, stage, due_at, actor=None, reason="") -> bool:
    step = Escalation(
        report=report,
        level=report.level,
        stage=stage,
        due_at=due_at,
        recorded_at=timezone.now(),
        actor=actor,
        reason=reason,
    )
    return insert_once(step, unique=["report", "level", "stage"])


def _people_at(report):
    return list(grid_workers_of(report.grid)) if report.level == Level.GRID else []


def _raise_level(*, community, report, level, since, department=None, actor=None) -> None:
    """Move the report to `level` (its clock starting at `since`); from the sub-district up,
    the responsible body is sent its link."""
    report.level = level
    report.level_since = since
    report.warning = WarningLevel.NONE
    if level >= Level.SUBDISTRICT:
        body = department or departments.body_for(report, subdistrict=level == Level.SUBDISTRICT)
        if body is not None:
            report.department = body
            from commonweal.governance.hazards.tasks import email_department

            # The job row is written in this transaction: no e-mail for a rolled-back move.
            email_department.defer(
                community_schema=community.schema_name, report_id=report.pk, department_id=body.pk
            )
    report.save(update_fields=["level", "level_since", "warning", "department"])
    if level == Level.DEPARTMENT and report.state in TRANSITIONS["refer"].sources:
        move(report, verb="refer", actor=actor, reason=str(report.department or ""))
        sync_search(community, report)
        notify.state_changed(community=community, report=report)


def check_report(*, community, report: HazardReport, calendar: Calendar, now) -> int:
    """Record every step now due for `report` (locked by the caller); how many were new."""
    recorded = 0
    while report.state in OPEN_STATES:
        due = due_times(report, calendar)
        moved = False
        for stage, warning in ((Stage.YELLOW, WarningLevel.YELLOW), (Stage.RED, WarningLevel.RED)):
            if now >= due[stage] and report.warning < warning:
                report.warning = warning
                report.save(update_fields=["warning"])
                if _record(report, stage=stage, due_at=due[stage]):
                    recorded += 1
                    notify.escalation(
                        community=community,
                        report=report,
                        stage_label=str(Stage(stage).label),
                        grid_people=_people_at(report),
                    )
        if now >= due[Stage.ESCALATED] and report.level < Level.DEPARTMENT:
            if _record(report, stage=Stage.ESCALATED, due_at=due[Stage.ESCALATED]):
                recorded += 1
            _raise_level(
                community=community,
                report=report,
                level=report.level + 1,
                since=due[Stage.ESCALATED],
            )
            notify.escalation(
                community=community,
                report=report,
                stage_label=_("Escalated"),
                grid_people=_people_at(report),
            )
            moved = True
        if not moved:
            break
    schedule(report, calendar)
    return recorded


def due_reports(now):
    """Reports with a step due by `now`, read through the partial index on `next_due_at`.
    Only open reports have one (`lifecycle.move` clears it on closing, in the same
    transaction), so the state is not filtered here; `check_report` checks it anyway."""
    return HazardReport.objects.filter(next_due_at__isnull=False, next_due_at__lte=now).order_by(
        "next_due_at", "pk"
    )


def escalate_due(*, community, now=None) -> int:
    """The job's body, in the community's schema: the open reports whose next step is due
    (`due_reports`), one at a time, each in its own transaction; reports another worker holds
    are left to it (SKIP LOCKED). A row is read again under its lock, so a report another
    worker has just handled (its `next_due_at` moved on) is skipped."""
    now = now or timezone.now()
    calendar = Calendar.of(community)
    total = 0
    ids = list(due_reports(now).values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            report = due_reports(now).select_for_update(skip_locked=True).filter(pk=pk).first()
            if report is not None:
                total += check_report(
                    community=community, report=report, calendar=calendar, now=now
                )
    return total


def blow_whistle(*, actor, community, report, reason, department=None) -> HazardReport:
    """吹哨: move an open report up one level now, or straight to `department`."""
    reason = required_text(reason, field="reason", limit=300, code=HazardErrorCode.REASON_REQUIRED)
    report = lock(report.pk)
    if report.state not in OPEN_STATES:
        raise DomainError(HazardErrorCode.INVALID_TRANSITION, _("This report is no longer open."))
    if report.level >= Level.DEPARTMENT:
        raise DomainError(HazardErrorCode.TOP_LEVEL, _("The report is already with a department."))
    target = Level.DEPARTMENT if department is not None else report.level + 1
    if target == Level.DEPARTMENT and department is None:
        department = departments.body_for(report, subdistrict=False)
        if department is None:
            raise DomainError(
                HazardErrorCode.NO_DEPARTMENT,
                _("No department handles this category yet: add one first."),
                field="department",
            )
    now = timezone.now()
    _record(report, stage=Stage.WHISTLE, due_at=now, actor=actor, reason=reason)
    _raise_level(
        community=community,
        report=report,
        level=target,
        since=now,
        department=department,
        actor=actor,
    )
    schedule(report, Calendar.of(community))
    notify.escalation(
        community=community,
        report=report,
        stage_label=_("Whistle blown (吹哨)"),
        grid_people=_people_at(report),
    )
    return report
