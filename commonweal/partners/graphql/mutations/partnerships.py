"""A partnership's life: applying (a representative), the status moves and the service
points where it serves (office roles)."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.partners.graphql.mutations.shared import (
    NOT_FOUND,
    PartnerError,
    context,
    office,
    organisation_pk,
    partnership_of,
)
from commonweal.partners.graphql.types import PartnerCallType, PartnerType, ServiceTierEnum
from commonweal.partners.services import partnerships
from commonweal.platform.graphql.errors import refusals_in_payload
from commonweal.platform.graphql.ids import pk_of
from commonweal.platform.graphql.mutations import OFFICE, SIGNED_IN, arg, caller, mutation, payload
from commonweal.platform.graphql.permissions import IsSignedIn, for_mutation
from commonweal.welfaremap.graphql.types import ServicePointType


@strawberry.type
class PartnerPayload:
    partner: PartnerType | None = None
    errors: list[PartnerError] = strawberry.field(default_factory=list)


@strawberry.input(description="A partnership application.")
class PartnershipApplicationInput:
    organisation_id: relay.GlobalID = strawberry.field(
        description="The organisation you represent."
    )
    call_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The call answered, if any."
    )
    tier: ServiceTierEnum = strawberry.field(description="Tier of the services offered.")
    statement: str = strawberry.field(default="", description="Why and what you offer.")
    offers: list[str] = strawberry.field(default_factory=list, description="Services offered.")


PartnerQuestionPayload = payload(
    "PartnerQuestionPayload",
    PartnerError,
    partner=(PartnerType, "The application, with its new status."),
)


def _move(info, id, service, **kwargs) -> PartnerPayload:
    community, user = context(info)
    partnership = service(community=community, actor=user, partnership=partnership_of(id), **kwargs)
    return PartnerPayload(partner=partnership)


@strawberry.type
class PartnershipMutation:
    @strawberry.mutation(
        description="Apply for a partnership as the representative of an organisation.",
        extensions=[for_mutation(IsSignedIn())],
    )
    @refusals_in_payload(PartnerPayload, PartnerError)
    def apply_for_partnership(
        self, info: Info, input: PartnershipApplicationInput
    ) -> PartnerPayload:
        community, user = context(info)
        call_id = pk_of(input.call_id, PartnerCallType, NOT_FOUND) if input.call_id else None
        partnership = partnerships.partnership_apply(
            community=community,
            actor=user,
            organisation_id=organisation_pk(input.organisation_id),
            call_id=call_id,
            tier=input.tier,
            statement=input.statement,
            offers=input.offers,
        )
        return PartnerPayload(partner=partnership)

    @strawberry.mutation(description="Start reviewing an application.", extensions=office())
    @refusals_in_payload(PartnerPayload, PartnerError)
    def start_partnership_review(self, info: Info, id: relay.GlobalID) -> PartnerPayload:
        return _move(info, id, partnerships.partnership_start_review)

    @strawberry.mutation(description="Approve an application.", extensions=office())
    @refusals_in_payload(PartnerPayload, PartnerError)
    def approve_partnership(self, info: Info, id: relay.GlobalID, note: str = "") -> PartnerPayload:
        return _move(info, id, partnerships.partnership_approve, note=note)

    @strawberry.mutation(description="Reject an application with a reason.", extensions=office())
    @refusals_in_payload(PartnerPayload, PartnerError)
    def reject_partnership(self, info: Info, id: relay.GlobalID, reason: str) -> PartnerPayload:
        return _move(info, id, partnerships.partnership_reject, reason=reason)

    @strawberry.mutation(
        description="Activate an approved or suspended partnership.", extensions=office()
    )
    @refusals_in_payload(PartnerPayload, PartnerError)
    def activate_partnership(
        self, info: Info, id: relay.GlobalID, note: str = ""
    ) -> PartnerPayload:
        return _move(info, id, partnerships.partnership_activate, note=note)

    @strawberry.mutation(description="Suspend a partnership with a reason.", extensions=office())
    @refusals_in_payload(PartnerPayload, PartnerError)
    def suspend_partnership(self, info: Info, id: relay.GlobalID, reason: str) -> PartnerPayload:
        return _move(info, id, partnerships.partnership_suspend, reason=reason)

    @strawberry.mutation(description="End a partnership.", extensions=office())
    @refusals_in_payload(PartnerPayload, PartnerError)
    def exit_partnership(self, info: Info, id: relay.GlobalID, reason: str = "") -> PartnerPayload:
        return _move(info, id, partnerships.partnership_exit, reason=reason)

    @strawberry.mutation(
        description="Set the service points where a partner serves.", extensions=office()
    )
    @refusals_in_payload(PartnerPayload, PartnerError)
    def set_partner_service_points(
        self, info: Info, partner_id: relay.GlobalID, service_point_ids: list[relay.GlobalID]
    ) -> PartnerPayload:
        community, user = context(info)
        partnership = partnerships.service_points_set(
            community=community,
            actor=user,
            partnership=partnership_of(partner_id),
            service_point_ids=[pk_of(i, ServicePointType, NOT_FOUND) for i in service_point_ids],
        )
        return PartnerPayload(partner=partnership)

    @mutation(
        PartnerQuestionPayload,
        allow=OFFICE,
        description="Ask the applicant for more information; they are told the question and "
        "the application waits for their answer.",
    )
    def request_partnership_information(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The application (a partner).")],
        question: Annotated[str, arg("What the office needs to know.")],
    ) -> PartnerQuestionPayload:
        who = caller(info)
        partnership = partnerships.partnership_request_information(
            community=who.community,
            actor=who.user,
            partnership=partnership_of(id),
            question=question,
        )
        return PartnerQuestionPayload(partner=partnership)

    @mutation(
        PartnerQuestionPayload,
        allow=SIGNED_IN,
        description="Answer the office's question about your organisation's application; "
        "the review resumes.",
    )
    def provide_partnership_information(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The application (a partner).")],
        answer: Annotated[str, arg("The answer to the office's question.")],
    ) -> PartnerQuestionPayload:
        who = caller(info)
        partnership = partnerships.partnership_provide_information(
            community=who.community,
            actor=who.user,
            partnership=partnership_of(id),
            answer=answer,
        )
        return PartnerQuestionPayload(partner=partnership)
