"""Calls for partners (招募): create, publish, unpublish, close (office roles)."""

from datetime import date

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.partners.graphql.mutations.shared import NOT_FOUND, PartnerError, context, office
from commonweal.partners.graphql.types import OrganisationKindEnum, PartnerCallType
from commonweal.partners.services import calls
from commonweal.platform.graphql.errors import refusals_in_payload
from commonweal.platform.graphql.ids import pk_of


@strawberry.type
class PartnerCallPayload:
    call: PartnerCallType | None = None
    errors: list[PartnerError] = strawberry.field(default_factory=list)


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
    community, user = context(info)
    call = calls.access_call(pk_of(id, PartnerCallType, NOT_FOUND))
    return PartnerCallPayload(call=service(community=community, actor=user, call=call))


@strawberry.type
class PartnerCallMutation:
    @strawberry.mutation(description="Create a call for partners.", extensions=office())
    @refusals_in_payload(PartnerCallPayload, PartnerError)
    def create_partner_call(self, info: Info, input: PartnerCallInput) -> PartnerCallPayload:
        community, user = context(info)
        call = calls.call_create(
            community=community,
            actor=user,
            title=input.title,
            needs=input.needs,
            kinds_allowed=input.kinds_allowed,
            deadline=input.deadline,
            publish=input.publish,
        )
        return PartnerCallPayload(call=call)

    @strawberry.mutation(description="Publish a call.", extensions=office())
    @refusals_in_payload(PartnerCallPayload, PartnerError)
    def publish_partner_call(self, info: Info, id: relay.GlobalID) -> PartnerCallPayload:
        return _call_step(info, id, calls.call_publish)

    @strawberry.mutation(
        description="Take a published call back to draft: hidden from the public and search.",
        extensions=office(),
    )
    @refusals_in_payload(PartnerCallPayload, PartnerError)
    def unpublish_partner_call(self, info: Info, id: relay.GlobalID) -> PartnerCallPayload:
        return _call_step(info, id, calls.call_unpublish)

    @strawberry.mutation(
        description="Stop taking applications before the deadline; the call stays visible.",
        extensions=office(),
    )
    @refusals_in_payload(PartnerCallPayload, PartnerError)
    def close_partner_call(self, info: Info, id: relay.GlobalID) -> PartnerCallPayload:
        return _call_step(info, id, calls.call_close)
