"""落议题: a decision of a meeting is carried out by its owners by a due date; progress is
public, an overdue decision is flagged once, and residents rate it when it is done.

Where the decision needs partners' work and its proposal came from a need accepted into the
needs list, a draft task of the task list (任务清单) is made from that need.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.deliberation.error_codes import DeliberationErrorCode
from commonweal.governance.deliberation.models import (
    AgendaItem,
    Decision,
    DecisionRating,
    DecisionStatus,
    DecisionTransition,
    MeetingStatus,
    VoteOutcome,
)
from commonweal.governance.deliberation.services.lifecycle import lock, move, move_table
from commonweal.governance.deliberation.services.search import sync_decision
from commonweal.governance.deliberation.services.text import required_text
from commonweal.platform.kernel.db import insert_once
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import OFFICE_ROLES

D = DecisionStatus
TRANSITIONS = move_table(
    start=({D.OPEN}, D.IN_PROGRESS),
    complete=({D.OPEN, D.IN_PROGRESS}, D.DONE),
)


def decision_create(
    *,
    actor,
    community,
    item: AgendaItem,
    title: str,
    owners: list,
    due_on: date,
    description: str = "",
    make_task: bool = False,
) -> Decision:
    """From an item of a held meeting whose vote (if it had one) was adopted."""
    item = lock(AgendaItem, item.pk)
    if item.meeting.status not in (MeetingStatus.HELD, MeetingStatus.PUBLISHED) or (
        item.vote_opens_at is not None and item.outcome != VoteOutcome.ADOPTED
    ):
        raise DomainError(
            DeliberationErrorCode.INVALID_TRANSITION,
            _("Decisions come from a held meeting's items that were adopted."),
            field="item_id",
        )
    if not owners:
        raise DomainError(
            DeliberationErrorCode.OWNERS_REQUIRED, _("Name who carries it out."), field="owner_ids"
        )
    if due_on <= timezone.localdate():
        raise DomainError(
            DeliberationErrorCode.INVALID_DUE_DATE,
            _("The due date is in the future."),
            field="due_on",
        )
    now = timezone.now()
    decision = Decision.objects.create(
        item=item,
        title=required_text(title, field="title", limit=80),
        description=required_text(description, field="description", limit=2000, required=False),
        owners=sorted({user.pk for user in owners}),
        due_on=due_on,
        status=D.OPEN,
        status_changed_at=now,
    )
    DecisionTransition.objects.create(
        decision=decision, from_status="", to_status=D.OPEN, actor=actor, at=now
    )
    if make_task:
        decision.task = _task_from_need(actor, community, decision, item)
        decision.save(update_fields=["task"])
    sync_decision(community, decision)
    return decision


def _task_from_need(actor, community, decision: Decision, item: AgendaItem):
    from commonweal.governance.needs.services.tasks import TASKABLE_NEEDS, task_create

    need = item.proposal.need if item.proposal_id else None
    if need is None or need.status not in TASKABLE_NEEDS:
        raise DomainError(
            DeliberationErrorCode.NO_NEED_FOR_TASK,
            _("A task is made from the need accepted into the needs list behind the proposal."),
            field="make_task",
        )
    return task_create(
        actor=actor,
        community=community,
        need_ids=[need.pk],
        title=decision.title,
        description=decision.description or decision.title,
        due_on=decision.due_on,
    )


def _move(*, actor, roles, community, decision: Decision, verb: str, note: str = "") -> Decision:
    decision = lock(Decision, decision.pk)
    if not (roles & OFFICE_ROLES or actor.pk in decision.owners):
        raise DomainError(
            DeliberationErrorCode.NOT_AN_OWNER,
            _("Progress is reported by the decision's owners or the office."),
        )
    move(
        decision,
        table=TRANSITIONS,
        verb=verb,
        actor=actor,
        reason=note,
        log=DecisionTransition,
        log_field="decision",
    )
    note = required_text(note, field="note", limit=2000, required=False)
    if note:
        decision.progress = note
    if verb == "complete":
        decision.done_at = decision.status_changed_at
    decision.save(update_fields=["progress", "done_at"])
    sync_decision(community, decision)
    return decision


def decision_start(*, actor, roles, community, decision: Decision, note: str = "") -> Decision:
    """An owner (or the office) starts carrying it out."""
    return _move(
        actor=actor, roles=roles, community=community, decision=decision, verb="start", note=note
    )


def decision_complete(*, actor, roles, community, decision: Decision, note: str = "") -> Decision:
    """An owner (or the office) reports it done; residents may then rate it."""
    return _move(
        actor=actor, roles=roles, community=community, decision=decision, verb="complete", note=note
    )


def overdue_decisions(today=None):
    today = today or timezone.localdate()
    return Decision.objects.exclude(status=D.DONE).filter(due_on__lt=today)


def decision_rate(*, actor, community, decision: Decision, score: int, comment: str = ""):
    """A resident's 满意度, once, after the decision is done."""
    if decision.status != D.DONE:
        raise DomainError(
            DeliberationErrorCode.INVALID_TRANSITION, _("A decision is rated once it is done.")
        )
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise DomainError(
            DeliberationErrorCode.INVALID_RATING, _("Give 1 to 5 stars."), field="score"
        )
    rating = DecisionRating(
        decision=decision,
        user=actor,
        score=score,
        comment=required_text(comment, field="comment", limit=300, required=False),
    )
    if not insert_once(rating, unique=("decision", "user")):
        raise DomainError(
            DeliberationErrorCode.ALREADY_RATED, _("You have already rated this decision.")
        )
    return rating
