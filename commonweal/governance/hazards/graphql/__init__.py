from commonweal.governance.hazards.graphql.mutations import HazardsMutation
from commonweal.governance.hazards.graphql.queries import HazardsQuery

__all__ = ["HazardsMutation", "HazardsQuery"]
