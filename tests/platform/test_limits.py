"""Documents that are too deep, too aliased, too costly or ask for too large a page are refused
before any resolver runs; introspection is open in development only."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql import get_introspection_query
from strawberry.extensions import DisableIntrospection, ParserCache

from commonweal.platform.kernel.graphql.boundary import TextAtTheBoundary
from commonweal.platform.kernel.graphql.errors import ErrorCodes
from commonweal.platform.kernel.graphql.limits import QueryLimits
from commonweal.platform.kernel.graphql.throttle import RateLimits
from commonweal.platform.kernel.roles import Role
from commonweal.platform.root import schema as schemas
from tests.fixtures import gql, make_member

MEMBER_NAMES = "query { members(first: 5) { edges { node { displayName } } } }"  # depth 4
MEMBER_NAMES_BY_FRAGMENT = (
    "query { members(first: 5) { ...Page } }"
    " fragment Page on MemberConnection { edges { ... on MemberEdge { node { displayName } } } }"
)


def _tables_read(captured) -> list[str]:
    """The first table of every statement, search-path switches left out."""
    tables = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if "search_path" in sql:
            continue
        tables.append(sql.split(" FROM ", 1)[1].split()[0].strip('"'))
    return tables


@pytest.fixture
def admin_client(fengshu):
    return gql(fengshu, make_member(fengshu, Role.ADMIN, name="管理员"))


def _refused(client, query: str, variables=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.execute(query, variables)
    return response, _tables_read(captured)


@pytest.mark.parametrize(
    "query", [MEMBER_NAMES, MEMBER_NAMES_BY_FRAGMENT], ids=["inline", "fragment"]
)
def test_query_deeper_than_the_limit_is_refused_without_database_work(
    admin_client, settings, query
):
    # given a depth limit of 3
    settings.GRAPHQL_MAX_DEPTH = 3

    # when a query 4 levels deep is sent
    response, tables = _refused(admin_client, query)

    # then it is refused up front: only the host was looked up
    assert response["data"] is None
    assert [e["extensions"]["code"] for e in response["errors"]] == ["QUERY_TOO_DEEP"]
    assert tables == ["tenants_domain"]


def test_query_as_deep_as_the_limit_is_answered(admin_client, settings):
    # given a depth limit of 4
    settings.GRAPHQL_MAX_DEPTH = 4

    # when a query 4 levels deep is sent
    response = admin_client.execute(MEMBER_NAMES)

    # then it is answered
    assert response == {"data": {"members": {"edges": [{"node": {"displayName": "管理员"}}]}}}


def test_default_depth_limit_is_ten(settings):
    # then the documented default holds (the schema has no data path deeper than that)
    assert settings.GRAPHQL_MAX_DEPTH == 10


def _aliases(count: int) -> str:
    return "query { " + " ".join(f"r{n}: myRoles" for n in range(count)) + " }"


def test_query_with_too_many_aliases_is_refused_without_database_work(admin_client):
    # given the default limit of 15 aliases
    # when a query with 16 aliases is sent
    response, tables = _refused(admin_client, _aliases(16))

    # then it is refused up front
    assert response["data"] is None
    assert [e["extensions"]["code"] for e in response["errors"]] == ["TOO_MANY_ALIASES"]
    assert tables == ["tenants_domain"]


def test_aliases_inside_fragments_count(admin_client):
    # given 16 aliases, half of them inside a fragment
    query = (
        "query { " + " ".join(f"a{n}: myRoles" for n in range(8)) + " ...More }"
        " fragment More on CommunityQuery { " + " ".join(f"b{n}: myRoles" for n in range(8)) + " }"
    )

    # when it is sent
    response, tables = _refused(admin_client, query)

    # then it is refused up front
    assert [e["extensions"]["code"] for e in response["errors"]] == ["TOO_MANY_ALIASES"]
    assert tables == ["tenants_domain"]


def test_query_with_as_many_aliases_as_the_limit_is_answered(admin_client):
    # when a query with 15 aliases is sent
    response = admin_client.execute(_aliases(15))

    # then every alias is answered
    assert response == {"data": {f"r{n}": ["ADMIN"] for n in range(15)}}


def test_too_costly_query_is_refused_without_database_work(admin_client):
    # given five member lists of 100, each member with a list of roles (100 × 101 each)
    query = (
        "query { "
        + " ".join(
            f"m{n}: members(first: 100) {{ edges {{ node {{ roles }} }} }}" for n in range(5)
        )
        + " }"
    )

    # when it is sent under the default cost limit of 50 000
    response, tables = _refused(admin_client, query)

    # then it is refused up front
    assert response["data"] is None
    assert [e["extensions"]["code"] for e in response["errors"]] == ["QUERY_TOO_COSTLY"]
    assert tables == ["tenants_domain"]


def test_fragment_bomb_is_refused_quickly_without_database_work(admin_client):
    # given a 1 kB document whose 22 fragments each spread the next twice (2^22 fields)
    levels = 22
    query = (
        "query { ...F0 } "
        + " ".join(
            f"fragment F{n} on CommunityQuery {{ ...F{n + 1} ...F{n + 1} }}" for n in range(levels)
        )
        + f" fragment F{levels} on CommunityQuery {{ myRoles }}"
    )

    # when it is sent
    started = time.monotonic()
    response, tables = _refused(admin_client, query)
    elapsed = time.monotonic() - started

    # then it is refused as too costly, in well under the time expanding it would take
    assert [e["extensions"]["code"] for e in response["errors"]] == ["QUERY_TOO_COSTLY"]
    assert tables == ["tenants_domain"]
    assert elapsed < 5


@pytest.mark.parametrize(
    ("first", "code"), [(99, None), (100, "QUERY_TOO_COSTLY")], ids=["at-limit", "over-limit"]
)
def test_cost_is_one_per_field_times_page_size(admin_client, settings, first, code):
    # given a cost limit of 100: members(first: n) { edges { node { id } } } costs 1 + n
    settings.GRAPHQL_MAX_COST = 100
    query = "query($n: Int!) { members(first: $n) { edges { node { id } } } }"

    # when it is sent with n = 99 and n = 100 (page sizes given as variables count too)
    response = admin_client.execute(query, {"n": first})

    # then only the cheaper one is answered
    codes = [e["extensions"]["code"] for e in response.get("errors", ())]
    assert codes == ([code] if code else [])


def test_oversized_page_is_refused_after_auth_lookups_only(admin_client):
    # when a page of 1000 members is asked for (the page limit is 100)
    response, tables = _refused(
        admin_client, "query { members(first: 1000) { edges { node { displayName } } } }"
    )

    # then it is refused before the members are read
    assert response["data"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in response["errors"]] == [
        (["members"], "PAGE_SIZE_EXCEEDED")
    ]
    assert tables == ["tenants_domain", "django_session", "platform_user", "platform_membership"]


@pytest.mark.parametrize(
    "argument",
    ["first: -1", "last: -1", 'after: "bm90LWEtY3Vyc29y"', 'after: "Zm9vOjE="', 'before: "%%%"'],
    ids=["negative-first", "negative-last", "not-a-cursor", "foreign-cursor", "not-base64"],
)
def test_malformed_page_arguments_are_invalid_input(admin_client, argument):
    # when a page is asked for with a negative size or a cursor that is not ours
    response = admin_client.execute(
        f"query {{ members({argument}) {{ edges {{ node {{ id }} }} }} }}"
    )

    # then the client is told its input is invalid (not that the server failed)
    assert response["data"] is None
    assert [e["extensions"]["code"] for e in response["errors"]] == ["INVALID_INPUT"]


def test_malformed_global_id_is_invalid_input(admin_client):
    # when a mutation gets an id that is no global id at all
    response = admin_client.execute(
        'mutation { removeMember(id: "not-a-global-id") { errors { code } } }'
    )

    # then the client is told its input is invalid
    assert response["data"] is None
    assert [e["extensions"]["code"] for e in response["errors"]] == ["INVALID_INPUT"]


# --- introspection ----------------------------------------------------------------------


def test_extensions_refuse_introspection_outside_development(settings):
    # given production settings
    settings.DEBUG = False

    # when the schema extensions are chosen
    extensions = schemas._extensions()

    # then introspection is disabled, after the parser cache, the limits and error codes
    assert isinstance(extensions[0](), ParserCache)
    assert extensions[1:] == [
        QueryLimits,
        ErrorCodes,
        TextAtTheBoundary,
        RateLimits,
        schemas.QuerysetOptimizer,
        DisableIntrospection,
    ]


def test_extensions_allow_introspection_in_development(settings):
    # given development settings
    settings.DEBUG = True

    # when the schema extensions are chosen
    extensions = schemas._extensions()

    # then introspection stays enabled
    assert isinstance(extensions[0](), ParserCache)
    # and no extension wraps every field of a response (the optimizer works per list)
    assert [e for e in extensions[1:] if e._implements_resolve()] == []
    assert extensions[1:] == [
        QueryLimits,
        ErrorCodes,
        TextAtTheBoundary,
        RateLimits,
        schemas.QuerysetOptimizer,
    ]


def _fresh_community_schema():
    return schemas._build(
        "Community",
        (schemas.MeQuery, schemas.CommunityProfileQuery, schemas.CommunityAccountQuery),
        (
            schemas.SessionMutations,
            schemas.CommunityProfileMutation,
            schemas.CommunityAccountMutation,
        ),
    )


def test_fresh_schema_refuses_introspection_outside_development(settings):
    # given a schema built with production settings
    settings.DEBUG = False
    schema = _fresh_community_schema()

    # when GraphiQL's introspection query is run
    result = schema.execute_sync(get_introspection_query())

    # then it is refused
    assert result.data is None
    assert {e.extensions["code"] for e in result.errors} == {"GRAPHQL_VALIDATION_FAILED"}
    assert "introspection has been disabled" in result.errors[-1].message


def test_fresh_schema_answers_graphiql_introspection_in_development(settings):
    # given a schema built with development settings
    settings.DEBUG = True
    schema = _fresh_community_schema()

    # when GraphiQL's introspection query is run
    result = schema.execute_sync(get_introspection_query(descriptions=True))

    # then it is answered, limits notwithstanding
    assert result.errors is None
    assert result.data["__schema"]["queryType"]["name"] == "CommunityQuery"
