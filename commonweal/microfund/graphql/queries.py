"""Reads of the micro-fund over GraphQL: public accounts for anyone, donations for the office,
a donor's own monthly donations, and (platform endpoint) a donor's donations everywhere."""

from collections.abc import Iterable
from typing import Annotated

import strawberry
import strawberry_django
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from commonweal.microfund import selectors
from commonweal.microfund.graphql.giving import GivingQuery
from commonweal.microfund.graphql.reconciliation import ReconciliationQuery
from commonweal.microfund.graphql.types import (
    CampaignType,
    CommunityDonation,
    DonationType,
    FundBalance,
    FundMonth,
    GrantCallType,
    MonthlyDonationType,
    PublicDonationType,
    RevenueShareAgreementType,
)
from commonweal.microfund.hosts.models import DonorRecord
from commonweal.microfund.models import Campaign, Donation, GrantCall, RevenueShareAgreement
from commonweal.platform.kernel.graphql.permissions import HasRole, IsSignedIn
from commonweal.platform.kernel.roles import OFFICE_ROLES


@strawberry.type
class FundQuery(GivingQuery, ReconciliationQuery):
    @strawberry.field(description="The fund's balances (public).")
    def fund_balance(self) -> FundBalance:
        return FundBalance(**selectors.balances())

    @strawberry.field(description="Income and spending per month (public).")
    def fund_months(
        self,
        year: Annotated[
            int | None,
            strawberry.argument(description="Only this calendar year; every month when omitted."),
        ] = None,
    ) -> list[FundMonth]:
        return [
            FundMonth(month=m.month, income=m.income, spending=m.spending)
            for m in selectors.monthly_statement(year)
        ]

    @strawberry_django.connection(
        DjangoListConnection[CampaignType], description="Public projects."
    )
    def campaigns(self) -> Iterable[Campaign]:
        return Campaign.objects.filter(public=True)

    @strawberry_django.connection(
        DjangoListConnection[PublicDonationType],
        description="Paid donations, anonymised where asked.",
    )
    def public_donations(self) -> Iterable[Donation]:
        return Donation.objects.filter(status__in=selectors.PAID).order_by("-paid_at", "-id")

    @strawberry_django.connection(
        DjangoListConnection[DonationType],
        description="Every donation (office roles).",
        extensions=[HasRole(*OFFICE_ROLES)],
    )
    def donations(
        self,
        status: Annotated[
            str | None,
            strawberry.argument(description="Only donations in this status (pending, paid, …)."),
        ] = None,
    ) -> Iterable[Donation]:
        queryset = Donation.objects.all()
        return queryset.filter(status=status) if status else queryset

    @strawberry_django.field(
        description="Your own monthly donations in this community.", extensions=[IsSignedIn()]
    )
    def my_monthly_donations(self, info: Info) -> list[MonthlyDonationType]:
        return selectors.monthly_donations_of(info.context.request.user)

    @strawberry_django.connection(
        DjangoListConnection[GrantCallType],
        description="Micro-grant calls with their proposals (public).",
    )
    def grant_calls(self) -> Iterable[GrantCall]:
        return GrantCall.objects.all()

    @strawberry_django.connection(
        DjangoListConnection[RevenueShareAgreementType],
        description="Revenue feedback agreements and their reports (public).",
    )
    def revenue_share_agreements(self) -> Iterable[RevenueShareAgreement]:
        return RevenueShareAgreement.objects.filter(active=True)


@strawberry.type
class PlatformFundQuery:
    @strawberry.field(description="Your donations in every community.", extensions=[IsSignedIn()])
    def my_donations(self, info: Info) -> list[CommunityDonation]:
        records = DonorRecord.objects.filter(user=info.context.request.user).select_related(
            "community"
        )[:500]
        return [
            CommunityDonation(
                community=r.community.name,
                community_slug=r.community.slug,
                project=r.project,
                amount=r.amount,
                refunded=r.refunded,
                monthly=r.monthly,
                receipt_number=r.receipt_number,
                paid_at=r.paid_at,
            )
            for r in records
        ]
