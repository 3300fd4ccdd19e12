"""Reads of the partner programme on the community and platform endpoints."""

from collections.abc import Iterable
from typing import Annotated

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from commonweal.partners import selectors
from commonweal.partners.error_codes import PartnerErrorCode
from commonweal.partners.graphql.types import (
    FulfilmentType,
    MyPartnerOrganisationType,
    OrganisationKindEnum,
    PartnerCallType,
    PartnershipStatusEnum,
    PartnerType,
    ServiceTierEnum,
)
from commonweal.partners.models import Fulfilment, PartnerCall, Partnership
from commonweal.partners.registry.models import PartnerOrganisation
from commonweal.partners.registry.selectors import organisations_represented_by
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.errors import NotFound
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.permissions import HasRole, IsSignedIn
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role


def _roles(info: Info):
    return roles_in_current_community(info.context.request)


@strawberry.type
class CommunityPartnerQuery:
    @strawberry_django.connection(
        DjangoListConnection[PartnerType], description="合伙人 directory: active partners."
    )
    def partners(
        self,
        kind: Annotated[
            OrganisationKindEnum | None, strawberry.argument(description="Only this kind.")
        ] = strawberry.UNSET,
        tier: Annotated[
            ServiceTierEnum | None, strawberry.argument(description="Only this service tier.")
        ] = strawberry.UNSET,
    ) -> Iterable[Partnership]:
        return selectors.directory(kind=kind or None, tier=tier or None)

    @strawberry_django.field(
        description="One partner: active ones for everyone, any partnership for office roles."
    )
    def partner(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its id.")]
    ) -> PartnerType | None:
        try:
            pk = pk_of(id, PartnerType, PartnerErrorCode.NOT_FOUND)
        except NotFound:
            return None
        roles = _roles(info)
        queryset = (
            selectors.partnerships_for(roles) if roles & OFFICE_ROLES else selectors.directory()
        )
        # One object escapes the optimizer, which annotates lists only: annotate it here.
        return selectors.with_ratings(queryset).filter(pk=pk).first()

    @strawberry_django.connection(
        DjangoListConnection[PartnerType],
        description="Every partnership, applications included (office roles).",
        extensions=[HasRole(*OFFICE_ROLES)],
    )
    def partnerships(
        self,
        info: Info,
        status: Annotated[
            PartnershipStatusEnum | None, strawberry.argument(description="Only this status.")
        ] = strawberry.UNSET,
    ) -> Iterable[Partnership]:
        return selectors.partnerships_for(_roles(info), status=status or None)

    @strawberry_django.connection(
        DjangoListConnection[PartnerCallType],
        description="招募 calls: published ones, and drafts for office roles.",
    )
    def partner_calls(self, info: Info) -> Iterable[PartnerCall]:
        return selectors.calls_for(_roles(info))

    @strawberry_django.connection(
        DjangoListConnection[FulfilmentType],
        description="Services you received from partners, to rate them.",
        extensions=[HasRole(*Role)],
    )
    def my_received_services(self, info: Info) -> Iterable[Fulfilment]:
        return selectors.services_received_by(info.context.request.user)


@strawberry.type
class PlatformPartnerQuery:
    @strawberry_django.field(
        description="Organisations you represent, with their partnerships in every community.",
        extensions=[IsSignedIn()],
    )
    def my_partner_organisations(self, info: Info) -> list[MyPartnerOrganisationType]:
        return organisations_represented_by(info.context.request.user).order_by("legal_name", "pk")

    @strawberry_django.field(
        description="Is this credit code already registered on the platform?",
    )
    def partner_organisation_registered(
        self,
        credit_code: Annotated[
            str, strawberry.argument(description="统一社会信用代码, with or without spaces.")
        ],
    ) -> bool:
        from commonweal.partners.registry.credit_code import normalise

        code = normalise(credit_code)
        return bool(code) and PartnerOrganisation.objects.filter(credit_code=code).exists()
