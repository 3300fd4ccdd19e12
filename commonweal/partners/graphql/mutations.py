"""Writes of the partner programme: thin wrappers around `commonweal.partners.services`."""

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.partners import services
from commonweal.partners.error_codes import PartnerErrorCode
from commonweal.partners.graphql.types import (
    CommitmentTierEnum,
    EvaluationType,
    FulfilmentType,
    MyPartnerOrganisationType,
    ObligationType,
    OrganisationKindEnum,
    PartnerCallType,
    PartnerOrganisationType,
    PartnerRepresentativeType,
    PartnerType,
    RecognitionType,
    ResourceCommitmentType,
    ResourceKindEnum,
    ServiceRatingType,
    ServiceTierEnum,
)
from commonweal.partners.registry import services as registry
from commonweal.platform.accounts.roles import OFFICE_ROLES, Role
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.graphql.errors import error_type, refusals_in_payload
from commonweal.platform.graphql.ids import pk_of
from commonweal.platform.graphql.permissions import HasRole, IsSignedIn, for_mutation
from commonweal.welfaremap.graphql.types import ServicePointType

PartnerError = error_type(PartnerErrorCode, "PartnerError")
NOT_FOUND = PartnerErrorCode.NOT_FOUND


def _office():
    return [for_mutation(HasRole(*OFFICE_ROLES))]


def _context(info: Info):
    request = info.context.request
    return request.tenant, request.user


def _partnership(id: relay.GlobalID):
    return services.access_partnership(pk_of(id, PartnerType, NOT_FOUND))


@strawberry.type
class PartnerPayload:
    partner: PartnerType | None = None
    errors: list[PartnerError] = strawberry.field(default_factory=list)


@strawberry.type
class PartnerCallPayload:
    call: PartnerCallType | None = None
    errors: list[PartnerError] = strawberry.field(default_factory=list)


@strawberry.type
class ResourceCommitmentPayload:
    commitment: ResourceCommitmentType | None = None
    errors: list[PartnerError] = strawberry.field(default_factory=list)


@strawberry.type
class ObligationPayload:
    obligation: ObligationType | None = None
    errors: list[PartnerError] = strawberry.field(default_factory=list)


@strawberry.type
class FulfilmentPayload:
    fulfilment: FulfilmentType | None = None
    errors: list[PartnerError] = strawberry.field(default_factory=list)


@strawberry.type
class ServiceRatingPayload:
    rating: ServiceRatingType | None = None
    errors: list[PartnerError] = strawberry.field(default_factory=list)


@strawberry.type
class EvaluationPayload:
    evaluation: EvaluationType | None = None
    errors: list[PartnerError] = strawberry.field(default_factory=list)


@strawberry.type
class RecognitionPayload:
    recognition: RecognitionType | None = None
    errors: list[PartnerError] = strawberry.field(default_factory=list)


@strawberry.type
class PartnerRepresentativePayload:
    representative: PartnerRepresentativeType | None = strawberry.field(
        default=None, description="The representative added; null after a removal."
    )
    errors: list[PartnerError] = strawberry.field(default_factory=list)


@strawberry.type
class PartnerOrganisationPayload:
    organisation: MyPartnerOrganisationType | None = None
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


@strawberry.input(description="A partnership application.")
class PartnershipApplicationInput:
    organisation_id: relay.GlobalID = strawberry.field(
        description="The organisation you represent."
    )
    call_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The call answered, if any."
    )
    tier: ServiceTierEnum = strawberry.field(description="Tier of the services offered.")
    statement: str = strawberry.field(default="", description="Why and what you offer.")
    offers: list[str] = strawberry.field(default_factory=list, description="Services offered.")


@strawberry.input(description="A 资源清单 entry.")
class ResourceCommitmentInput:
    kind: ResourceKindEnum = strawberry.field(description="Kind of resource.")
    title: str = strawberry.field(description="What it is.")
    quantity: Decimal = strawberry.field(description="How much.")
    unit: str = strawberry.field(description="Unit, e.g. 次, 小时, 平方米, 元.")
    schedule: str = strawberry.field(default="", description="When, e.g. 每月第一个周六.")
    tier: CommitmentTierEnum = strawberry.field(description="Free or low-fee.")
    due_on: date | None = strawberry.field(default=None, description="Due date.")


