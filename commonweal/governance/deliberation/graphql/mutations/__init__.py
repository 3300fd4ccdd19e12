from strawberry.tools import merge_types

from commonweal.governance.deliberation.graphql.mutations.decisions import DecisionMutation
from commonweal.governance.deliberation.graphql.mutations.meetings import MeetingMutation
from commonweal.governance.deliberation.graphql.mutations.proposals import ProposalMutation

DeliberationMutation = merge_types(
    "DeliberationMutation", (ProposalMutation, MeetingMutation, DecisionMutation)
)
