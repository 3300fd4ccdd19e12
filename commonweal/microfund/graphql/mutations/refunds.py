"""Refunds of donations, asked by the office."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.microfund import selectors
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.graphql.types import DonationType, FundError, RefundType
from commonweal.microfund.services import refunds
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import OFFICE, arg, caller, mutation, payload

RefundPayload = payload(
    "RefundPayload",
    FundError,
    donation=(DonationType, "The donation as it stands."),
    refund=(
        RefundType,
        "The refund: online ones stay pending until the payment service answers.",
    ),
)


@strawberry.type
class RefundMutation:
    @mutation(
        RefundPayload,
        allow=OFFICE,
        description="Refund a donation in full or in part (online: pending until the payment"
        " service answers; never beyond what was paid less refunds, pending ones included).",
    )
    def refund_donation(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The donation.")],
        amount: Annotated[int, arg("Fen to give back.")],
        reason: Annotated[str, arg("Why, kept with the refund.")] = "",
    ) -> RefundPayload:
        who = caller(info)
        donation = selectors.access_donation(
            actor=who.user,
            community=who.community,
            donation_id=pk_of(id, DonationType, FundErrorCode),
        )
        refund = refunds.donation_refund(
            actor=who.user,
            community=who.community,
            donation=donation,
            amount=amount,
            reason=reason,
        )
        donation.refresh_from_db()
        return RefundPayload(donation=donation, refund=refund)
