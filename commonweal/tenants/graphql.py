"""Communities over GraphQL: the directory and onboarding (platform), the profile (community)."""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from commonweal.platform.kernel.graphql.errors import error_type
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import (
    ADMINS,
    ANYONE,
    PLATFORM_ADMIN,
    arg,
    caller,
    mutation,
    payload,
)
from commonweal.platform.kernel.graphql.permissions import IsPlatformAdmin, IsSignedIn
from commonweal.tenants import selectors, services
from commonweal.tenants.error_codes import CommunityErrorCode
from commonweal.tenants.models import ApplicationStatus, Community, CommunityApplication

CommunityError = error_type(CommunityErrorCode, "CommunityError")
ApplicationStatusEnum = strawberry.enum(
    ApplicationStatus, name="ApplicationStatus", description="Where an application stands."
)


@strawberry_django.type(
    Community, name="Community", description="社区: a community on the platform."
)
class CommunityType(relay.Node):
    slug: str = strawberry_django.field(description="Address: <slug>.<base domain>.")
    name: str = strawberry_django.field(description="Name, e.g. 枫树社区.")
    city: str = strawberry_django.field(description="市")
    district: str = strawberry_django.field(description="区")
    subdistrict: str = strawberry_django.field(description="街道")
    area_km2: Decimal = strawberry_django.field(description="Area in km².")
    population: int = strawberry_django.field(description="Resident population.")
    households: int = strawberry_django.field(description="Households.")
    centre_lat: float = strawberry_django.field(description="Centre latitude (GCJ-02).")
    centre_lng: float = strawberry_django.field(description="Centre longitude (GCJ-02).")
    introduction: str = strawberry_django.field(description="The community's own introduction.")

    @strawberry_django.field(only=["slug"], description="Where the community's site lives.")
    def host(self, info: Info) -> str:
        from commonweal.tenants.validators import host_for

        return host_for(self.slug, info.context.request)


@strawberry_django.type(
    CommunityApplication, name="CommunityApplication", description="A request to join the platform."
)
class CommunityApplicationType(relay.Node):
    slug: str = strawberry_django.field(description="Requested address.")
    name: str = strawberry_django.field(description="Community name.")
    city: str = strawberry_django.field(description="市")
    district: str = strawberry_django.field(description="区")
    subdistrict: str = strawberry_django.field(description="街道")
    area_km2: Decimal = strawberry_django.field(description="Area in km².")
    population: int = strawberry_django.field(description="Resident population.")
    households: int = strawberry_django.field(description="Households.")
    centre_lat: float = strawberry_django.field(description="Centre latitude (GCJ-02).")
    centre_lng: float = strawberry_django.field(description="Centre longitude (GCJ-02).")
    applicant_name: str = strawberry_django.field(description="Who applied.")
    applicant_email: str = strawberry_django.field(description="Applicant's e-mail.")
    applicant_phone: str = strawberry_django.field(description="Applicant's mobile number.")
    statement: str = strawberry_django.field(description="Why the community wants to join.")
    status: ApplicationStatusEnum = strawberry_django.field(description="Where it stands.")
    rejection_reason: str = strawberry_django.field(description="Why it was rejected.")
    submitted_at: datetime = strawberry_django.field(description="When it was filed.")
    reviewed_at: datetime | None = strawberry_django.field(description="When it was decided.")
    community: CommunityType | None = strawberry_django.field(
        description="The community, once approved."
    )


@strawberry.input(description="A community's application to join.")
class CommunityApplicationInput:
    slug: str = strawberry.field(description="Address, e.g. fengshu → fengshu.<base domain>.")
    name: str = strawberry.field(description="Community name, e.g. 枫树社区.")
    city: str = strawberry.field(description="市")
    district: str = strawberry.field(description="区")
    subdistrict: str = strawberry.field(description="街道")
    area_km2: Decimal = strawberry.field(description="Area in km².")
    population: int = strawberry.field(description="Resident population.")
    households: int = strawberry.field(description="Households.")
    centre_lat: float = strawberry.field(description="Centre latitude (GCJ-02).")
    centre_lng: float = strawberry.field(description="Centre longitude (GCJ-02).")
    applicant_name: str = strawberry.field(description="Who applies.")
    applicant_email: str = strawberry.field(default="", description="Applicant's e-mail.")
    applicant_phone: str = strawberry.field(default="", description="Applicant's mobile number.")
    statement: str = strawberry.field(
        default="", description="Why the community wants to join; becomes its introduction."
    )
    password: str = strawberry.field(
        default="", description="Password for the applicant's new account (when not signed in)."
    )


CommunityApplicationPayload = payload(
    "CommunityApplicationPayload",
    CommunityError,
    application=(CommunityApplicationType, "The application as it now stands."),
)
CommunityPayload = payload(
    "CommunityPayload", CommunityError, community=(CommunityType, "The community as saved.")
)
_APPLICATION = arg("The application.")
_SLUG = arg("The community's address, e.g. fengshu.")


