from commonweal.governance.deliberation.graphql.mutations import DeliberationMutation
from commonweal.governance.deliberation.graphql.queries import DeliberationQuery

__all__ = ["DeliberationMutation", "DeliberationQuery"]
