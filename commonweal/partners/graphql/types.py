"""GraphQL types of the partner programme."""

from datetime import date, datetime
from decimal import Decimal

import strawberry
import strawberry_django
from django.db.models import Avg, Count, OuterRef, Subquery
from django.utils import timezone
from strawberry import relay

from commonweal.partners.models import (
    CommitmentTier,
    Evaluation,
    Fulfilment,
    Obligation,
    PartnerCall,
    Partnership,
    PartnershipStatus,
    PartnershipTransition,
    Recognition,
    ResourceCommitment,
    ResourceKind,
    ServiceRating,
)
from commonweal.partners.registry.models import (
    OrganisationKind,
    PartnerOrganisation,
    PartnerRepresentative,
    PartnershipListing,
)
from commonweal.platform.kernel.graphql.permissions import HasRole
from commonweal.platform.kernel.roles import OFFICE_ROLES
from commonweal.privacy.masking import resident_text
from commonweal.welfaremap.graphql.types import ServicePointType, ServiceTierEnum

OrganisationKindEnum = strawberry.enum(
    OrganisationKind, name="OrganisationKind", description="What sort of partner this is."
)
PartnershipStatusEnum = strawberry.enum(
    PartnershipStatus, name="PartnershipStatus", description="Where a partnership stands."
)
ResourceKindEnum = strawberry.enum(ResourceKind, name="ResourceKind", description="资源 kinds.")
CommitmentTierEnum = strawberry.enum(
    CommitmentTier, name="CommitmentTier", description="Free (公益) or low-fee (低偿)."
)


def _ratings_of_partnership():
    return ServiceRating.objects.filter(partnership=OuterRef("pk")).order_by().values("partnership")


@strawberry_django.type(
    PartnerOrganisation,
    name="PartnerOrganisation",
    description="A partner's identity on the platform, shared by every community it serves.",
)
class PartnerOrganisationType(relay.Node):
    kind: OrganisationKindEnum = strawberry_django.field(description="Kind of partner.")
    legal_name: str = strawberry_django.field(description="Registered name.")
    credit_code: str = strawberry_django.field(
        description="统一社会信用代码 (organisations only; empty for individuals)."
    )
    logo_url: str = strawberry_django.field(description="Logo address.")
    description: str = strawberry_django.field(description="Who they are.")
    website: str = strawberry_django.field(description="Website.")

    @strawberry_django.field(
        only=["contact_phone", "phone_public"],
        description="Contact phone: in full where the partner publishes it, masked otherwise.",
    )
    def contact_phone(self) -> str:
        return self.public_phone

    @strawberry_django.field(only=["contact_email"], description="Contact e-mail, masked.")
    def contact_email(self) -> str:
        return self.masked_email


@strawberry_django.type(
    PartnerRepresentative,
    name="PartnerRepresentative",
    description="A person who acts for a partner organisation in every community.",
)
class PartnerRepresentativeType(relay.Node):
    added_at: datetime = strawberry_django.field(description="When they were added.")

    @strawberry_django.field(
        only=["user__display_name"], select_related=["user"], description="Name shown to others."
    )
    def display_name(self) -> str:
        return self.user.display_name


@strawberry_django.type(
    PartnerOrganisation,
    name="MyPartnerOrganisation",
    description="An organisation you represent, with its contacts and every community it serves.",
)
class MyPartnerOrganisationType(PartnerOrganisationType):
    contact_name: str = strawberry_django.field(description="Contact person.")
    phone_public: bool = strawberry_django.field(
        description="Whether the public sees the phone number in full."
    )

    @strawberry_django.field(only=["contact_phone"], description="Contact phone in full.")
    def contact_phone(self) -> str:
        return self.contact_phone

    @strawberry_django.field(only=["contact_email"], description="Contact e-mail in full.")
    def contact_email(self) -> str:
        return self.contact_email

    partnerships: list["PartnerListingType"] = strawberry_django.field(
        field_name="listings", description="Where it stands in each community."
    )
    representatives: list[PartnerRepresentativeType] = strawberry_django.field(
        description="Who acts for it."
    )