@strawberry.input(description="A delivery against a commitment or an obligation.")
class FulfilmentInput:
    partner_id: relay.GlobalID = strawberry.field(description="The partner.")
    commitment_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Commitment delivered against."
    )
    obligation_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Obligation delivered against."
    )
    quantity: Decimal = strawberry.field(default=Decimal(1), description="How much.")
    delivered_on: date = strawberry.field(description="When.")
    recipient_member_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The member served (they may rate it)."
    )
    beneficiary: str = strawberry.field(default="", description="For whom, in words.")
    evidence: str = strawberry.field(default="", description="Evidence.")


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


def _organisation_pk(id: relay.GlobalID):
    """Both views of an organisation name the same row."""
    mine = MyPartnerOrganisationType.__strawberry_definition__.name
    return pk_of(
        id,
        MyPartnerOrganisationType if id.type_name == mine else PartnerOrganisationType,
        NOT_FOUND,
    )


def _call_step(info, id, service) -> PartnerCallPayload:
    community, user = _context(info)
    call = services.access_call(pk_of(id, PartnerCallType, NOT_FOUND))
    return PartnerCallPayload(call=service(community=community, actor=user, call=call))


def _move(info, id, service, **kwargs) -> PartnerPayload:
    community, user = _context(info)
    partnership = service(community=community, actor=user, partnership=_partnership(id), **kwargs)
    return PartnerPayload(partner=partnership)


