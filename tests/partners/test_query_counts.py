"""The partner directory costs a fixed number of SQL queries, whatever the number of partners."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from commonweal.partners.models import Partnership
from commonweal.partners.registry.models import (
    PartnerOrganisation,
    PartnerRepresentative,
    PartnershipListing,
)
from commonweal.platform.accounts.roles import Role
from tests.fixtures import gql, make_member, make_user
from tests.partners.fixtures import bulk_partners, in_schema

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


def _more_partners(community, count: int, *, offset: int, owner) -> None:
    """`count` more partners, each represented by `owner` and two colleagues, and listed on
    the platform as the services would list them."""
    bulk_partners(community, count, offset=offset)
    new = list(PartnerOrganisation.objects.filter(representatives__isnull=True))
    people = [owner, make_user(), make_user()]
    PartnerRepresentative.objects.bulk_create(
        PartnerRepresentative(organisation=o, user=p) for o in new for p in people
    )
    with in_schema(community):
        rows = list(
            Partnership.objects.filter(organisation__in=new).values_list(
                "pk", "organisation_id", "status", "tier"
            )
        )
    PartnershipListing.objects.bulk_create(
        PartnershipListing(
            organisation_id=organisation,
            community=community,
            partnership_id=pk,
            status=status,
            tier=tier,
        )
        for pk, organisation, status, tier in rows
    )


def _queries(client, document) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        response = client.execute(document)
    return len(captured.captured_queries), response


OFFICE_LIST = (
    "query { partnerships(first: 100) { edges { node { id status"
    " organisation { legalName } representatives { id displayName }"
    " servicePoints { name } } } } }"
)
MINE = (
    "query { myPartnerOrganisations { legalName"
    " partnerships { communityName status } representatives { id displayName } } }"
)


def test_the_office_list_with_representatives_costs_the_same_for_5_and_50(fengshu):
    # given 5 partners with three representatives each, listed by the office
    owner = make_user(name="连锁店老板")
    _more_partners(fengshu, 5, offset=0, owner=owner)
    office = gql(fengshu, make_member(fengshu, Role.STAFF))
    small, first = _queries(office, OFFICE_LIST)

    # when 45 more join
    _more_partners(fengshu, 45, offset=5, owner=owner)
    large, second = _queries(office, OFFICE_LIST)

    # then the list costs the same, and shows every representative
    edges = second["data"]["partnerships"]["edges"]
    assert (len(first["data"]["partnerships"]["edges"]), len(edges)) == (5, 50)
    assert {len(e["node"]["representatives"]) for e in edges} == {3}
    assert small == large


def test_an_organisations_own_view_costs_the_same_for_5_and_50_organisations(fengshu):
    # given a representative of 5 organisations, each a partner with three representatives
    owner = make_user(name="连锁店老板")
    _more_partners(fengshu, 5, offset=0, owner=owner)
    platform = gql(None, owner)
    small, first = _queries(platform, MINE)

    # when they come to represent 45 more
    _more_partners(fengshu, 45, offset=5, owner=owner)
    large, second = _queries(platform, MINE)

    # then their view costs the same, with every community and representative
    organisations = second["data"]["myPartnerOrganisations"]
    assert (len(first["data"]["myPartnerOrganisations"]), len(organisations)) == (5, 50)
    assert {len(o["representatives"]) for o in organisations} == {3}
    assert {
        (p["communityName"], p["status"]) for o in organisations for p in o["partnerships"]
    } == {("枫树社区", "ACTIVE")}
    assert small == large
