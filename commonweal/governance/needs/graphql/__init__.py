from commonweal.governance.needs.graphql.mutations import NeedsMutation
from commonweal.governance.needs.graphql.queries import NeedsQuery

__all__ = ["NeedsMutation", "NeedsQuery"]
