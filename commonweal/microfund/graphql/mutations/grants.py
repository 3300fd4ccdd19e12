"""Micro-grants (微创投): calls opened by the office, proposals by members, scores by the
panel, awards, declines and tranches by admins."""

from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.microfund import selectors
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.graphql.types import (
    FundError,
    GrantCallType,
    ProposalType,
)
from commonweal.microfund.services import grants
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import (
    ADMINS,
    MEMBERS,
    OFFICE,
    arg,
    caller,
    mutation,
    payload,
)

GrantCallPayload = payload(
    "GrantCallPayload", FundError, grant_call=(GrantCallType, "The call as opened.")
)
ProposalPayload = payload(
    "ProposalPayload", FundError, proposal=(ProposalType, "The proposal as it stands.")
)


def _proposal(who, global_id):
    return selectors.access_proposal(
        actor=who.user, proposal_id=pk_of(global_id, ProposalType, FundErrorCode)
    )


@strawberry.type
class GrantMutation:
    @mutation(GrantCallPayload, allow=OFFICE, description="Open a micro-grant call (office roles).")
    def open_grant_call(
        self,
        info: Info,
        title: Annotated[str, arg("Title of the call.")],
        budget: Annotated[int, arg("Most the call may award in total, in fen.")],
        description: Annotated[str, arg("What the call funds.")] = "",
        deadline: Annotated[date | None, arg("Last day for proposals.")] = None,
    ) -> GrantCallPayload:
        who = caller(info)
        return GrantCallPayload(
            grant_call=grants.grant_call_open(
                actor=who.user,
                community=who.community,
                title=title,
                budget=budget,
                description=description,
                deadline=deadline,
            )
        )

    @mutation(
        ProposalPayload, allow=MEMBERS, description="Submit a proposal (members of the community)."
    )
    def submit_proposal(
        self,
        info: Info,
        call: Annotated[relay.GlobalID, arg("The open call it answers.")],
        title: Annotated[str, arg("Title of the project.")],
        applicant_name: Annotated[str, arg("Resident or social organisation applying.")],
        requested: Annotated[int, arg("Asked for, in fen.")],
        summary: Annotated[str, arg("What the project will do.")] = "",
    ) -> ProposalPayload:
        who = caller(info)
        grant_call = selectors.access_grant_call(
            actor=who.user, call_id=pk_of(call, GrantCallType, FundErrorCode)
        )
        return ProposalPayload(
            proposal=grants.proposal_submit(
                actor=who.user,
                community=who.community,
                call=grant_call,
                title=title,
                applicant_name=applicant_name,
                requested=requested,
                summary=summary,
            )
        )

    @mutation(
        ProposalPayload, allow=OFFICE, description="Score a proposal, 0–100 (panel: office roles)."
    )
    def score_proposal(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The proposal.")],
        score: Annotated[int, arg("0 to 100; scoring again replaces your score.")],
        comment: Annotated[str, arg("Why, for the panel.")] = "",
    ) -> ProposalPayload:
        who = caller(info)
        proposal = _proposal(who, id)
        grants.proposal_score(
            actor=who.user, community=who.community, proposal=proposal, score=score, comment=comment
        )
        return ProposalPayload(proposal=proposal)

    @mutation(
        ProposalPayload, allow=ADMINS, description="Award a grant, committing fund money (admins)."
    )
    def award_grant(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The proposal.")],
        amount: Annotated[int, arg("Fen committed from the fund's uncommitted balance.")],
    ) -> ProposalPayload:
        who = caller(info)
        return ProposalPayload(
            proposal=grants.proposal_award(
                actor=who.user, community=who.community, proposal=_proposal(who, id), amount=amount
            )
        )

    @mutation(
        ProposalPayload,
        allow=ADMINS,
        description="Decline a proposal with a reason (admins); the reason is kept with it and"
        " its applicant is told.",
    )
    def decline_proposal(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The proposal.")],
        reason: Annotated[str, arg("Why, as the applicant will read it.")],
    ) -> ProposalPayload:
        who = caller(info)
        return ProposalPayload(
            proposal=grants.proposal_decline(
                actor=who.user, community=who.community, proposal=_proposal(who, id), reason=reason
            )
        )

    @mutation(
        ProposalPayload,
        allow=ADMINS,
        description="Record a progress report and pay a tranche against it (admins); a refused"
        " tranche keeps no report either.",
    )
    def disburse_tranche(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The awarded proposal.")],
        report: Annotated[str, arg("What the project has done: the progress report.")],
        amount: Annotated[int, arg("Fen paid now, within what is awarded and not yet paid.")],
    ) -> ProposalPayload:
        who = caller(info)
        proposal = _proposal(who, id)
        progress = grants.progress_report_submit(
            actor=who.user, community=who.community, proposal=proposal, text=report
        )
        grants.tranche_disburse(
            actor=who.user, community=who.community, report=progress, amount=amount
        )
        proposal.refresh_from_db()
        return ProposalPayload(proposal=proposal)
