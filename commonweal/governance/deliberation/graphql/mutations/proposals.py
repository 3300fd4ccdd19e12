"""提议题 and 审议题: the rules, proposing, 联名 and the council's review."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.governance.deliberation.graphql.mutations import shared
from commonweal.governance.deliberation.graphql.mutations.shared import DeliberationError
from commonweal.governance.deliberation.graphql.types import (
    ProposalScopeEnum,
    ProposalType,
    SettingsType,
    VoteRuleEnum,
)
from commonweal.governance.deliberation.services import proposals as services
from commonweal.governance.deliberation.services.rules import settings_update
from commonweal.platform.kernel.graphql.mutations import (
    ADMINS,
    MEMBERS,
    OFFICE,
    arg,
    caller,
    mutation,
    payload,
)
from commonweal.platform.kernel.roles import Role

ProposalPayload = payload(
    "DeliberationProposalPayload",
    DeliberationError,
    proposal=(ProposalType, "The proposal as it now stands."),
)
SettingsPayload = payload(
    "DeliberationSettingsPayload", DeliberationError, settings=(SettingsType, "The rules saved.")
)
RoleName = strawberry.enum(Role, name="DeliberationRole", description="A role in the community.")


@strawberry.input(description="A proposal (议题) as submitted.")
class ProposalInput:
    title: str = strawberry.field(description="Short title (≤ 80 characters).")
    proposal: str = strawberry.field(description="What is proposed (≤ 2,000).")
    background: str = strawberry.field(default="", description="Background (≤ 2,000).")
    scope: ProposalScopeEnum = strawberry.field(
        default=ProposalScopeEnum.COMMUNITY, description="Whole community or one courtyard."
    )
    place: str = strawberry.field(default="", description="The courtyard or place, if any.")
    need_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The need (Need) it comes from, if any."
    )


def _payload(proposal) -> ProposalPayload:
    return ProposalPayload(proposal=proposal)


@strawberry.type
class ProposalMutation:
    @mutation(
        SettingsPayload, allow=ADMINS, description="Set the community's rules of deliberation."
    )
    def update_deliberation_settings(
        self,
        info: Info,
        support_threshold: Annotated[int, arg("Supporters that send a proposal to review.")],
        vote_rule: Annotated[VoteRuleEnum, arg("Simple or two-thirds majority.")],
        quorum: Annotated[int, arg("Members present for a vote to count.")],
        proposer_roles: Annotated[list[RoleName], arg("Roles that may propose; [] = all.")],
        open_votes: Annotated[bool, arg("Publish who voted how.")] = False,
    ) -> SettingsPayload:
        who = caller(info)
        row = settings_update(
            actor=who.user,
            community=who.community,
            support_threshold=support_threshold,
            vote_rule=vote_rule,
            quorum=quorum,
            proposer_roles=[str(r.value) for r in proposer_roles],
            open_votes=open_votes,
        )
        return SettingsPayload(
            settings=SettingsType(
                support_threshold=row.support_threshold,
                vote_rule=VoteRuleEnum(row.vote_rule),
                quorum=row.quorum,
                proposer_roles=list(row.proposer_roles),
                open_votes=row.open_votes,
            )
        )

    @mutation(
        ProposalPayload,
        allow=MEMBERS,
        description="Submit a proposal (议题); the community sets which roles may.",
    )
    def submit_deliberation_proposal(
        self, info: Info, input: Annotated[ProposalInput, arg("The proposal.")]
    ) -> ProposalPayload:
        who = caller(info)
        roles = shared.roles_of(who)
        need = shared.need(who, input.need_id) if input.need_id is not None else None
        return _payload(
            services.proposal_submit(
                actor=who.user,
                community=who.community,
                roles=roles,
                title=input.title,
                proposal=input.proposal,
                background=input.background,
                scope=input.scope,
                place=input.place,
                need=need,
            )
        )

    @mutation(ProposalPayload, allow=MEMBERS, description="Support a proposal (联名); once each.")
    def support_deliberation_proposal(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The proposal.")]
    ) -> ProposalPayload:
        who = caller(info)
        return _payload(
            services.proposal_support(
                actor=who.user, community=who.community, proposal=shared.proposal(who, id)
            )
        )

    @mutation(ProposalPayload, allow=OFFICE, description="Take a proposal into review (审议).")
    def send_deliberation_proposal_to_review(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The proposal.")]
    ) -> ProposalPayload:
        who = caller(info)
        return _payload(
            services.proposal_send_to_review(
                actor=who.user, community=who.community, proposal=shared.proposal(who, id)
            )
        )

    @mutation(
        ProposalPayload,
        allow=OFFICE,
        description="Accept a proposal onto the agenda (of a meeting, when given).",
    )
    def accept_deliberation_proposal(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The proposal.")],
        meeting_id: Annotated[relay.GlobalID | None, arg("The meeting to put it on.")] = None,
    ) -> ProposalPayload:
        who = caller(info)
        meeting = shared.meeting(meeting_id) if meeting_id is not None else None
        return _payload(
            services.proposal_accept(
                actor=who.user,
                community=who.community,
                proposal=shared.proposal(who, id),
                meeting=meeting,
            )
        )

    @mutation(
        ProposalPayload, allow=OFFICE, description="Decline a proposal, with a public reason."
    )
    def decline_deliberation_proposal(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The proposal.")],
        reason: Annotated[str, arg("Why, as everyone will read it.")],
    ) -> ProposalPayload:
        who = caller(info)
        return _payload(
            services.proposal_decline(
                actor=who.user,
                community=who.community,
                proposal=shared.proposal(who, id),
                reason=reason,
            )
        )

    @mutation(
        ProposalPayload,
        allow=OFFICE,
        description="Merge a duplicate into another proposal; its people support the other.",
    )
    def merge_deliberation_proposal(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The duplicate.")],
        into: Annotated[relay.GlobalID, arg("The proposal to keep.")],
    ) -> ProposalPayload:
        who = caller(info)
        return _payload(
            services.proposal_merge(
                actor=who.user,
                community=who.community,
                proposal=shared.proposal(who, id),
                into=shared.proposal(who, into),
            )
        )
