from commonweal.welfaremap.graphql.mutations import MapMutation
from commonweal.welfaremap.graphql.queries import MapQuery

__all__ = ["MapMutation", "MapQuery"]
