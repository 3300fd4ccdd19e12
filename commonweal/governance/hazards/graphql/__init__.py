from strawberry.tools import merge_types

from commonweal.governance.hazards.graphql.campaigns import CampaignQuery
from commonweal.governance.hazards.graphql.heat import HeatQuery
from commonweal.governance.hazards.graphql.households import HouseholdQuery
from commonweal.governance.hazards.graphql.mutations import HazardsMutation
from commonweal.governance.hazards.graphql.queries import HazardsQuery as ReportQuery
from commonweal.governance.hazards.graphql.states import StateQuery

HazardsQuery = merge_types(
    "HazardsQuery", (ReportQuery, CampaignQuery, HeatQuery, StateQuery, HouseholdQuery)
)

__all__ = ["HazardsMutation", "HazardsQuery"]
