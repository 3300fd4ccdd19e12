"""A partnership's life: applying (a representative), the status moves and the service
points where it serves (office roles)."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.partners.graphql.mutations.shared import (
    NOT_FOUND,
    PARTNER,
    PartnerError,
    organisation_pk,
    partnership_of,
)
from commonweal.partners.graphql.types import PartnerCallType, PartnerType, ServiceTierEnum
from commonweal.partners.services import partnerships
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import (
    OFFICE,
    SIGNED_IN,
    arg,
    caller,
    mutation,
    payload,
)
from commonweal.welfaremap.graphql.types import ServicePointType

PartnerPayload = payload(
    "PartnerPayload", PartnerError, partner=(PartnerType, "The partnership as it now stands.")
)
_APPLICATION = arg("The partnership (application) to move.")
_NOTE = arg("A note kept with the status change.")
_REASON = arg("Why; the representatives read it.")


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
    who = caller(info)
    partnership = service(
        community=who.community, actor=who.user, partnership=partnership_of(who, id), **kwargs
    )
    return PartnerPayload(partner=partnership)


@strawberry.type
class PartnershipMutation:
    @mutation(
        PartnerPayload,
        allow=SIGNED_IN,
        description="Apply for a partnership as the representative of an organisation.",
    )
    def apply_for_partnership(
        self, info: Info, input: Annotated[PartnershipApplicationInput, arg("The application.")]
    ) -> PartnerPayload:
        who = caller(info)
        call_id = pk_of(input.call_id, PartnerCallType, NOT_FOUND) if input.call_id else None
        partnership = partnerships.partnership_apply(
            community=who.community,
            actor=who.user,
            organisation_id=organisation_pk(input.organisation_id),
            call_id=call_id,
            tier=input.tier,
            statement=input.statement,
            offers=input.offers,
        )
        return PartnerPayload(partner=partnership)

    @mutation(PartnerPayload, allow=OFFICE, description="Start reviewing an application.")
    def start_partnership_review(
        self, info: Info, id: Annotated[relay.GlobalID, _APPLICATION]
    ) -> PartnerPayload:
        return _move(info, id, partnerships.partnership_start_review)

    @mutation(PartnerPayload, allow=OFFICE, description="Approve an application.")
    def approve_partnership(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, _APPLICATION],
        note: Annotated[str, _NOTE] = "",
    ) -> PartnerPayload:
        return _move(info, id, partnerships.partnership_approve, note=note)

    @mutation(PartnerPayload, allow=OFFICE, description="Reject an application with a reason.")
    def reject_partnership(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, _APPLICATION],
        reason: Annotated[str, _REASON],
    ) -> PartnerPayload:
        return _move(info, id, partnerships.partnership_reject, reason=reason)

    @mutation(
        PartnerPayload,
        allow=OFFICE,
        description="Activate an approved or suspended partnership.",
    )
    def activate_partnership(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, _APPLICATION],
        note: Annotated[str, _NOTE] = "",
    ) -> PartnerPayload:
        return _move(info, id, partnerships.partnership_activate, note=note)

    @mutation(PartnerPayload, allow=OFFICE, description="Suspend a partnership with a reason.")
    def suspend_partnership(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, _APPLICATION],
        reason: Annotated[str, _REASON],
    ) -> PartnerPayload:
        return _move(info, id, partnerships.partnership_suspend, reason=reason)

    @mutation(PartnerPayload, allow=OFFICE, description="End a partnership.")
    def exit_partnership(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, _APPLICATION],
        reason: Annotated[str, arg("Why, if you say; the representatives read it.")] = "",
    ) -> PartnerPayload:
        return _move(info, id, partnerships.partnership_exit, reason=reason)

    @mutation(
        PartnerPayload,
        allow=OFFICE,
        description="Set the service points where a partner serves.",
    )
    def set_partner_service_points(
        self,
        info: Info,
        partner_id: Annotated[relay.GlobalID, PARTNER],
        service_point_ids: Annotated[
            list[relay.GlobalID], arg("Every point where it serves, replacing the old list.")
        ],
    ) -> PartnerPayload:
        who = caller(info)
        partnership = partnerships.service_points_set(
            community=who.community,
            actor=who.user,
            partnership=partnership_of(who, partner_id),
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
            partnership=partnership_of(who, id),
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
            partnership=partnership_of(who, id),
            answer=answer,
        )
        return PartnerQuestionPayload(partner=partnership)
