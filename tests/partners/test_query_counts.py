"""Every list of the partner programme costs a fixed number of SQL statements, whatever the
number of rows (10 and 200; the directory 10 and 1,000)."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from commonweal.partners.models import Fulfilment, PartnerCall, Partnership
from commonweal.partners.registry.models import (
    PartnerOrganisation,
    PartnerRepresentative,
    PartnershipListing,
)
from commonweal.platform.kernel.roles import Role
from tests.fixtures import StatementsRun, gql, make_member, make_user
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
        with StatementsRun(connection) as run:
            response = client.execute(DIRECTORY, {"after": after})
        partners = response["data"]["partners"]
        pages.append((len(run), len(partners["edges"])))
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
    with StatementsRun(connection) as run:
        response = client.execute(document)
    return len(run), response


OFFICE_LIST = (
    "query { partnerships(first: 100) { edges { node { id status"
    " organisation { legalName } representatives { id displayName }"
    " servicePoints { name } } } } }"
)
MINE = (
    "query { myPartnerOrganisations { legalName"
    " partnerships { communityName status } representatives { id displayName } } }"
)


def test_the_office_list_with_representatives_costs_the_same_for_10_and_200(fengshu):
    # given 10 partners with three representatives each, listed by the office
    owner = make_user(name="连锁店老板")
    _more_partners(fengshu, 10, offset=0, owner=owner)
    office = gql(fengshu, make_member(fengshu, Role.STAFF))
    small, first = _queries(office, OFFICE_LIST)

    # when 190 more join
    _more_partners(fengshu, 190, offset=10, owner=owner)
    large, second = _queries(office, OFFICE_LIST)

    # then a page of the list costs the same, and shows every representative
    edges = second["data"]["partnerships"]["edges"]
    assert (len(first["data"]["partnerships"]["edges"]), len(edges)) == (10, 100)
    assert {len(e["node"]["representatives"]) for e in edges} == {3}
    assert small == large


def test_an_organisations_own_view_costs_the_same_for_10_and_200_organisations(fengshu):
    # given a representative of 10 organisations, each a partner with three representatives
    owner = make_user(name="连锁店老板")
    _more_partners(fengshu, 10, offset=0, owner=owner)
    platform = gql(None, owner)
    small, first = _queries(platform, MINE)

    # when they come to represent 190 more
    _more_partners(fengshu, 190, offset=10, owner=owner)
    large, second = _queries(platform, MINE)

    # then their view costs the same, with every community and representative
    organisations = second["data"]["myPartnerOrganisations"]
    assert (len(first["data"]["myPartnerOrganisations"]), len(organisations)) == (10, 200)
    assert {len(o["representatives"]) for o in organisations} == {3}
    assert {
        (p["communityName"], p["status"]) for o in organisations for p in o["partnerships"]
    } == {("枫树社区", "ACTIVE")}
    assert small == large


CALLS = (
    "query { partnerCalls(first: 100) { totalCount edges { node"
    " { id title needs kindsAllowed deadline publishedAt closedAt takesApplications } } } }"
)
RECEIVED = (
    "query { myReceivedServices(first: 100) { totalCount edges { node"
    " { id beneficiary deliveredOn partnerName commitment { title } rating { score } } } } }"
)


def _calls(community, count: int, start: int) -> None:
    today = timezone.localdate()
    with in_schema(community):
        PartnerCall.objects.bulk_create(
            PartnerCall(
                title=f"招募{n:03d}",
                needs="修鞋",
                kinds_allowed=["craftsman"],
                deadline=today + timedelta(days=30),
                published_at=timezone.now() if n % 2 else None,
            )
            for n in range(start, start + count)
        )


def test_the_calls_cost_the_same_for_10_and_200(fengshu):
    # given 10 calls, half of them drafts, listed by the office
    office = gql(fengshu, make_member(fengshu, Role.STAFF))
    _calls(fengshu, 10, 0)
    small, first = _queries(office, CALLS)

    # when there are 200
    _calls(fengshu, 190, 10)
    large, second = _queries(office, CALLS)

    # then a page costs the same
    counts = (first["data"]["partnerCalls"]["totalCount"], second["data"]["partnerCalls"])
    assert (counts[0], counts[1]["totalCount"], len(counts[1]["edges"])) == (10, 200, 100)
    assert small == large


def test_the_services_a_resident_received_cost_the_same_for_10_and_200(fengshu):
    # given a resident who received 10 services from partners
    bulk_partners(fengshu, 10)
    with in_schema(fengshu):
        resident = Fulfilment.objects.first().recipient
    client = gql(fengshu, resident)
    small, first = _queries(client, RECEIVED)

    # when they have received 200
    bulk_partners(fengshu, 190, offset=10)
    with in_schema(fengshu):
        Fulfilment.objects.update(recipient=resident)
    large, second = _queries(client, RECEIVED)

    # then a page costs the same
    totals = [r["data"]["myReceivedServices"]["totalCount"] for r in (first, second)]
    assert totals == [10, 200]
    assert len(second["data"]["myReceivedServices"]["edges"]) == 100
    assert small == large
