"""A partner organisation's platform-wide identity, on the platform endpoint."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.partners.graphql.mutations.shared import PartnerError, organisation_pk
from commonweal.partners.graphql.types import MyPartnerOrganisationType, OrganisationKindEnum
from commonweal.partners.registry import selectors as registry_selectors
from commonweal.partners.registry import services as registry
from commonweal.platform.kernel.graphql.mutations import SIGNED_IN, arg, caller, mutation, payload

PartnerOrganisationPayload = payload(
    "PartnerOrganisationPayload",
    PartnerError,
    organisation=(MyPartnerOrganisationType, "The organisation as saved."),
)


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
    @mutation(
        PartnerOrganisationPayload,
        allow=SIGNED_IN,
        description="Register your organisation once; it can then apply to any community.",
    )
    def register_partner_organisation(
        self, info: Info, input: Annotated[PartnerOrganisationInput, arg("The organisation.")]
    ) -> PartnerOrganisationPayload:
        data = strawberry.asdict(input)
        organisation = registry.organisation_register(actor=caller(info).user, **data)
        return PartnerOrganisationPayload(organisation=organisation)

    @mutation(
        PartnerOrganisationPayload,
        allow=SIGNED_IN,
        description="Change the public profile of an organisation you represent; its search "
        "documents follow in every community where it is an active partner.",
    )
    def update_partner_organisation(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The organisation.")],
        input: Annotated[PartnerOrganisationProfileInput, arg("What changes.")],
    ) -> PartnerOrganisationPayload:
        user = caller(info).user
        organisation = registry_selectors.access_represented_organisation(
            actor=user, organisation_id=organisation_pk(id)
        )
        organisation = registry.organisation_update_profile(
            actor=user, organisation=organisation, **strawberry.asdict(input)
        )
        return PartnerOrganisationPayload(organisation=organisation)
