"""Communities over GraphQL: the directory and onboarding (platform), the profile (community)."""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from commonweal.platform.accounts.roles import Role
from commonweal.platform.graphql.errors import error_type, refusals_in_payload
from commonweal.platform.graphql.ids import pk_of
from commonweal.platform.graphql.permissions import (
    HasRole,
    IsPlatformAdmin,
    IsSignedIn,
    for_mutation,
)
from commonweal.tenants import selectors, services
from commonweal.tenants.error_codes import CommunityErrorCode
from commonweal.tenants.models import ApplicationStatus, Community, CommunityApplication

CommunityError = error_type(CommunityErrorCode, "CommunityError")
ApplicationStatusEnum = strawberry.enum(ApplicationStatus, name="ApplicationStatus")


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
    name: str
    city: str
    district: str
    subdistrict: str
    area_km2: Decimal
    population: int
    households: int
    centre_lat: float
    centre_lng: float
    applicant_name: str
    applicant_email: str = ""
    applicant_phone: str = ""
    statement: str = ""
    password: str = strawberry.field(
        default="", description="Password for the applicant's new account (when not signed in)."
    )


@strawberry.type
class CommunityApplicationPayload:
    application: CommunityApplicationType | None = None
    errors: list[CommunityError] = strawberry.field(default_factory=list)


@strawberry.type
class CommunityPayload:
    community: CommunityType | None = None
    errors: list[CommunityError] = strawberry.field(default_factory=list)


def _user(info: Info):
    return info.context.request.user


@strawberry.type
class PlatformCommunityQuery:
    @strawberry_django.connection(
        DjangoListConnection[CommunityType], description="Directory of active communities."
    )
    def communities(
        self, city: str | None = None, district: str | None = None
    ) -> Iterable[Community]:
        return selectors.directory(city=city, district=district)

    @strawberry_django.field(description="One active community by its address.")
    def community(self, slug: str) -> CommunityType | None:
        return selectors.directory().filter(slug=slug).first()

    @strawberry_django.connection(
        DjangoListConnection[CommunityApplicationType],
        description="Applications to review (platform admins).",
        extensions=[IsPlatformAdmin()],
    )
    def community_applications(
        self, status: ApplicationStatusEnum | None = None
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
    @strawberry.mutation(description="Apply for a community to join the platform.")
    @refusals_in_payload(CommunityApplicationPayload, CommunityError)
    def apply_for_community(
        self, info: Info, input: CommunityApplicationInput
    ) -> CommunityApplicationPayload:
        data = strawberry.asdict(input)
        password = data.pop("password")
        application = services.application_submit(
            applicant=_user(info), data=data, password=password
        )
        return CommunityApplicationPayload(application=application)

    @strawberry.mutation(
        description="Approve an application: provisions the community and its first admin.",
        extensions=[for_mutation(IsPlatformAdmin())],
    )
    @refusals_in_payload(CommunityApplicationPayload, CommunityError)
    def approve_community_application(
        self, info: Info, id: relay.GlobalID
    ) -> CommunityApplicationPayload:
        application = services.access_application(
            pk_of(id, CommunityApplicationType, CommunityErrorCode)
        )
        services.application_approve(actor=_user(info), application=application)
        application.refresh_from_db()
        return CommunityApplicationPayload(application=application)

    @strawberry.mutation(
        description="Reject an application with a reason.",
        extensions=[for_mutation(IsPlatformAdmin())],
    )
    @refusals_in_payload(CommunityApplicationPayload, CommunityError)
    def reject_community_application(
        self, info: Info, id: relay.GlobalID, reason: str
    ) -> CommunityApplicationPayload:
        application = services.access_application(
            pk_of(id, CommunityApplicationType, CommunityErrorCode)
        )
        return CommunityApplicationPayload(
            application=services.application_reject(
                actor=_user(info), application=application, reason=reason
            )
        )

    @strawberry.mutation(
        description="Suspend a community: its host answers 403 until reactivated.",
        extensions=[for_mutation(IsPlatformAdmin())],
    )
    @refusals_in_payload(CommunityPayload, CommunityError)
    def suspend_community(self, info: Info, slug: str, reason: str) -> CommunityPayload:
        community = selectors.by_slug(slug)
        return CommunityPayload(
            community=services.community_suspend(
                actor=_user(info), community=community, reason=reason
            )
        )

    @strawberry.mutation(
        description="Reactivate a suspended community.",
        extensions=[for_mutation(IsPlatformAdmin())],
    )
    @refusals_in_payload(CommunityPayload, CommunityError)
    def reactivate_community(self, info: Info, slug: str) -> CommunityPayload:
        community = selectors.by_slug(slug)
        return CommunityPayload(
            community=services.community_reactivate(actor=_user(info), community=community)
        )


@strawberry.type
class CommunityProfileQuery:
    @strawberry_django.field(description="This community's profile.")
    def community(self, info: Info) -> CommunityType:
        return info.context.request.tenant


@strawberry.type
class CommunityProfileMutation:
    @strawberry.mutation(
        description="Edit this community's introduction.",
        extensions=[for_mutation(HasRole(Role.ADMIN))],
    )
    @refusals_in_payload(CommunityPayload, CommunityError)
    def update_community_profile(self, info: Info, introduction: str) -> CommunityPayload:
        request = info.context.request
        return CommunityPayload(
            community=services.community_update_profile(
                actor=request.user, community=request.tenant, introduction=introduction
            )
        )
