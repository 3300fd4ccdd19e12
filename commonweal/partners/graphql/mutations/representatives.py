"""Who acts for a partner organisation: a community's admins add and remove the
representatives of its partners; representatives do the same for their own organisation on
the platform. Both go through the registry's services (last-representative rule, roles,
notifications)."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.partners import selectors
from commonweal.partners.graphql.mutations.shared import (
    NOT_FOUND,
    PARTNER,
    PartnerError,
    organisation_pk,
    partnership_of,
)
from commonweal.partners.graphql.types import PartnerRepresentativeType
from commonweal.partners.registry import selectors as registry_selectors
from commonweal.partners.registry import services as registry
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import (
    ADMINS,
    SIGNED_IN,
    arg,
    caller,
    mutation,
    payload,
)

Login = Annotated[str, arg("Their e-mail or mobile number.")]
RepresentativeId = Annotated[relay.GlobalID, arg("The representative.")]

PartnerRepresentativePayload = payload(
    "PartnerRepresentativePayload",
    PartnerError,
    representative=(PartnerRepresentativeType, "The representative added; null after a removal."),
)


@strawberry.type
class CommunityRepresentativeMutation:
    @mutation(
        PartnerRepresentativePayload,
        allow=ADMINS,
        description="Make an existing account (by e-mail or mobile number) a representative "
        "of a partner of this community (admins).",
    )
    def add_partner_representative(
        self, info: Info, partner_id: Annotated[relay.GlobalID, PARTNER], login: Login
    ) -> PartnerRepresentativePayload:
        who = caller(info)
        representative = registry.representative_add(
            actor=who.user, organisation=partnership_of(who, partner_id).organisation, login=login
        )
        return PartnerRepresentativePayload(representative=representative)

    @mutation(
        PartnerRepresentativePayload,
        allow=ADMINS,
        description="Remove a representative of a partner of this community (admins); "
        "the last one stays.",
    )
    def remove_partner_representative(
        self, info: Info, id: RepresentativeId
    ) -> PartnerRepresentativePayload:
        user = caller(info).user
        representative = selectors.access_partner_representative(
            actor=user, representative_id=pk_of(id, PartnerRepresentativeType, NOT_FOUND)
        )
        registry.representative_remove(actor=user, representative=representative)
        return PartnerRepresentativePayload()


@strawberry.type
class PlatformRepresentativeMutation:
    @mutation(
        PartnerRepresentativePayload,
        allow=SIGNED_IN,
        description="Make an existing account (by e-mail or mobile number) a representative "
        "of an organisation you represent.",
    )
    def add_organisation_representative(
        self,
        info: Info,
        organisation_id: Annotated[relay.GlobalID, arg("An organisation you represent.")],
        login: Login,
    ) -> PartnerRepresentativePayload:
        user = caller(info).user
        organisation = registry_selectors.access_represented_organisation(
            actor=user, organisation_id=organisation_pk(organisation_id)
        )
        representative = registry.representative_add(
            actor=user, organisation=organisation, login=login
        )
        return PartnerRepresentativePayload(representative=representative)

    @mutation(
        PartnerRepresentativePayload,
        allow=SIGNED_IN,
        description="Remove a representative of an organisation you represent (yourself "
        "included); the last one stays.",
    )
    def remove_organisation_representative(
        self, info: Info, id: RepresentativeId
    ) -> PartnerRepresentativePayload:
        user = caller(info).user
        representative = registry_selectors.access_representative(
            actor=user,
            representative_id=pk_of(id, PartnerRepresentativeType, NOT_FOUND),
            organisations=registry_selectors.organisations_represented_by(user),
        )
        registry.representative_remove(actor=user, representative=representative)
        return PartnerRepresentativePayload()
