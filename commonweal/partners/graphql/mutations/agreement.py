"""The agreement of a partnership: resource commitments and obligations (office roles), and
deliveries against them (office roles or the partner's own representative)."""

from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.partners import selectors
from commonweal.partners.graphql.mutations.shared import (
    NOT_FOUND,
    PARTNER,
    PartnerError,
    partnership_of,
)
from commonweal.partners.graphql.types import (
    CommitmentTierEnum,
    FulfilmentType,
    ObligationType,
    PartnerType,
    ResourceCommitmentType,
    ResourceKindEnum,
)
from commonweal.partners.services import agreement
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import (
    OFFICE,
    arg,
    caller,
    mutation,
    payload,
    roles,
)
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role

ResourceCommitmentPayload = payload(
    "ResourceCommitmentPayload",
    PartnerError,
    commitment=(ResourceCommitmentType, "The commitment as saved."),
)
ObligationPayload = payload(
    "ObligationPayload", PartnerError, obligation=(ObligationType, "The obligation as saved.")
)
FulfilmentPayload = payload(
    "FulfilmentPayload", PartnerError, fulfilment=(FulfilmentType, "The delivery as recorded.")
)


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
    @mutation(
        ResourceCommitmentPayload,
        allow=OFFICE,
        description="Add a 资源清单 entry to a partnership.",
    )
    def add_resource_commitment(
        self,
        info: Info,
        partner_id: Annotated[relay.GlobalID, PARTNER],
        input: Annotated[ResourceCommitmentInput, arg("The entry.")],
    ) -> ResourceCommitmentPayload:
        who = caller(info)
        commitment = agreement.commitment_add(
            actor=who.user,
            partnership=partnership_of(who, partner_id),
            kind=input.kind,
            title=input.title,
            quantity=input.quantity,
            unit=input.unit,
            schedule=input.schedule,
            tier=input.tier,
            due_on=input.due_on,
        )
        return ResourceCommitmentPayload(commitment=commitment)

    @mutation(ObligationPayload, allow=OFFICE, description="Add a 公益义务 to a partnership.")
    def add_obligation(
        self,
        info: Info,
        partner_id: Annotated[relay.GlobalID, PARTNER],
        description: Annotated[str, arg("What the partner owes, in words.")],
        free_services_per_month: Annotated[
            int | None, arg("Free services a month, if counted.")
        ] = None,
        senior_discount_percent: Annotated[
            int | None, arg("Discount for seniors, in percent, if any.")
        ] = None,
    ) -> ObligationPayload:
        who = caller(info)
        obligation = agreement.obligation_add(
            actor=who.user,
            partnership=partnership_of(who, partner_id),
            description=description,
            free_services_per_month=free_services_per_month,
            senior_discount_percent=senior_discount_percent,
        )
        return ObligationPayload(obligation=obligation)

    @mutation(
        FulfilmentPayload,
        allow=roles(*OFFICE_ROLES, Role.PARTNER_REPRESENTATIVE),
        description="Record a delivery (office roles, or the partner's own representative).",
    )
    def record_fulfilment(
        self, info: Info, input: Annotated[FulfilmentInput, arg("The delivery.")]
    ) -> FulfilmentPayload:
        from commonweal.platform.accounts.graphql import MemberType

        who = caller(info)
        partnership = selectors.access_partnership_to_act_for(
            actor=who.user,
            partnership_id=pk_of(input.partner_id, PartnerType, NOT_FOUND),
            roles=roles_in_current_community(who.request),
        )
        recipient = None
        if input.recipient_member_id is not None:
            recipient = selectors.access_recipient(
                actor=who.user,
                community=who.community,
                membership_id=pk_of(input.recipient_member_id, MemberType, NOT_FOUND),
            )
        fulfilment = agreement.fulfilment_record(
            actor=who.user,
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
