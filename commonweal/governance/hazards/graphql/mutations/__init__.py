from strawberry.tools import merge_types

from commonweal.governance.hazards.graphql.mutations.campaigns import CampaignMutation
from commonweal.governance.hazards.graphql.mutations.grids import GridMutation
from commonweal.governance.hazards.graphql.mutations.households import HouseholdMutation
from commonweal.governance.hazards.graphql.mutations.reports import ReportMutation
from commonweal.governance.hazards.graphql.states import StateMutation

HazardsMutation = merge_types(
    "HazardsMutation",
    (GridMutation, ReportMutation, CampaignMutation, StateMutation, HouseholdMutation),
)
