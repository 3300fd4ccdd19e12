"""What a donation page (or a mini-program) needs before and after paying: the ways to give
this community offers, and how a started donation stands."""

from typing import Annotated

import strawberry
from strawberry.types import Info

from commonweal.microfund import payments
from commonweal.microfund.models import DonationMethod
from commonweal.platform.kernel.graphql.mutations import arg, caller


@strawberry.type(description="A way to pay online that this community's fiscal host takes.")
class GivingMethodType:
    code: str = strawberry.field(description="What startDonation's `method` takes.")
    name: str = strawberry.field(description="Its name, in the request's language.")
    monthly: bool = strawberry.field(description="Whether it can give every month.")


@strawberry.type(description="How to give when nothing online is offered (or by choice).")
class OfflineGivingType:
    host: str = strawberry.field(description="The charity that holds the fund (慈善组织).")
    bank_name: str = strawberry.field(description="Bank (开户行).")
    bank_account_name: str = strawberry.field(description="Name on the account.")
    bank_account_number: str = strawberry.field(description="Account number.")
    office_address: str = strawberry.field(description="Where to bring cash.")
    office_hours: str = strawberry.field(description="When the office is open.")
    phone: str = strawberry.field(description="Who to call with questions.")


@strawberry.type(description="The donation page's choices, as the community set them.")
class GivingOptionsType:
    methods: list[GivingMethodType] = strawberry.field(
        description="Online methods; empty when only offline giving is possible."
    )
    presets: list[int] = strawberry.field(description="Amount tiles, in fen.")
    minimum: int = strawberry.field(description="The smallest donation, in fen.")
    offline: OfflineGivingType | None = strawberry.field(
        description="How to give offline; null when the fund has no fiscal host."
    )


@strawberry.type(description="Where a started donation stands (the thank-you page's poll).")
class DonationOutcomeType:
    status: str = strawberry.field(
        description="pending, paid, expired, failed, refunded, partly_refunded; unknown when"
        " the token names no donation here."
    )
    amount: int | None = strawberry.field(description="Fen.")
    receipt_number: str = strawberry.field(description="The receipt (收据) once paid.")
    paid_at: str | None = strawberry.field(description="When it was paid (ISO 8601).")


@strawberry.type
class GivingQuery:
    @strawberry.field(description="How one can give to this community's fund (public).")
    def giving_options(self, info: Info) -> GivingOptionsType:
        community = caller(info).community
        presets, minimum = payments.giving_rules(community)
        host = payments.offline_host(community)
        offered = payments.offered_methods(community)
        return GivingOptionsType(
            methods=[
                GivingMethodType(
                    code=method.value,
                    name=str(method.label),
                    monthly=method == DonationMethod.CARD,
                )
                for method in DonationMethod
                if method.value in offered
            ],
            presets=presets,
            minimum=minimum,
            offline=None
            if host is None
            else OfflineGivingType(
                host=host.name,
                bank_name=host.bank_name,
                bank_account_name=host.bank_account_name or host.name,
                bank_account_number=host.bank_account_number,
                office_address=host.office_address,
                office_hours=host.office_hours,
                phone=host.phone,
            ),
        )

    @strawberry.field(
        description="How the donation started with this receipt token stands (public: the"
        " token is the donor's)."
    )
    def donation_outcome(
        self, token: Annotated[str, arg("startDonation's receiptToken.")]
    ) -> DonationOutcomeType:
        outcome = payments.order_outcome(token[:64])
        return DonationOutcomeType(
            status=outcome["status"],
            amount=outcome.get("amount"),
            receipt_number=outcome.get("receipt", ""),
            paid_at=outcome.get("paidAt"),
        )
