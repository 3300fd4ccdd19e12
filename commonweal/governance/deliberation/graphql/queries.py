"""Reads of the public record of deliberation (community endpoint)."""

from collections.abc import Iterable
from typing import Annotated

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from commonweal.governance.deliberation import selectors
from commonweal.governance.deliberation.error_codes import DeliberationErrorCode
from commonweal.governance.deliberation.graphql.types import (
    AgendaItemType,
    DecisionStatusEnum,
    DecisionType,
    MeetingStatusEnum,
    MeetingType,
    ProposalStatusEnum,
    ProposalType,
    SettingsType,
    VoteRuleEnum,
)
from commonweal.governance.deliberation.models import AgendaItem, Decision, Meeting, Proposal
from commonweal.governance.deliberation.services.rules import rules
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.errors import NotFound
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import arg


def _who(info: Info):
    request = info.context.request
    return request.user, roles_in_current_community(request)


def _one(queryset, global_id, type_):
    try:
        return queryset.filter(pk=pk_of(global_id, type_, DeliberationErrorCode)).first()
    except NotFound:
        return None


@strawberry.type
class DeliberationQuery:
    @strawberry.field(description="The community's rules of deliberation (public).")
    def deliberation_settings(self) -> SettingsType:
        row = rules()
        return SettingsType(
            support_threshold=row.support_threshold,
            vote_rule=VoteRuleEnum(row.vote_rule),
            quorum=row.quorum,
            proposer_roles=list(row.proposer_roles),
            open_votes=row.open_votes,
        )

    @strawberry_django.connection(
        DjangoListConnection[ProposalType],
        description="Proposals (议题): public ones for everyone, your own in any state, all for"
        " office roles. Newest first.",
    )
    def deliberation_proposals(
        self,
        info: Info,
        status: Annotated[ProposalStatusEnum | None, arg("Only this state.")] = None,
    ) -> Iterable[Proposal]:
        user, roles = _who(info)
        queryset = selectors.proposals_for(actor=user, roles=roles)
        if status:
            queryset = queryset.filter(status=status)
        return queryset.order_by("-created_at", "-id")

    @strawberry_django.field(description="One proposal, if you may see it.")
    def deliberation_proposal(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The proposal.")]
    ) -> ProposalType | None:
        user, roles = _who(info)
        return _one(selectors.proposals_for(actor=user, roles=roles), id, ProposalType)

    @strawberry_django.connection(
        DjangoListConnection[MeetingType], description="Meetings (public), latest first."
    )
    def meetings(
        self, status: Annotated[MeetingStatusEnum | None, arg("Only this state.")] = None
    ) -> Iterable[Meeting]:
        queryset = selectors.meetings()
        if status:
            queryset = queryset.filter(status=status)
        return queryset.order_by("-starts_at", "-id")

    @strawberry_django.field(description="One meeting.")
    def meeting(self, id: Annotated[relay.GlobalID, arg("The meeting.")]) -> MeetingType | None:
        return _one(selectors.meetings(), id, MeetingType)

    @strawberry_django.connection(
        DjangoListConnection[DecisionType],
        description="Decisions (落议题) and their follow-up (public), soonest due first.",
    )
    def decisions(
        self, status: Annotated[DecisionStatusEnum | None, arg("Only this state.")] = None
    ) -> Iterable[Decision]:
        queryset = selectors.decisions()
        if status:
            queryset = queryset.filter(status=status)
        return queryset.order_by("due_on", "id")

    @strawberry_django.field(description="One decision.")
    def decision(self, id: Annotated[relay.GlobalID, arg("The decision.")]) -> DecisionType | None:
        return _one(selectors.decisions(), id, DecisionType)

    @strawberry_django.field(
        description="The agenda items (with their meetings) that take a need (Need), task"
        " (NeedsTask) or project (NeedsProject): where it was deliberated and, once the minutes"
        " are published, what was decided. Newest meeting first."
    )
    def agenda_items_of(
        self, source_id: Annotated[relay.GlobalID, arg("The need, task or project.")]
    ) -> list[AgendaItemType]:
        field = {"Need": "need_id", "NeedsTask": "task_id", "NeedsProject": "project_id"}.get(
            source_id.type_name
        )
        if field is None or not str(source_id.node_id).isdigit():
            return []
        return list(
            AgendaItem.objects.filter(**{field: source_id.node_id})
            .exclude(meeting__status="cancelled")
            .order_by("-meeting__starts_at", "-pk")
        )
