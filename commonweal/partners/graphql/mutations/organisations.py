"""A partner organisation's platform-wide identity, on the platform endpoint."""

import strawberry
from strawberry.types import Info

from commonweal.partners.graphql.mutations.shared import PartnerError
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
