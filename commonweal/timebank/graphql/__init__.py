from commonweal.timebank.graphql.mutations import TimebankMutation
from commonweal.timebank.graphql.queries import CertificateQuery, TimebankQuery

__all__ = ["CertificateQuery", "TimebankMutation", "TimebankQuery"]
