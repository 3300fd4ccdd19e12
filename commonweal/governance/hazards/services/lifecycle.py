"""The one gate every state change of a hazard report goes through.

`move()` checks the verb against `TRANSITIONS`, sets the new state and appends a transition row
(who, when, why) in the caller's transaction, on a row the caller locked with `lock()`: a
refused move changes nothing and raises a coded error. The reporter is told of every change.

A state the community added (`CustomState`) is entered with `enter()` from the states it
declares as its sources; out of it, only the verbs leading to the built-in states it declares as
its targets are allowed (and from an added fixed-kind state, the reporter's reopening).
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.hazards.error_codes import HazardErrorCode, not_found
from commonweal.governance.hazards.models import (
    CustomState,
    HazardReport,
    ReportState,
    ReportTransition,
    StateKind,
)
from commonweal.platform.kernel.errors import DomainError

S = ReportState


@dataclass(frozen=True)
class Move:
    sources: frozenset
    target: str
    reason_required: bool = False


def _table(**verbs) -> dict[str, Move]:
    return {verb: Move(frozenset(spec[0]), *spec[1:]) for verb, spec in verbs.items()}


OPEN = {S.SUBMITTED, S.CONFIRMED, S.IN_PROGRESS, S.REFERRED}
TRANSITIONS = _table(
    confirm=({S.SUBMITTED}, S.CONFIRMED),
    start=({S.CONFIRMED, S.REFERRED}, S.IN_PROGRESS),
    refer=({S.SUBMITTED, S.CONFIRMED, S.IN_PROGRESS}, S.REFERRED),
    fix=({S.CONFIRMED, S.IN_PROGRESS, S.REFERRED}, S.FIXED),
    give_up=({S.CONFIRMED, S.IN_PROGRESS, S.REFERRED}, S.UNABLE, True),
    # Only before confirmation: a confirmed report has earned its reward.
    mark_duplicate=({S.SUBMITTED}, S.DUPLICATE),
    reject=({S.SUBMITTED}, S.NOT_A_HAZARD, True),
    reopen=({S.FIXED}, S.IN_PROGRESS, True),
)
# The built-in state a report in an added state holds, by the added state's kind.
BASE = {StateKind.OPEN: S.IN_PROGRESS, StateKind.FIXED: S.FIXED, StateKind.CLOSED: S.UNABLE}


def lock(pk) -> HazardReport:
    report = HazardReport.objects.select_for_update().filter(pk=pk).first()
    if report is None:
        raise not_found()
    return report


def allowed(report: HazardReport, verb: str) -> bool:
    """Whether `verb` may be done to `report` where it now stands."""
    rule = TRANSITIONS[verb]
    if report.stage_id is None:
        return report.state in rule.sources
    if verb == "reopen":
        return report.state == S.FIXED
    return rule.target in report.stage.targets


def _refused(report) -> DomainError:
    return DomainError(
        HazardErrorCode.INVALID_TRANSITION,
        _("This cannot be done in its current state (%(state)s).")
        % {"state": report.get_state_display()},
    )


def _checked_reason(reason: str, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise DomainError(
            HazardErrorCode.REASON_REQUIRED, _("Please give a reason."), field="reason"
        )
    if len(reason) > 500:
        raise DomainError(HazardErrorCode.TOO_LONG, _("At most 500 characters."), field="reason")
    return reason


def _record(report, *, target: str, stage, actor, reason) -> HazardReport:
    now = timezone.now()
    previous = report.position
    report.state = target
    report.stage = stage
    report.state_changed_at = now
    report.fixed_at = now if target == S.FIXED else report.fixed_at
    if target not in OPEN:
        report.next_due_at = None  # closed: the escalation job never reads it again
    report.save(update_fields=["state", "stage", "state_changed_at", "fixed_at", "next_due_at"])
    ReportTransition.objects.create(
        report=report,
        from_status=previous,
        to_status=report.position,
        actor=actor,
        reason=reason,
        at=now,
    )
    return report


def move(report: HazardReport, *, verb: str, actor, reason: str = "") -> HazardReport:
    rule = TRANSITIONS[verb]
    if not allowed(report, verb):
        raise _refused(report)
    reason = _checked_reason(reason, rule.reason_required)
    return _record(report, target=rule.target, stage=None, actor=actor, reason=reason)


def may_enter(report: HazardReport, stage: CustomState) -> bool:
    return report.position in stage.sources and report.position != stage.code


def enter(report: HazardReport, *, stage: CustomState, actor, reason: str = "") -> HazardReport:
    """Move into the added state `stage`; a closed-kind one, like 无法整改, needs a reason."""
    if not may_enter(report, stage):
        raise _refused(report)
    reason = _checked_reason(reason, stage.kind == StateKind.CLOSED)
    return _record(report, target=BASE[stage.kind], stage=stage, actor=actor, reason=reason)
