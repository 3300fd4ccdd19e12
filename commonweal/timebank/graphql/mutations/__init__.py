from strawberry.tools import merge_types

from commonweal.timebank.graphql.mutations.exchange import ExchangeMutation
from commonweal.timebank.graphql.mutations.tasks import VolunteerTaskMutation
from commonweal.timebank.graphql.mutations.volunteers import VolunteerMutation

TimebankMutation = merge_types(
    "TimebankMutation", (VolunteerMutation, VolunteerTaskMutation, ExchangeMutation)
)