def _user(info: Info):
    return info.context.request.user


@strawberry.type
class PlatformCommunityQuery:
    @strawberry_django.connection(
        DjangoListConnection[CommunityType], description="Directory of active communities."
    )
    def communities(
        self,
        city: Annotated[str | None, arg("Only communities of this 市.")] = None,
        district: Annotated[str | None, arg("Only communities of this 区.")] = None,
    ) -> Iterable[Community]:
        return selectors.directory(city=city, district=district)

    @strawberry_django.field(description="One active community by its address.")
    def community(self, slug: Annotated[str, _SLUG]) -> CommunityType | None:
        return selectors.directory().filter(slug=slug).first()

    @strawberry_django.connection(
        DjangoListConnection[CommunityApplicationType],
        description="Applications to review (platform admins).",
        extensions=[IsPlatformAdmin()],
    )
    def community_applications(
        self,
        status: Annotated[
            ApplicationStatusEnum | None, arg("Only applications in this status.")
        ] = None,
    ) -> Iterable[CommunityApplication]:
        return selectors.applications(status=status)

    @strawberry_django.connection(
        DjangoListConnection[CommunityApplicationType],
        description="Applications you filed.",
        extensions=[IsSignedIn()],
    )
    def my_community_applications(self, info: Info) -> Iterable[CommunityApplication]:
        return selectors.applications().filter(applicant=_user(info))


@strawberry.type
class PlatformCommunityMutation:
    @mutation(
        CommunityApplicationPayload,
        allow=ANYONE,
        description="Apply for a community to join the platform.",
    )
    def apply_for_community(
        self, info: Info, input: Annotated[CommunityApplicationInput, arg("The application.")]
    ) -> CommunityApplicationPayload:
        data = strawberry.asdict(input)
        password = data.pop("password")
        application = services.application_submit(
            applicant=caller(info).user, data=data, password=password
        )
        return CommunityApplicationPayload(application=application)

    @mutation(
        CommunityApplicationPayload,
        allow=PLATFORM_ADMIN,
        description="Approve an application: provisions the community and its first admin.",
    )
    def approve_community_application(
        self, info: Info, id: Annotated[relay.GlobalID, _APPLICATION]
    ) -> CommunityApplicationPayload:
        application = _application(info, id)
        services.application_approve(actor=caller(info).user, application=application)
        application.refresh_from_db()
        return CommunityApplicationPayload(application=application)

    @mutation(
        CommunityApplicationPayload,
        allow=PLATFORM_ADMIN,
        description="Reject an application with a reason.",
    )
    def reject_community_application(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, _APPLICATION],
        reason: Annotated[str, arg("Why, as the applicant will read it.")],
    ) -> CommunityApplicationPayload:
        return CommunityApplicationPayload(
            application=services.application_reject(
                actor=caller(info).user, application=_application(info, id), reason=reason
            )
        )

    @mutation(
        CommunityPayload,
        allow=PLATFORM_ADMIN,
        description="Suspend a community: its host answers 403 until reactivated.",
    )
    def suspend_community(
        self,
        info: Info,
        slug: Annotated[str, _SLUG],
        reason: Annotated[str, arg("Why, as the community's admins will read it.")],
    ) -> CommunityPayload:
        who = caller(info)
        community = selectors.access_community(actor=who.user, slug=slug)
        return CommunityPayload(
            community=services.community_suspend(actor=who.user, community=community, reason=reason)
        )

    @mutation(
        CommunityPayload, allow=PLATFORM_ADMIN, description="Reactivate a suspended community."
    )
    def reactivate_community(self, info: Info, slug: Annotated[str, _SLUG]) -> CommunityPayload:
        who = caller(info)
        community = selectors.access_community(actor=who.user, slug=slug)
        return CommunityPayload(
            community=services.community_reactivate(actor=who.user, community=community)
        )


def _application(info: Info, id: relay.GlobalID) -> CommunityApplication:
    return selectors.access_application(
        actor=caller(info).user,
        application_id=pk_of(id, CommunityApplicationType, CommunityErrorCode),
    )


@strawberry.type
class CommunityProfileQuery:
    @strawberry_django.field(description="This community's profile.")
    def community(self, info: Info) -> CommunityType:
        return info.context.request.tenant


@strawberry.type
class CommunityProfileMutation:
    @mutation(CommunityPayload, allow=ADMINS, description="Edit this community's introduction.")
    def update_community_profile(
        self,
        info: Info,
        introduction: Annotated[str, arg("The introduction residents read (up to 5,000 chars).")],
    ) -> CommunityPayload:
        who = caller(info)
        return CommunityPayload(
            community=services.community_update_profile(
                actor=who.user, community=who.community, introduction=introduction
            )
        )
