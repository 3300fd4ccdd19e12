from strawberry.tools import merge_types

from commonweal.governance.needs.graphql.mutations.matches import NeedMatchMutation
from commonweal.governance.needs.graphql.mutations.needs import NeedMutation
from commonweal.governance.needs.graphql.mutations.tasks import NeedsTaskMutation

NeedsMutation = merge_types("NeedsMutation", (NeedMutation, NeedMatchMutation, NeedsTaskMutation))
