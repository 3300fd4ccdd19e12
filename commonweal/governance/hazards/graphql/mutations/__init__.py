from strawberry.tools import merge_types

from commonweal.governance.hazards.graphql.mutations.grids import GridMutation
from commonweal.governance.hazards.graphql.mutations.reports import ReportMutation

HazardsMutation = merge_types("HazardsMutation", (GridMutation, ReportMutation))