@strawberry_django.type(
    PartnershipListing,
    name="PartnerListing",
    description="An organisation's partnership with one community, as the platform sees it.",
)
class PartnerListingType:
    status: PartnershipStatusEnum = strawberry_django.field(description="Status there.")
    tier: ServiceTierEnum = strawberry_django.field(description="Service tier there.")
    updated_at: datetime = strawberry_django.field(description="Last change.")

    @strawberry_django.field(
        only=["community__slug"],
        select_related=["community"],
        description="The community's address.",
    )
    def community_slug(self) -> str:
        return self.community.slug

    @strawberry_django.field(
        only=["community__name"],
        select_related=["community"],
        description="The community's name.",
    )
    def community_name(self) -> str:
        return self.community.name


@strawberry_django.type(
    ResourceCommitment, name="ResourceCommitment", description="资源清单: what a partner commits."
)
class ResourceCommitmentType(relay.Node):
    kind: ResourceKindEnum = strawberry_django.field(description="Kind of resource.")
    title: str = strawberry_django.field(description="What it is.")
    quantity: Decimal = strawberry_django.field(description="How much.")
    unit: str = strawberry_django.field(description="Unit of the quantity.")
    schedule: str = strawberry_django.field(description="When it is available.")
    tier: CommitmentTierEnum = strawberry_django.field(description="Free or low-fee.")
    due_on: date | None = strawberry_django.field(description="Due date, if any.")
    delivered_quantity: Decimal = strawberry_django.field(description="Delivered so far.")


@strawberry_django.type(
    Obligation, name="Obligation", description="公益义务: what a partner owes in return."
)
class ObligationType(relay.Node):
    description: str = strawberry_django.field(description="The obligation.")
    free_services_per_month: int | None = strawberry_django.field(
        description="Free services owed each month."
    )
    senior_discount_percent: int | None = strawberry_django.field(
        description="Discount for seniors, per cent."
    )


@strawberry_django.type(ServiceRating, name="ServiceRating", description="A resident's rating.")
class ServiceRatingType(relay.Node):
    score: int = strawberry_django.field(description="1 to 5.")
    comment: str = resident_text("What the resident said.")
    created_at: datetime = strawberry_django.field(description="When.")


@strawberry_django.type(Fulfilment, name="Fulfilment", description="A delivery of a service.")
class FulfilmentType(relay.Node):
    quantity: Decimal = strawberry_django.field(description="How much was delivered.")
    delivered_on: date = strawberry_django.field(description="When.")
    beneficiary: str = strawberry_django.field(description="For whom.")
    evidence: str = strawberry_django.field(description="Evidence (photo link, sign-off…).")
    commitment: ResourceCommitmentType | None = strawberry_django.field(
        description="The commitment delivered against."
    )
    obligation: ObligationType | None = strawberry_django.field(
        description="The obligation delivered against."
    )
    rating: ServiceRatingType | None = strawberry_django.field(
        description="The recipient's rating, once given."
    )

    @strawberry_django.field(
        only=["partnership__organisation__legal_name"],
        select_related=["partnership__organisation"],
        description="Who delivered it.",
    )
    def partner_name(self) -> str:
        return self.partnership.organisation.legal_name


@strawberry_django.type(Evaluation, name="Evaluation", description="A periodic evaluation.")
class EvaluationType(relay.Node):
    period_start: date = strawberry_django.field(description="From.")
    period_end: date = strawberry_django.field(description="To.")
    commitments_due: int = strawberry_django.field(description="Commitments due in the period.")
    commitments_kept: int = strawberry_django.field(description="Of which kept.")
    services_delivered: int = strawberry_django.field(description="Services delivered.")
    average_rating: Decimal | None = strawberry_django.field(description="Average rating.")
    staff_score: int = strawberry_django.field(description="Staff score, 0–100.")
    comment: str = strawberry_django.field(description="Staff comment.")


@strawberry_django.type(Recognition, name="Recognition", description="An honour, e.g. 最美商家.")
class RecognitionType(relay.Node):
    title: str = strawberry_django.field(description="The honour.")
    citation: str = strawberry_django.field(description="Why.")
    awarded_on: date = strawberry_django.field(description="When.")


