"""Monthly donations (月捐), stopped by their donor."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.microfund import selectors
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.graphql.types import FundError, MonthlyDonationType
from commonweal.microfund.services import monthly_giving
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import SIGNED_IN, arg, caller, mutation, payload

MonthlyDonationPayload = payload(
    "MonthlyDonationPayload",
    FundError,
    monthly_donation=(MonthlyDonationType, "The monthly donation as it stands."),
)


@strawberry.type
class MonthlyDonationMutation:
    @mutation(
        MonthlyDonationPayload,
        allow=SIGNED_IN,
        description="Stop your monthly donation (its donor only); asking again changes nothing."
        " The payment service is told right after.",
    )
    def cancel_monthly_donation(
        self, info: Info, id: Annotated[relay.GlobalID, arg("Your monthly donation.")]
    ) -> MonthlyDonationPayload:
        who = caller(info)
        monthly = selectors.access_monthly_donation(
            actor=who.user, monthly_id=pk_of(id, MonthlyDonationType, FundErrorCode)
        )
        return MonthlyDonationPayload(
            monthly_donation=monthly_giving.monthly_donation_cancel(
                actor=who.user, community=who.community, monthly=monthly
            )
        )
