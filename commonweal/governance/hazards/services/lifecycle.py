"""The one gate every state change of a hazard report goes through.

`move()` checks the verb against `TRANSITIONS`, sets the new state and appends a transition row
(who, when, why) in the caller's transaction, on a row the caller locked with `lock()`: a
refused move changes nothing and raises a coded error. The reporter is told of every change.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.hazards.error_codes import HazardErrorCode, not_found
from commonweal.governance.hazards.models import HazardReport, ReportState, ReportTransition
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


def lock(pk) -> HazardReport:
    report = HazardReport.objects.select_for_update().filter(pk=pk).first()
    if report is None:
        raise not_found()
    return report


def move(report: HazardReport, *, verb: str, actor, reason: str = "") -> HazardReport:
    rule = TRANSITIONS[verb]
    reason = (reason or "").strip()
    if report.state not in rule.sources:
        raise DomainError(
            HazardErrorCode.INVALID_TRANSITION,
            _("This cannot be done in its current state (%(state)s).")
            % {"state": report.get_state_display()},
        )
    if rule.reason_required and not reason:
        raise DomainError(
            HazardErrorCode.REASON_REQUIRED, _("Please give a reason."), field="reason"
        )
    if len(reason) > 500:
        raise DomainError(HazardErrorCode.TOO_LONG, _("At most 500 characters."), field="reason")
    now = timezone.now()
    previous = report.state
    report.state = rule.target
    report.state_changed_at = now
    report.fixed_at = now if rule.target == S.FIXED else report.fixed_at
    if rule.target not in OPEN:
        report.next_due_at = None  # closed: the escalation job never reads it again
    report.save(update_fields=["state", "state_changed_at", "fixed_at", "next_due_at"])
    ReportTransition.objects.create(
        report=report,
        from_status=previous,
        to_status=rule.target,
        actor=actor,
        reason=reason,
        at=now,
    )
    return report
