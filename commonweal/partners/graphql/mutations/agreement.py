"""The agreement of a partnership: resource commitments and obligations (office roles), and
deliveries against them (office roles or the partner's own representative)."""

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.partners.error_codes import not_found
from commonweal.partners.graphql.mutations.shared import (
    NOT_FOUND,
    PartnerError,
    context,
    office,
    partnership_of,
)
from commonweal.partners.graphql.types import (
    CommitmentTierEnum,
    FulfilmentType,
    ObligationType,
    ResourceCommitmentType,
    ResourceKindEnum,
)
from commonweal.partners.services import agreement
from commonweal.platform.accounts.roles import OFFICE_ROLES, Role
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.graphql.errors import refusals_in_payload
from commonweal.platform.graphql.ids import pk_of
from commonweal.platform.graphql.permissions import HasRole, for_mutation


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


@strawberry.type
class AgreementMutation:
    @strawberry.mutation(description="Add a 资源清单 entry to a partnership.", extensions=office())
    @refusals_in_payload(ResourceCommitmentPayload, PartnerError)
    def add_resource_commitment(
        self, info: Info, partner_id: relay.GlobalID, input: ResourceCommitmentInput
    ) -> ResourceCommitmentPayload:
        _community, user = context(info)
        commitment = agreement.commitment_add(
            actor=user,
            partnership=partnership_of(partner_id),
            kind=input.kind,
            title=input.title,
            quantity=input.quantity,
            unit=input.unit,
            schedule=input.schedule,
            tier=input.tier,
            due_on=input.due_on,
        )
        return ResourceCommitmentPayload(commitment=commitment)

    @strawberry.mutation(description="Add a 公益义务 to a partnership.", extensions=office())
    @refusals_in_payload(ObligationPayload, PartnerError)
    def add_obligation(
        self,
        info: Info,
        partner_id: relay.GlobalID,
        description: str,
        free_services_per_month: int | None = None,
        senior_discount_percent: int | None = None,
    ) -> ObligationPayload:
        _community, user = context(info)
        obligation = agreement.obligation_add(
            actor=user,
            partnership=partnership_of(partner_id),
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

        _community, user = context(info)
        partnership = partnership_of(input.partner_id)
        if not agreement.may_act_for(
            user, partnership, roles_in_current_community(info.context.request)
        ):
            raise not_found()
        recipient = None
        if input.recipient_member_id is not None:
            recipient = agreement.member_user(
                info.context.request.tenant, pk_of(input.recipient_member_id, MemberType, NOT_FOUND)
            )
        fulfilment = agreement.fulfilment_record(
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
