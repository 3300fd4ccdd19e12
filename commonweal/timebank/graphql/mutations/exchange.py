"""积分兑换: merchants' offers, volunteers' exchanges and the counter's check."""

from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import arg, caller, mutation, payload, roles
from commonweal.platform.kernel.roles import Role
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.error_codes import not_found
from commonweal.timebank.graphql.mutations.shared import MERCHANTS, VOLUNTEERS
from commonweal.timebank.graphql.types import MyRedemptionType, OfferType, TimebankError
from commonweal.timebank.models import Offer
from commonweal.timebank.services import offers, redemptions

OfferPayload = payload("RedemptionOfferPayload", TimebankError, offer=(OfferType, "The offer."))
RedemptionPayload = payload(
    "RedemptionPayload", TimebankError, redemption=(MyRedemptionType, "The exchange.")
)
VerifyPayload = payload(
    "VerifyRedemptionPayload",
    TimebankError,
    item=(str, "What to hand over."),
    points=(int, "Points exchanged."),
)


@strawberry.type
class ExchangeMutation:
    @mutation(OfferPayload, allow=MERCHANTS, description="Offer an item or service for points.")
    def create_redemption_offer(
        self,
        info: Info,
        partnership_id: Annotated[strawberry.ID, arg("The partner making the offer.")],
        item: Annotated[str, arg("The item or service, e.g. 义剪一次.")],
        price: Annotated[int, arg("Price in points.")],
        stock: Annotated[int, arg("How many are offered.")],
        valid_from: Annotated[date, arg("First day.")],
        valid_until: Annotated[date, arg("Last day.")],
        description: Annotated[str, arg("Details.")] = "",
        per_person_limit: Annotated[int | None, arg("At most this many per volunteer.")] = None,
    ) -> OfferPayload:
        who = caller(info)
        offer = offers.offer_create(
            community=who.community,
            actor=who.user,
            partnership_id=int(partnership_id) if str(partnership_id).isdigit() else 0,
            item=item,
            price=price,
            stock=stock,
            valid_from=valid_from,
            valid_until=valid_until,
            description=description,
            per_person_limit=per_person_limit,
        )
        return OfferPayload(offer=offer)

    @mutation(OfferPayload, allow=MERCHANTS, description="Stop offering an item.")
    def withdraw_redemption_offer(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The offer.")]
    ) -> OfferPayload:
        who = caller(info)
        offer = offers.access_offer_to_manage(who.community, who.user, pk_of(id, OfferType, E))
        return OfferPayload(
            offer=offers.offer_withdraw(community=who.community, actor=who.user, offer=offer)
        )

    @mutation(RedemptionPayload, allow=VOLUNTEERS, description="积分兑换: redeem an offer.")
    def redeem_offer(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The offer.")]
    ) -> RedemptionPayload:
        who = caller(info)
        offer = Offer.objects.filter(pk=pk_of(id, OfferType, E)).first() or _missing()
        return RedemptionPayload(
            redemption=redemptions.redeem(community=who.community, actor=who.user, offer=offer)
        )

    @mutation(RedemptionPayload, allow=VOLUNTEERS, description="Cancel a waiting exchange.")
    def cancel_redemption(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The exchange.")]
    ) -> RedemptionPayload:
        who = caller(info)
        redemption = redemptions.access_my_redemption(who.user, pk_of(id, MyRedemptionType, E))
        return RedemptionPayload(
            redemption=redemptions.redemption_cancel(
                community=who.community, actor=who.user, redemption=redemption
            )
        )

    @mutation(
        VerifyPayload,
        allow=roles(Role.PARTNER_REPRESENTATIVE),
        description="The merchant's staff confirm a volunteer's code; the exchange completes.",
    )
    def verify_redemption(
        self, info: Info, code: Annotated[str, arg("The six digits the volunteer shows.")]
    ) -> VerifyPayload:
        who = caller(info)
        redemption = redemptions.verify(community=who.community, actor=who.user, code=code)
        return VerifyPayload(item=redemption.offer.item, points=redemption.points)


def _missing():
    raise not_found()
