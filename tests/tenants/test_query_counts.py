"""The platform's lists cost the same number of queries whatever their length."""

from decimal import Decimal

import pytest
from django.db import connection

from commonweal.tenants.models import ApplicationStatus, Community, CommunityApplication
from tests.fixtures import StatementsRun, gql, make_user

DIRECTORY = """
{ communities(first: 100) {
    totalCount
    edges { node { id slug name city district subdistrict areaKm2 population households
                   centreLat centreLng introduction host } }
} }
"""
APPLICATIONS = """
{ communityApplications(first: 100) {
    totalCount
    edges { node { id slug name status applicantName submittedAt community { slug host } } }
} }
"""
MY_APPLICATIONS = """
{ myCommunityApplications(first: 100) {
    totalCount edges { node { slug status community { slug } } }
} }
"""


def _communities(count: int, *, start: int = 0) -> list[Community]:
    # Rows only: the directory reads the public table, never the schemas.
    return Community.objects.bulk_create(
        Community(
            slug=f"c{n:03d}",
            schema_name=f"c_c{n:03d}",
            name=f"社区{n:03d}",
            city="成都市",
            district="锦江区",
            subdistrict="街道",
            area_km2=Decimal("1.00"),
            population=n,
            households=n,
            centre_lat=30.6,
            centre_lng=104.1,
        )
        for n in range(start, start + count)
    )


def _applications(count: int, applicant, *, start: int = 0) -> None:
    communities = _communities(count, start=start)
    CommunityApplication.objects.bulk_create(
        CommunityApplication(
            slug=community.slug,
            name=community.name,
            city="成都市",
            district="锦江区",
            subdistrict="街道",
            area_km2=Decimal("1.00"),
            population=1,
            households=1,
            centre_lat=30.6,
            centre_lng=104.1,
            applicant_name="申请人",
            applicant=applicant,
            # Every other one approved, so the community relation is exercised.
            status=ApplicationStatus.APPROVED if n % 2 else ApplicationStatus.PENDING,
            community=community if n % 2 else None,
        )
        for n, community in enumerate(communities)
    )


def _count_queries(client, query: str) -> tuple[int, dict]:
    with StatementsRun(connection) as run:
        result = client.execute(query)
    return len(run), result


def test_directory_queries_do_not_grow_with_communities(db):
    # given 10 communities
    _communities(10)
    small, result = _count_queries(gql(None), DIRECTORY)
    assert result["data"]["communities"]["totalCount"] == 10

    # when there are 200
    _communities(190, start=10)
    large, result = _count_queries(gql(None), DIRECTORY)

    # then a page of them costs the same single query (page and count in one)
    assert result["data"]["communities"]["totalCount"] == 200
    assert len(result["data"]["communities"]["edges"]) == 100
    assert (small, large) == (1, 1)


@pytest.mark.parametrize("query", [APPLICATIONS, MY_APPLICATIONS])
def test_application_lists_do_not_grow_with_applications(db, query):
    # given a platform admin who filed 10 applications, half of them approved
    admin = make_user(staff=True)
    _applications(10, admin)
    client = gql(None, admin)
    small, result = _count_queries(client, query)
    assert next(iter(result["data"].values()))["totalCount"] == 10

    # when they have filed 200
    _applications(190, admin, start=10)
    large, result = _count_queries(client, query)

    # then the list costs the same number of queries
    assert next(iter(result["data"].values()))["totalCount"] == 200
    assert (small, large) == (3, 3)