@strawberry.type
class CommunityPartnerMutation:
    @strawberry.mutation(description="Create a call for partners.", extensions=_office())
    @refusals_in_payload(PartnerCallPayload, PartnerError)
    def create_partner_call(self, info: Info, input: PartnerCallInput) -> PartnerCallPayload:
        community, user = _context(info)
        call = services.call_create(
            community=community,
            actor=user,
            title=input.title,
            needs=input.needs,
            kinds_allowed=input.kinds_allowed,
            deadline=input.deadline,
            publish=input.publish,
        )
        return PartnerCallPayload(call=call)

    @strawberry.mutation(description="Publish a call.", extensions=_office())
    @refusals_in_payload(PartnerCallPayload, PartnerError)
    def publish_partner_call(self, info: Info, id: relay.GlobalID) -> PartnerCallPayload:
        return _call_step(info, id, services.call_publish)

    @strawberry.mutation(
        description="Take a published call back to draft: hidden from the public and search.",
        extensions=_office(),
    )
    @refusals_in_payload(PartnerCallPayload, PartnerError)
    def unpublish_partner_call(self, info: Info, id: relay.GlobalID) -> PartnerCallPayload:
        return _call_step(info, id, services.call_unpublish)

    @strawberry.mutation(
        description="Stop taking applications before the deadline; the call stays visible.",
        extensions=_office(),
    )
    @refusals_in_payload(PartnerCallPayload, PartnerError)
    def close_partner_call(self, info: Info, id: relay.GlobalID) -> PartnerCallPayload:
        return _call_step(info, id, services.call_close)

    @strawberry.mutation(
        description="Apply for a partnership as the representative of an organisation.",
        extensions=[for_mutation(IsSignedIn())],
    )
    @refusals_in_payload(PartnerPayload, PartnerError)
    def apply_for_partnership(
        self, info: Info, input: PartnershipApplicationInput
    ) -> PartnerPayload:
        community, user = _context(info)
        call_id = pk_of(input.call_id, PartnerCallType, NOT_FOUND) if input.call_id else None
        partnership = services.partnership_apply(
            community=community,
            actor=user,
            organisation_id=_organisation_pk(input.organisation_id),
            call_id=call_id,
            tier=input.tier,
            statement=input.statement,
            offers=input.offers,
        )
        return PartnerPayload(partner=partnership)

    @strawberry.mutation(description="Start reviewing an application.", extensions=_office())
    @refusals_in_payload(PartnerPayload, PartnerError)
    def start_partnership_review(self, info: Info, id: relay.GlobalID) -> PartnerPayload:
        return _move(info, id, services.partnership_start_review)

    @strawberry.mutation(description="Approve an application.", extensions=_office())
    @refusals_in_payload(PartnerPayload, PartnerError)
    def approve_partnership(self, info: Info, id: relay.GlobalID, note: str = "") -> PartnerPayload:
        return _move(info, id, services.partnership_approve, note=note)

    @strawberry.mutation(description="Reject an application with a reason.", extensions=_office())
    @refusals_in_payload(PartnerPayload, PartnerError)
    def reject_partnership(self, info: Info, id: relay.GlobalID, reason: str) -> PartnerPayload:
        return _move(info, id, services.partnership_reject, reason=reason)

    @strawberry.mutation(
        description="Activate an approved or suspended partnership.", extensions=_office()
    )
    @refusals_in_payload(PartnerPayload, PartnerError)
    def activate_partnership(
        self, info: Info, id: relay.GlobalID, note: str = ""
    ) -> PartnerPayload:
        return _move(info, id, services.partnership_activate, note=note)

    @strawberry.mutation(description="Suspend a partnership with a reason.", extensions=_office())
    @refusals_in_payload(PartnerPayload, PartnerError)
    def suspend_partnership(self, info: Info, id: relay.GlobalID, reason: str) -> PartnerPayload:
        return _move(info, id, services.partnership_suspend, reason=reason)

    @strawberry.mutation(description="End a partnership.", extensions=_office())
    @refusals_in_payload(PartnerPayload, PartnerError)
    def exit_partnership(self, info: Info, id: relay.GlobalID, reason: str = "") -> PartnerPayload:
        return _move(info, id, services.partnership_exit, reason=reason)

    @strawberry.mutation(description="Add a 资源清单 entry to a partnership.", extensions=_office())
    @refusals_in_payload(ResourceCommitmentPayload, PartnerError)
    def add_resource_commitment(
        self, info: Info, partner_id: relay.GlobalID, input: ResourceCommitmentInput
    ) -> ResourceCommitmentPayload:
        _community, user = _context(info)
        commitment = services.commitment_add(
            actor=user,
            partnership=_partnership(partner_id),
            kind=input.kind,
            title=input.title,
            quantity=input.quantity,
            unit=input.unit,
            schedule=input.schedule,
            tier=input.tier,
            due_on=input.due_on,
        )
        return ResourceCommitmentPayload(commitment=commitment)

    @strawberry.mutation(description="Add a 公益义务 to a partnership.", extensions=_office())
    @refusals_in_payload(ObligationPayload, PartnerError)
    def add_obligation(
        self,
        info: Info,
        partner_id: relay.GlobalID,
        description: str,
        free_services_per_month: int | None = None,
        senior_discount_percent: int | None = None,
    ) -> ObligationPayload:
        _community, user = _context(info)
        obligation = services.obligation_add(
            actor=user,
            partnership=_partnership(partner_id),
            description=description,
            free_services_per_month=free_services_per_month,
            senior_discount_percent=senior_discount_percent,
        )
        return ObligationPayload(obligation=obligation)

    @strawberry.mutation(
        description="Record a delivery (office roles, or the partner's own representative).",
        extensions=[for_mutation(HasRole(*OFFICE_ROLES, Role.PARTNER_REPRESENTATIVE))],
    )
    @refusals_in_payload(FulfilmentPayload, PartnerError)
    def record_fulfilment(self, info: Info, input: FulfilmentInput) -> FulfilmentPayload:
        from commonweal.platform.accounts.graphql import MemberType

        _community, user = _context(info)
        partnership = _partnership(input.partner_id)
        if not services.may_act_for(
            user, partnership, roles_in_current_community(info.context.request)
        ):
            raise services.not_found()
        recipient = None
        if input.recipient_member_id is not None:
            recipient = services.member_user(
                info.context.request.tenant, pk_of(input.recipient_member_id, MemberType, NOT_FOUND)
            )
        fulfilment = services.fulfilment_record(
            actor=user,
            partnership=partnership,
            commitment_id=(
                pk_of(input.commitment_id, ResourceCommitmentType, NOT_FOUND)
                if input.commitment_id
                else None
            ),
            obligation_id=(
                pk_of(input.obligation_id, ObligationType, NOT_FOUND)
                if input.obligation_id
                else None
            ),
            quantity=input.quantity,
            delivered_on=input.delivered_on,
            recipient=recipient,
            beneficiary=input.beneficiary,
            evidence=input.evidence,
        )
        return FulfilmentPayload(fulfilment=fulfilment)

    @strawberry.mutation(
        description="Rate a service you received (1–5), once.",
        extensions=[for_mutation(HasRole(*Role))],
    )
    @refusals_in_payload(ServiceRatingPayload, PartnerError)
    def rate_service(
        self, info: Info, fulfilment_id: relay.GlobalID, score: int, comment: str = ""
    ) -> ServiceRatingPayload:
        _community, user = _context(info)
        rating = services.rating_give(
            actor=user,
            fulfilment_id=pk_of(fulfilment_id, FulfilmentType, NOT_FOUND),
            score=score,
            comment=comment,
        )
        return ServiceRatingPayload(rating=rating)

    @strawberry.mutation(description="Evaluate a partner for a period.", extensions=_office())
    @refusals_in_payload(EvaluationPayload, PartnerError)
    def evaluate_partner(
        self,
        info: Info,
        partner_id: relay.GlobalID,
        period_start: date,
        period_end: date,
        staff_score: int,
        comment: str = "",
    ) -> EvaluationPayload:
        community, user = _context(info)
        evaluation = services.evaluation_make(
            community=community,
            actor=user,
            partnership=_partnership(partner_id),
            period_start=period_start,
            period_end=period_end,
            staff_score=staff_score,
            comment=comment,
        )
        return EvaluationPayload(evaluation=evaluation)

    @strawberry.mutation(description="Recognise a partner, e.g. 最美商家.", extensions=_office())
    @refusals_in_payload(RecognitionPayload, PartnerError)
    def recognise_partner(
        self,
        info: Info,
        partner_id: relay.GlobalID,
        title: str,
        awarded_on: date,
        citation: str = "",
    ) -> RecognitionPayload:
        community, user = _context(info)
        recognition = services.recognition_award(
            community=community,
            actor=user,
            partnership=_partnership(partner_id),
            title=title,
            citation=citation,
            awarded_on=awarded_on,
        )
        return RecognitionPayload(recognition=recognition)

    @strawberry.mutation(
        description="Set the service points where a partner serves.", extensions=_office()
    )
    @refusals_in_payload(PartnerPayload, PartnerError)
    def set_partner_service_points(
        self, info: Info, partner_id: relay.GlobalID, service_point_ids: list[relay.GlobalID]
    ) -> PartnerPayload:
        community, user = _context(info)
        partnership = services.service_points_set(
            community=community,
            actor=user,
            partnership=_partnership(partner_id),
            service_point_ids=[pk_of(i, ServicePointType, NOT_FOUND) for i in service_point_ids],
        )
        return PartnerPayload(partner=partnership)

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
        login: str = strawberry.argument(description="Their e-mail or mobile number."),
    ) -> PartnerRepresentativePayload:
        _community, user = _context(info)
        representative = registry.representative_add(
            actor=user, organisation=_partnership(partner_id).organisation, login=login
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
        _community, user = _context(info)
        representative = services.access_partner_representative(
            pk_of(id, PartnerRepresentativeType, NOT_FOUND)
        )
        registry.representative_remove(actor=user, representative=representative)
        return PartnerRepresentativePayload()


@strawberry.type
class PlatformPartnerMutation:
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
        description="Make an existing account (by e-mail or mobile number) a representative "
        "of an organisation you represent.",
        extensions=[for_mutation(IsSignedIn())],
    )
    @refusals_in_payload(PartnerRepresentativePayload, PartnerError)
    def add_organisation_representative(
        self,
        info: Info,
        organisation_id: relay.GlobalID,
        login: str = strawberry.argument(description="Their e-mail or mobile number."),
    ) -> PartnerRepresentativePayload:
        user = info.context.request.user
        organisation = registry.access_represented_organisation(
            user=user, organisation_id=_organisation_pk(organisation_id)
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
