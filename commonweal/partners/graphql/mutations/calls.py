"""Calls for partners (招募): create, publish, unpublish, close (office roles)."""

from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.partners import selectors
from commonweal.partners.graphql.mutations.shared import NOT_FOUND, PartnerError
from commonweal.partners.graphql.types import OrganisationKindEnum, PartnerCallType
from commonweal.partners.services import calls
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import OFFICE, arg, caller, mutation, payload

PartnerCallPayload = payload(
    "PartnerCallPayload", PartnerError, call=(PartnerCallType, "The call as it now stands.")
)
_CALL = arg("The call.")


@strawberry.input(description="A call for partners (招募).")
class PartnerCallInput:
    title: str = strawberry.field(description="Title.")
    needs: str = strawberry.field(description="What the community needs.")
    kinds_allowed: list[OrganisationKindEnum] = strawberry.field(
        description="Kinds that may apply (all when empty)."
    )
    deadline: date = strawberry.field(description="Last day to apply.")
    publish: bool = strawberry.field(default=False, description="Publish at once.")


def _call_step(info, id, service) -> PartnerCallPayload:
    who = caller(info)
    call = selectors.access_call(actor=who.user, call_id=pk_of(id, PartnerCallType, NOT_FOUND))
    return PartnerCallPayload(call=service(community=who.community, actor=who.user, call=call))


@strawberry.type
class PartnerCallMutation:
    @mutation(PartnerCallPayload, allow=OFFICE, description="Create a call for partners.")
    def create_partner_call(
        self, info: Info, input: Annotated[PartnerCallInput, arg("The call.")]
    ) -> PartnerCallPayload:
        who = caller(info)
        call = calls.call_create(
            community=who.community,
            actor=who.user,
            title=input.title,
            needs=input.needs,
            kinds_allowed=input.kinds_allowed,
            deadline=input.deadline,
            publish=input.publish,
        )
        return PartnerCallPayload(call=call)

    @mutation(PartnerCallPayload, allow=OFFICE, description="Publish a call.")
    def publish_partner_call(
        self, info: Info, id: Annotated[relay.GlobalID, _CALL]
    ) -> PartnerCallPayload:
        return _call_step(info, id, calls.call_publish)

    @mutation(
        PartnerCallPayload,
        allow=OFFICE,
        description="Take a published call back to draft: hidden from the public and search.",
    )
    def unpublish_partner_call(
        self, info: Info, id: Annotated[relay.GlobalID, _CALL]
    ) -> PartnerCallPayload:
        return _call_step(info, id, calls.call_unpublish)

    @mutation(
        PartnerCallPayload,
        allow=OFFICE,
        description="Stop taking applications before the deadline; the call stays visible.",
    )
    def close_partner_call(
        self, info: Info, id: Annotated[relay.GlobalID, _CALL]
    ) -> PartnerCallPayload:
        return _call_step(info, id, calls.call_close)