@strawberry_django.type(
    PartnershipTransition, name="PartnershipTransition", description="One status change."
)
class PartnershipTransitionType:
    from_status: str = strawberry_django.field(description="Status before (empty at first).")
    to_status: PartnershipStatusEnum = strawberry_django.field(description="Status after.")
    reason: str = strawberry_django.field(description="Why.")
    at: datetime = strawberry_django.field(description="When.")

    @strawberry_django.field(
        only=["actor__display_name"], select_related=["actor"], description="Who."
    )
    def actor_name(self) -> str | None:
        return self.actor.display_name if self.actor_id else None


def _office():
    return [HasRole(*OFFICE_ROLES)]


@strawberry_django.type(
    Partnership, name="Partner", description="合伙人: a partner of this community."
)
class PartnerType(relay.Node):
    organisation: PartnerOrganisationType = strawberry_django.field(description="Who they are.")
    status: PartnershipStatusEnum = strawberry_django.field(description="Where it stands.")
    tier: ServiceTierEnum = strawberry_django.field(description="公益 / 低偿 / 市场.")
    offers: list[str] = strawberry_django.field(description="What they offer.")
    activated_at: datetime | None = strawberry_django.field(description="Partner since.")
    commitments: list[ResourceCommitmentType] = strawberry_django.field(
        description="资源清单 entries."
    )
    obligations: list[ObligationType] = strawberry_django.field(description="公益义务.")
    service_points: list[ServicePointType] = strawberry_django.field(
        description="Where they serve: points of the welfare map (公益地图)."
    )
    recognitions: list[RecognitionType] = strawberry_django.field(description="Honours.")
    ratings: list[ServiceRatingType] = strawberry_django.field(description="Residents' ratings.")
    average_rating: float | None = strawberry_django.field(
        annotate=Subquery(_ratings_of_partnership().annotate(a=Avg("score")).values("a")[:1]),
        description="Average of residents' ratings.",
    )
    rating_count: int | None = strawberry_django.field(
        annotate=Subquery(_ratings_of_partnership().annotate(c=Count("pk")).values("c")[:1]),
        description="Number of ratings.",
    )
    statement: str | None = strawberry_django.field(
        description="Application statement (office roles).", extensions=_office()
    )
    status_reason: str | None = strawberry_django.field(
        description="Reason of the last decision (office roles).", extensions=_office()
    )
    applied_at: datetime | None = strawberry_django.field(
        description="When they applied (office roles).", extensions=_office()
    )
    transitions: list[PartnershipTransitionType] = strawberry_django.field(
        description="Every status change (office roles).", extensions=_office()
    )
    evaluations: list[EvaluationType] = strawberry_django.field(
        description="Evaluations (office roles).", extensions=_office()
    )
    fulfilments: list[FulfilmentType] = strawberry_django.field(
        description="Deliveries (office roles).", extensions=_office()
    )

    @strawberry_django.field(
        prefetch_related=["organisation__representatives__user"],
        description="Who acts for the organisation (office roles).",
        extensions=_office(),
    )
    def representatives(self) -> list[PartnerRepresentativeType]:
        return self.organisation.representatives.all()


@strawberry_django.type(PartnerCall, name="PartnerCall", description="招募: a call for partners.")
class PartnerCallType(relay.Node):
    title: str = strawberry_django.field(description="Title.")
    needs: str = strawberry_django.field(description="What the community needs.")
    kinds_allowed: list[OrganisationKindEnum] = strawberry_django.field(
        description="Kinds that may apply."
    )
    deadline: date = strawberry_django.field(description="Applications close after this day.")
    published_at: datetime | None = strawberry_django.field(description="When published.")
    closed_at: datetime | None = strawberry_django.field(
        description="When the office closed it before the deadline, if it did."
    )

    @strawberry_django.field(
        only=["published_at", "closed_at", "deadline"],
        description="Published, not closed and the deadline not passed.",
    )
    def takes_applications(self) -> bool:
        return self.takes_applications_on(timezone.localdate())
