"""A partner organisation's platform-wide identity, on the platform endpoint."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.partners.graphql.mutations.shared import PartnerError, organisation_pk
from commonweal.partners.graphql.types import MyPartnerOrganisationType, OrganisationKindEnum
from commonweal.partners.registry import services as registry
from commonweal.platform.graphql.errors import refusals_in_payload
from commonweal.platform.graphql.permissions import IsSignedIn, for_mutation


@strawberry.type
class PartnerOrganisationPayload:
    organisation: MyPartnerOrganisationType | None = None
    errors: list[PartnerError] = strawberry.field(default_factory=list)


@strawberry.input(description="A partner organisation's platform identity.")
class PartnerOrganisationInput:
    kind: OrganisationKindEnum = strawberry.field(description="Kind of partner.")
    legal_name: str = strawberry.field(description="Registered name.")
    credit_code: str = strawberry.field(
        default="", description="统一社会信用代码 (required for organisations)."
    )
    description: str = strawberry.field(default="", description="Who you are.")
    website: str = strawberry.field(default="", description="Website.")
    logo_url: str = strawberry.field(default="", description="Logo address.")
    contact_name: str = strawberry.field(default="", description="Contact person.")
    contact_phone: str = strawberry.field(default="", description="Contact phone.")
    contact_email: str = strawberry.field(default="", description="Contact e-mail.")
    phone_public: bool = strawberry.field(
        default=False, description="Show the phone number in full on public pages."
    )


def _keep_or(description: str):
    return strawberry.field(
        default=None, description=f"{description} Leave out to keep it; empty clears it."
    )


@strawberry.input(
    description="Changes to an organisation's public profile. Its kind, legal name and credit "
    "code stay as registered."
)
class PartnerOrganisationProfileInput:
    description: str | None = _keep_or("Who you are.")
    website: str | None = _keep_or("Website (https:// is assumed when left out).")
    logo_url: str | None = _keep_or("Logo address (https:// is assumed when left out).")
    contact_name: str | None = _keep_or("Contact person.")
    contact_phone: str | None = _keep_or("Contact phone.")
    contact_email: str | None = _keep_or("Contact e-mail.")
    phone_public: bool | None = strawberry.field(
        default=None,
        description="Show the phone number in full on public pages. Leave out to keep it.",
    )


@strawberry.type
class PlatformOrganisationMutation:
    @strawberry.mutation(
        description="Register your organisation once; it can then apply to any community.",
        extensions=[for_mutation(IsSignedIn())],
    )
    @refusals_in_payload(PartnerOrganisationPayload, PartnerError)
    def register_partner_organisation(
        self, info: Info, input: PartnerOrganisationInput
    ) -> PartnerOrganisationPayload:
        data = strawberry.asdict(input)
        organisation = registry.organisation_register(actor=info.context.request.user, **data)
        return PartnerOrganisationPayload(organisation=organisation)

    @strawberry.mutation(
        description="Change the public profile of an organisation you represent; its search "
        "documents follow in every community where it is an active partner.",
        extensions=[for_mutation(IsSignedIn())],
    )
    @refusals_in_payload(PartnerOrganisationPayload, PartnerError)
    def update_partner_organisation(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="The organisation.")],
        input: Annotated[
            PartnerOrganisationProfileInput, strawberry.argument(description="What changes.")
        ],
    ) -> PartnerOrganisationPayload:
        user = info.context.request.user
        organisation = registry.access_represented_organisation(
            user=user, organisation_id=organisation_pk(id)
        )
        organisation = registry.organisation_update_profile(
            actor=user, organisation=organisation, **strawberry.asdict(input)
        )
        return PartnerOrganisationPayload(organisation=organisation)
