from commonweal.governance.photos.graphql.mutations import PhotosMutation

__all__ = ["PhotosMutation"]
