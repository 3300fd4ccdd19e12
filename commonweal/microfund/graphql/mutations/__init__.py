"""Writes of the micro-fund over GraphQL: thin mutations on the platform's mutation helper,
one module per entity, merged here into what the community endpoint exposes."""

from strawberry.tools import merge_types

from commonweal.microfund.graphql.mutations.campaigns import CampaignMutation
from commonweal.microfund.graphql.mutations.donations import DonationMutation
from commonweal.microfund.graphql.mutations.grants import GrantMutation
from commonweal.microfund.graphql.mutations.monthly_giving import MonthlyDonationMutation
from commonweal.microfund.graphql.mutations.refunds import RefundMutation
from commonweal.microfund.graphql.mutations.revenue_share import RevenueShareMutation

FundMutation = merge_types(
    "FundMutation",
    (
        DonationMutation,
        CampaignMutation,
        RefundMutation,
        MonthlyDonationMutation,
        GrantMutation,
        RevenueShareMutation,
    ),
)
