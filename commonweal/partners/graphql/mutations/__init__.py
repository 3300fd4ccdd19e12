"""Writes of the partner programme: thin wrappers around `commonweal.partners.services` and
`commonweal.partners.registry.services`, one module per entity, merged here into what each
endpoint exposes."""

from strawberry.tools import merge_types

from commonweal.partners.graphql.mutations.agreement import AgreementMutation
from commonweal.partners.graphql.mutations.calls import PartnerCallMutation
from commonweal.partners.graphql.mutations.evaluations import EvaluationMutation
from commonweal.partners.graphql.mutations.organisations import PlatformOrganisationMutation
from commonweal.partners.graphql.mutations.partnerships import PartnershipMutation
from commonweal.partners.graphql.mutations.representatives import (
    CommunityRepresentativeMutation,
    PlatformRepresentativeMutation,
)

CommunityPartnerMutation = merge_types(
    "CommunityPartnerMutation",
    (
        PartnerCallMutation,
        PartnershipMutation,
        AgreementMutation,
        EvaluationMutation,
        CommunityRepresentativeMutation,
    ),
)
PlatformPartnerMutation = merge_types(
    "PlatformPartnerMutation", (PlatformOrganisationMutation, PlatformRepresentativeMutation)
)
