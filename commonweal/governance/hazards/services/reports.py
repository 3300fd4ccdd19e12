"""A hazard report's life: filed by anyone signed in (routed to its grid), seconded with
"me too", confirmed by the grid worker (which earns the reporter points), handled, referred,
fixed — or closed as unable to fix, duplicate or not a hazard. The reporter may reopen a fixed
report within `REOPEN_WINDOW`.

Who may handle a report is decided by `selectors.access_report(..., handling=True)`; these
services trust their caller on that and check everything else.
"""

import datetime as dt

from django.db.models import BooleanField, F, FloatField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.hazards import notify
from commonweal.governance.hazards.error_codes import HazardErrorCode
from commonweal.governance.hazards.models import (
    OPEN_STATES,
    HazardCategory,
    HazardReport,
    MeToo,
    ReportState,
    ReportTransition,
)
from commonweal.governance.hazards.routing import grid_id_at
from commonweal.governance.hazards.services import escalation, rewards
from commonweal.governance.hazards.services.grids import grid_workers_of
from commonweal.governance.hazards.services.lifecycle import lock, move
from commonweal.governance.hazards.services.search import sync_search
from commonweal.governance.hazards.services.text import clean_point, required_text
from commonweal.governance.hazards.services.workingtime import Calendar
from commonweal.platform.kernel.db import insert_once
from commonweal.platform.kernel.errors import DomainError

SIMILAR_RADIUS_M = 250.0
REOPEN_WINDOW = dt.timedelta(days=14)
_TABLE = '"hazards_hazardreport"'


def _category(value) -> str:
    if value not in HazardCategory.values:
        raise DomainError(
            HazardErrorCode.INVALID_CATEGORY, _("Please choose a category."), field="category"
        )
    return value


def similar_open_reports(*, category, lat, lng, radius_m=SIMILAR_RADIUS_M, exclude_id=None):
    """Open reports of the same category within `radius_m` of the point, nearest first, each
    with `distance_m` (great-circle, earthdistance; the earth_box test uses the GiST index)."""
    lat, lng = clean_point(lat, lng)
    here = "public.ll_to_earth(%s, %s)"
    there = f"public.ll_to_earth({_TABLE}.lat, {_TABLE}.lng)"
    reports = (
        HazardReport.objects.filter(category=_category(category), state__in=OPEN_STATES)
        .filter(
            RawSQL(
                f"public.earth_box({here}, %s) @> {there}",
                (lat, lng, radius_m),
                output_field=BooleanField(),
            )
        )
        .annotate(
            distance_m=RawSQL(
                f"public.earth_distance({here}, {there})", (lat, lng), output_field=FloatField()
            )
        )
        .filter(distance_m__lte=radius_m)
        .order_by("distance_m", "pk")
    )
    if exclude_id is not None:
        reports = reports.exclude(pk=exclude_id)
    return reports


def report_file(
    *, actor, community, category, description, lat, lng, place="", anonymous=False
) -> HazardReport:
    """Anyone signed in reports a hazard; it goes to the grid holding its point."""
    lat, lng = clean_point(lat, lng)
    now = timezone.now()
    report = HazardReport.objects.create(
        category=_category(category),
        description=required_text(
            description, field="description", limit=1000, code=HazardErrorCode.DESCRIPTION_REQUIRED
        ),
        lat=lat,
        lng=lng,
        place=required_text(place, field="place", limit=80, required=False),
        anonymous=bool(anonymous),
        reporter=actor,
        grid_id=grid_id_at(lat, lng),
        state=ReportState.SUBMITTED,
        state_changed_at=now,
        level_since=now,
        created_at=now,
    )
    ReportTransition.objects.create(
        report=report, from_status="", to_status=ReportState.SUBMITTED, actor=actor, at=now
    )
    escalation.schedule(report, Calendar.of(community))
    sync_search(community, report)
    notify.report_filed(
        community=community, report=report, grid_people=grid_workers_of(report.grid)
    )
    return report


def report_me_too(*, actor, community, report: HazardReport) -> HazardReport:
    """我也遇到: once per person, on an open report that is not their own."""
    report = lock(report.pk)
    if report.reporter_id == actor.pk:
        raise DomainError(HazardErrorCode.OWN_REPORT, _("You reported this yourself."))
    if report.state not in OPEN_STATES:
        raise DomainError(HazardErrorCode.INVALID_TRANSITION, _("This report is no longer open."))
    if not insert_once(MeToo(report=report, user=actor), unique=["report", "user"]):
        raise DomainError(HazardErrorCode.ALREADY_SAID, _("You have already said so."))
    HazardReport.objects.filter(pk=report.pk).update(me_too_count=F("me_too_count") + 1)
    report.refresh_from_db()
    return report


def _move(*, actor, community, report, verb, reason="") -> HazardReport:
    report = move(lock(report.pk), verb=verb, actor=actor, reason=reason)
    sync_search(community, report)
    notify.state_changed(community=community, report=report, reason=reason)
    return report


def report_confirm(*, actor, community, report) -> HazardReport:
    """核实: it is a hazard; the reporter earns the community's points (once, within the cap)."""
    report = _move(actor=actor, community=community, report=report, verb="confirm")
    rewards.reward_confirmed(community=community, report=report, actor=actor)
    return report


def report_start(*, actor, community, report) -> HazardReport:
    return _move(actor=actor, community=community, report=report, verb="start")


def report_fix(*, actor, community, report, note="") -> HazardReport:
    return _move(actor=actor, community=community, report=report, verb="fix", reason=note)


def report_give_up(*, actor, community, report, reason) -> HazardReport:
    return _move(actor=actor, community=community, report=report, verb="give_up", reason=reason)


def report_reject(*, actor, community, report, reason) -> HazardReport:
    return _move(actor=actor, community=community, report=report, verb="reject", reason=reason)


def report_mark_duplicate(*, actor, community, report, original) -> HazardReport:
    """Closed as a copy of `original` (an open report); duplicates earn nothing."""
    if original.pk == report.pk:
        raise DomainError(
            HazardErrorCode.DUPLICATE_OF_ITSELF,
            _("A report cannot duplicate itself."),
            field="original",
        )
    if original.state not in OPEN_STATES:
        raise DomainError(
            HazardErrorCode.INVALID_TRANSITION,
            _("The original report is no longer open."),
            field="original",
        )
    report = lock(report.pk)
    report.duplicate_of = original
    report.save(update_fields=["duplicate_of"])
    return _move(
        actor=actor,
        community=community,
        report=report,
        verb="mark_duplicate",
        reason=f"#{original.pk}",
    )


def report_reopen(*, actor, community, report, reason) -> HazardReport:
    """The reporter says it is not fixed after all, within 14 days of the fix."""
    report = lock(report.pk)
    if actor is None or report.reporter_id != actor.pk:
        raise DomainError(HazardErrorCode.NOT_YOUR_REPORT, _("Only the reporter may reopen it."))
    if report.state == ReportState.FIXED and timezone.now() > report.fixed_at + REOPEN_WINDOW:
        raise DomainError(
            HazardErrorCode.REOPEN_WINDOW_PASSED,
            _("A report can be reopened within 14 days of its fix."),
        )
    report = _move(actor=actor, community=community, report=report, verb="reopen", reason=reason)
    # The current level's clock starts again: the fix it was measuring did not hold.
    report.level_since = timezone.now()
    report.warning = 0
    report.save(update_fields=["level_since", "warning"])
    escalation.schedule(report, Calendar.of(community))
    return report
