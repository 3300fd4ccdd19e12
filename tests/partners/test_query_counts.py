"""The partner directory costs a fixed number of SQL queries, whatever the number of partners."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.fixtures import gql
from tests.partners.fixtures import bulk_partners

DIRECTORY = (
    "query($after: String) { partners(first: 25, after: $after) { totalCount"
    " pageInfo { hasNextPage endCursor }"
    " edges { node { id tier offers averageRating ratingCount"
    " organisation { legalName kind contactPhone }"
    " commitments { title quantity unit dueOn }"
    " servicePoints { name lat lng }"
    " ratings { score comment }"
    " recognitions { title } } } } }"
)


def _pages(client) -> list[tuple[int, int]]:
    pages, after = [], None
    while True:
        with CaptureQueriesContext(connection) as captured:
            response = client.execute(DIRECTORY, {"after": after})
        partners = response["data"]["partners"]
        pages.append((len(captured.captured_queries), len(partners["edges"])))
        if not partners["pageInfo"]["hasNextPage"]:
            return pages
        after = partners["pageInfo"]["endCursor"]


def test_directory_costs_the_same_for_10_and_1000_partners(fengshu):
    # given 10 partners with commitments, service points and ratings
    bulk_partners(fengshu, 10)
    client = gql(fengshu)
    small = _pages(client)

    # when 990 more join
    bulk_partners(fengshu, 990, offset=10)
    large = _pages(client)

    # then every page of the directory costs the same number of queries
    assert [rows for _queries, rows in small] == [10]
    assert [rows for _queries, rows in large] == [25] * 40
    assert {queries for queries, _rows in small + large} == {small[0][0]}
    assert small[0][0] <= 12
