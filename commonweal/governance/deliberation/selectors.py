"""Reads of deliberation, already scoped to who asks.

The public record is public: proposals (all but those merged away, which a reader finds under
the one they were merged into), meetings, agendas, tallies and decisions. Who came to a meeting
and who was invited are read by the office; how each member voted only where the community's
rule makes votes open. A member also sees their own proposals in any state.
"""

from django.db.models import Q, QuerySet

from commonweal.governance.deliberation.error_codes import not_found
from commonweal.governance.deliberation.models import (
    AgendaItem,
    Decision,
    Meeting,
    Proposal,
)
from commonweal.governance.deliberation.services.proposals import PUBLIC_STATUSES
from commonweal.platform.kernel.roles import OFFICE_ROLES


def proposals_for(*, actor, roles) -> QuerySet[Proposal]:
    if roles & OFFICE_ROLES:
        return Proposal.objects.all()
    visible = Q(status__in=PUBLIC_STATUSES)
    if actor is not None and actor.is_authenticated:
        visible |= Q(proposed_by=actor)
    return Proposal.objects.filter(visible)


def access_proposal(*, actor, roles, proposal_id) -> Proposal:
    proposal = proposals_for(actor=actor, roles=roles).filter(pk=proposal_id).first()
    if proposal is None:
        raise not_found()
    return proposal


def meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("chair_partnership")


def access_meeting(*, meeting_id) -> Meeting:
    meeting = meetings().filter(pk=meeting_id).first()
    if meeting is None:
        raise not_found()
    return meeting


def access_item(*, item_id) -> AgendaItem:
    item = AgendaItem.objects.select_related("meeting", "proposal").filter(pk=item_id).first()
    if item is None:
        raise not_found()
    return item


def decisions() -> QuerySet[Decision]:
    return Decision.objects.select_related("item__meeting")


def access_decision(*, decision_id) -> Decision:
    decision = decisions().filter(pk=decision_id).first()
    if decision is None:
        raise not_found()
    return decision
