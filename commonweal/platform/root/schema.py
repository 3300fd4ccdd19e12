"""The two GraphQL schemas: the platform's (bare host) and a community's (<slug> host)."""

import strawberry
from django.conf import settings
from strawberry.extensions import DisableIntrospection, ParserCache, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry_django.optimizer import DjangoOptimizerExtension

from commonweal.governance.deliberation.graphql import DeliberationMutation, DeliberationQuery
from commonweal.governance.hazards.graphql import HazardsMutation, HazardsQuery
from commonweal.governance.needs.graphql import NeedsMutation, NeedsQuery
from commonweal.governance.photos.graphql import PhotosMutation
from commonweal.microfund.graphql import FundMutation, FundQuery, PlatformFundQuery
from commonweal.partners.graphql.mutations import CommunityPartnerMutation, PlatformPartnerMutation
from commonweal.partners.graphql.queries import CommunityPartnerQuery, PlatformPartnerQuery
from commonweal.platform.accounts.graphql import (
    CommunityAccountMutation,
    CommunityAccountQuery,
    MeQuery,
    PlatformAccountMutation,
    PlatformAccountQuery,
    SessionMutations,
)
from commonweal.platform.audit.graphql import AuditQuery
from commonweal.platform.kernel.graphql.boundary import TextAtTheBoundary
from commonweal.platform.kernel.graphql.errors import ErrorCodes, QuietSchema
from commonweal.platform.kernel.graphql.fast import resolve_plain_fields_directly
from commonweal.platform.kernel.graphql.ids import name_communities_in_ids
from commonweal.platform.kernel.graphql.limits import QueryLimits
from commonweal.platform.kernel.graphql.throttle import RateLimits
from commonweal.platform.notifications.graphql import NotificationMutation, NotificationQuery
from commonweal.privacy.graphql import (
    CommunityPrivacyMutation,
    CommunityPrivacyQuery,
    PlatformPrivacyMutation,
    PlatformPrivacyQuery,
)
from commonweal.search.graphql import SearchQuery
from commonweal.tenants.graphql import (
    CommunityProfileMutation,
    CommunityProfileQuery,
    PlatformCommunityMutation,
    PlatformCommunityQuery,
)
from commonweal.timebank.graphql import CertificateQuery, TimebankMutation, TimebankQuery
from commonweal.welfaremap.graphql import MapMutation, MapQuery


class QuerysetOptimizer(DjangoOptimizerExtension):
    """strawberry-django's optimizer without its per-field hook.

    strawberry-django's own fields (lists, connections, nodes) optimize their querysets through
    the context this extension sets for the operation (`on_execute`). The hook only added the
    same to plain resolvers returning a queryset, and wrapping every field of a response in it
    cost about a third of a 200-row list's time (`bench/graphql_overhead.py --profile`). The
    statement-count tests (lists at two sizes) guard that no list came to depend on it.
    """

    resolve = SchemaExtension.resolve


def _extensions():
    # Clients send the same few documents over and over: parse each once (a shared LRU of
    # 256 texts, so unique texts cannot grow memory). Validation is not
    # cached: QueryLimits checks page sizes given as variables, which differ per request.
    parser_cache = lambda: ParserCache(maxsize=256)  # noqa: E731 (a factory, as strawberry asks)
    extensions = [
        parser_cache,
        QueryLimits,
        ErrorCodes,
        TextAtTheBoundary,
        RateLimits,
        QuerysetOptimizer,
    ]
    if not settings.DEBUG:
        extensions.append(DisableIntrospection)
    return extensions


def _root(name: str, types: tuple, description: str):
    merged = merge_types(name, types)
    merged.__strawberry_definition__.description = description
    return merged


def _build(name: str, queries: tuple, mutations: tuple) -> strawberry.Schema:
    schema = QuietSchema(
        query=_root(f"{name}Query", queries, f"What the {name.lower()} endpoint answers."),
        mutation=_root(f"{name}Mutation", mutations, f"What the {name.lower()} endpoint changes."),
        extensions=_extensions(),
        config=StrawberryConfig(relay_max_results=settings.GRAPHQL_MAX_PAGE_SIZE),
    )
    resolve_plain_fields_directly(schema)
    name_communities_in_ids(schema)
    return schema


platform_schema = _build(
    "Platform",
    (
        MeQuery,
        PlatformAccountQuery,
        PlatformCommunityQuery,
        PlatformPartnerQuery,
        NotificationQuery,
        PlatformFundQuery,
        SearchQuery,
        CertificateQuery,
        PlatformPrivacyQuery,
    ),
    (
        SessionMutations,
        PlatformAccountMutation,
        PlatformCommunityMutation,
        PlatformPartnerMutation,
        NotificationMutation,
        PlatformPrivacyMutation,
    ),
)

community_schema = _build(
    "Community",
    (
        MeQuery,
        CommunityProfileQuery,
        CommunityAccountQuery,
        CommunityPartnerQuery,
        MapQuery,
        FundQuery,
        NeedsQuery,
        DeliberationQuery,
        HazardsQuery,
        SearchQuery,
        TimebankQuery,
        AuditQuery,
        CommunityPrivacyQuery,
    ),
    (
        SessionMutations,
        CommunityProfileMutation,
        CommunityAccountMutation,
        CommunityPartnerMutation,
        MapMutation,
        FundMutation,
        NeedsMutation,
        DeliberationMutation,
        HazardsMutation,
        PhotosMutation,
        TimebankMutation,
        CommunityPrivacyMutation,
    ),
)
