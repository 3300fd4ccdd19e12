"""`search` over GraphQL on both endpoints."""

import pytest
from django.db import connection

from commonweal.search.documents import index_document
from tests.fixtures import StatementsRun, gql

SEARCH = """
query($query: String!, $first: Int, $after: String, $near: SearchPointInput, $radiusM: Float,
      $communities: [String!]) {
  search(query: $query, first: $first, after: $after, near: $near, radiusM: $radiusM,
         communities: $communities) {
    totalCount
    hits { kind title snippet community { slug name } category lat lng distanceM url }
    facets { community { value label count } district { value count } kind { value count }
             category { value count } }
    pageInfo { hasNextPage endCursor }
    errors { code field }
  }
}
"""


def run(community, variables):
    return gql(community).execute(SEARCH, variables)["data"]["search"]


def test_platform_search_returns_hits_facets_and_pages(corpus):
    # when anyone searches on the platform host
    page = run(None, {"query": "老年食堂", "first": 2})
    # then hits, facets and a cursor come back
    assert page["errors"] == []
    assert page["totalCount"] == 3
    assert [h["title"] for h in page["hits"]] == ["老年食堂", "幸福老年食堂招募志愿者"]
    assert page["hits"][0]["community"] == {"slug": "fengshu", "name": "枫树社区"}
    assert page["hits"][0]["snippet"] == "<mark>老年食堂</mark>"
    assert page["facets"]["community"] == [
        {"value": "fengshu", "label": "枫树社区", "count": 2},
        {"value": "jiahonglu", "label": "佳宏路社区", "count": 1},
    ]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = run(None, {"query": "老年食堂", "first": 2, "after": page["pageInfo"]["endCursor"]})
    assert [h["title"] for h in rest["hits"]] == ["枫树社区邻里中心"]
    assert rest["pageInfo"] == {"hasNextPage": False, "endCursor": None}


def test_community_host_is_scoped_to_that_community(corpus):
    page = run(corpus.communities["jiahonglu"], {"query": "老年食堂", "communities": ["fengshu"]})
    assert [h["title"] for h in page["hits"]] == ["幸福老年食堂招募志愿者"]
    assert page["facets"]["community"] == [
        {"value": "jiahonglu", "label": "佳宏路社区", "count": 1}
    ]


def test_near_gives_distances(corpus):
    page = run(None, {"query": "", "near": {"lat": 30.6, "lng": 104.1}, "radiusM": 200})
    assert [(h["title"], round(h["distanceM"], -1)) for h in page["hits"]] == [
        ("枫树社区邻里中心", 0),
        ("公交卡充值点", 150),
    ]


@pytest.mark.parametrize(
    ("variables", "code", "field"),
    [
        ({"query": ""}, "QUERY_EMPTY", "query"),
        ({"query": "。，！"}, "QUERY_EMPTY", "query"),
        ({"query": "a" * 10_000}, "QUERY_TOO_LONG", "query"),
        ({"query": "x", "first": 500}, "PAGE_SIZE_INVALID", "first"),
        ({"query": "x", "after": "bm90LWEtY3Vyc29y"}, "CURSOR_INVALID", "after"),
        ({"query": "x", "radiusM": 10}, "RADIUS_INVALID", "near"),
        ({"query": "x", "near": {"lat": 95, "lng": 0}}, "COORDINATES_INVALID", "near"),
        (
            {"query": "x", "near": {"lat": 30, "lng": 104}, "radiusM": 1e9},
            "RADIUS_INVALID",
            "radiusM",
        ),
    ],
)
def test_bad_queries_are_coded_errors_never_500(backend, variables, code, field):
    client = gql(None)
    answer = client.execute(SEARCH, variables)
    assert client.status == 200
    assert answer["data"]["search"]["errors"] == [{"code": code, "field": field}]
    assert answer["data"]["search"]["hits"] == []


def test_query_count_does_not_grow_with_hits(backend, fengshu):
    # given 10 documents, then 200
    def count_queries():
        # Warm first: the newest slice's start is read from the statistics once a minute per
        # process (postgres._newest_version), which is not a statement per hit.
        run(None, {"query": "枫树", "first": 20})
        with StatementsRun(connection) as statements:
            page = run(None, {"query": "枫树", "first": 20})
        return len(statements), page["totalCount"]

    for i in range(10):
        index_document(community=fengshu, kind="partner", key=f"a{i}", title=f"枫树{i}")
    _refresh()
    few = count_queries()
    for i in range(10, 200):
        index_document(community=fengshu, kind="partner", key=f"a{i}", title=f"枫树{i}")
    _refresh()
    many = count_queries()
    # then the same number of queries
    assert (few[1], many[1]) == (10, 200)
    assert few[0] == many[0]


def _refresh():
    from tests.search.fixtures import refresh

    refresh()
