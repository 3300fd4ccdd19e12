"""Who acts for a partner organisation: a community's admins add and remove the
representatives of its partners; representatives do the same for their own organisation on
the platform. Both go through the registry's services (last-representative rule, roles,
notifications)."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.partners.graphql.mutations.shared import (
    NOT_FOUND,
    PartnerError,
    context,
    organisation_pk,
    partnership_of,
)
from commonweal.partners.graphql.types import PartnerRepresentativeType
from commonweal.partners.registry import services as registry
from commonweal.partners.services.partnerships import access_partner_representative
from commonweal.platform.accounts.roles import Role
from commonweal.platform.graphql.errors import refusals_in_payload
from commonweal.platform.graphql.ids import pk_of
from commonweal.platform.graphql.permissions import HasRole, IsSignedIn, for_mutation

Login = Annotated[str, strawberry.argument(description="Their e-mail or mobile number.")]


@strawberry.type
class PartnerRepresentativePayload:
    representative: PartnerRepresentativeType | None = strawberry.field(
        default=None, description="The representative added; null after a removal."
    )
    errors: list[PartnerError] = strawberry.field(default_factory=list)


@strawberry.type
class CommunityRepresentativeMutation:
    @strawberry.mutation(
        description="Make an existing account (by e-mail or mobile number) a representative "
        "of a partner of this community (admins).",
        extensions=[for_mutation(HasRole(Role.ADMIN))],
    )
    @refusals_in_payload(PartnerRepresentativePayload, PartnerError)
    def add_partner_representative(
        self,
        info: Info,
        partner_id: relay.GlobalID,
        login: Login,
    ) -> PartnerRepresentativePayload:
        _community, user = context(info)
        representative = registry.representative_add(
            actor=user, organisation=partnership_of(partner_id).organisation, login=login
        )
        return PartnerRepresentativePayload(representative=representative)

    @strawberry.mutation(
        description="Remove a representative of a partner of this community (admins); "
        "the last one stays.",
        extensions=[for_mutation(HasRole(Role.ADMIN))],
    )
    @refusals_in_payload(PartnerRepresentativePayload, PartnerError)
    def remove_partner_representative(
        self, info: Info, id: relay.GlobalID
    ) -> PartnerRepresentativePayload:
        _community, user = context(info)
        representative = access_partner_representative(
            pk_of(id, PartnerRepresentativeType, NOT_FOUND)
        )
        registry.representative_remove(actor=user, representative=representative)
        return PartnerRepresentativePayload()


@strawberry.type
class PlatformRepresentativeMutation:
    @strawberry.mutation(
        description="Make an existing account (by e-mail or mobile number) a representative "
        "of an organisation you represent.",
        extensions=[for_mutation(IsSignedIn())],
    )
    @refusals_in_payload(PartnerRepresentativePayload, PartnerError)
    def add_organisation_representative(
        self,
        info: Info,
        organisation_id: relay.GlobalID,
        login: Login,
    ) -> PartnerRepresentativePayload:
        user = info.context.request.user
        organisation = registry.access_represented_organisation(
            user=user, organisation_id=organisation_pk(organisation_id)
        )
        representative = registry.representative_add(
            actor=user, organisation=organisation, login=login
        )
        return PartnerRepresentativePayload(representative=representative)

    @strawberry.mutation(
        description="Remove a representative of an organisation you represent (yourself "
        "included); the last one stays.",
        extensions=[for_mutation(IsSignedIn())],
    )
    @refusals_in_payload(PartnerRepresentativePayload, PartnerError)
    def remove_organisation_representative(
        self, info: Info, id: relay.GlobalID
    ) -> PartnerRepresentativePayload:
        user = info.context.request.user
        representative = registry.access_representative(
            representative_id=pk_of(id, PartnerRepresentativeType, NOT_FOUND),
            organisations=registry.organisations_represented_by(user),
        )
        registry.representative_remove(actor=user, representative=representative)
        return PartnerRepresentativePayload()
