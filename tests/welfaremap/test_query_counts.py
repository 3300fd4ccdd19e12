"""Every list of the welfare map costs the same number of statements for 10 and 200 rows."""

import pytest
from django.db import connection

from commonweal.platform.kernel.roles import Role
from commonweal.welfaremap.living_circle import ensure_facility_types
from commonweal.welfaremap.models import Compound, FacilityType, ServicePoint
from tests.fixtures import StatementsRun, gql, make_member

POINTS = (
    "{ servicePoints(first: 100, includeHidden: true) { totalCount edges { node"
    " { id name categoryLabel colour tier wgs84 { lat lng } } } } }"
)
COMPOUNDS = (
    "{ compounds(first: 100) { totalCount edges { node"
    " { name population entrances { lat lng } } } } }"
)
FACILITY_TYPES = "{ facilityTypes { code name radiusM countsTowardScore } }"
COVERAGE = (
    "{ livingCircleCoverage(first: 100) { score compounds { compound { name } coveredCount"
    " items { code covered distanceM } } gaps { compoundName code } } }"
)


def _points(count: int, start: int) -> None:
    ServicePoint.objects.bulk_create(
        ServicePoint(
            name=f"点{n:03d}",
            category="repair",
            lat=30.6 + n / 10_000,
            lng=104.1,
            raw_lat=30.6 + n / 10_000,
            raw_lng=104.1,
        )
        for n in range(start, start + count)
    )


def _compounds(count: int, start: int) -> None:
    Compound.objects.bulk_create(
        Compound(
            name=f"院{n:03d}",
            population=10,
            lat=30.6 + n / 10_000,
            lng=104.1,
            entrances=[{"lat": 30.6, "lng": 104.1}],
        )
        for n in range(start, start + count)
    )


def _facility_types(count: int, start: int) -> None:
    ensure_facility_types()
    FacilityType.objects.bulk_create(
        FacilityType(
            code=f"extra_{n:03d}",
            name=f"设施{n}",
            level="15min",
            radius_m=1000,
            default_radius_m=1000,
        )
        for n in range(start, start + count)
    )


def _statements(community, client, document) -> tuple[int, dict]:
    with StatementsRun(connection) as run:
        response = client.execute(document)
    connection.set_tenant(community)
    assert "errors" not in response, response
    return len(run), response["data"]


@pytest.mark.parametrize(
    ("document", "add", "rows"),
    [
        (POINTS, _points, lambda d: d["servicePoints"]["totalCount"]),
        (COMPOUNDS, _compounds, lambda d: d["compounds"]["totalCount"]),
        (COVERAGE, _compounds, lambda d: len(d["livingCircleCoverage"]["compounds"])),
    ],
    ids=["servicePoints", "compounds", "livingCircleCoverage"],
)
def test_a_map_list_costs_the_same_for_10_and_200_rows(in_fengshu, document, add, rows):
    # given 10 rows, listed by the office
    client = gql(in_fengshu, make_member(in_fengshu, Role.STAFF))
    connection.set_tenant(in_fengshu)
    ensure_facility_types()
    add(10, 0)
    small, data = _statements(in_fengshu, client, document)
    assert rows(data) == 10

    # when there are 200
    add(190, 10)
    large, data = _statements(in_fengshu, client, document)

    # then the list costs the same (a page holds at most 100)
    assert rows(data) in (100, 200)
    assert large == small


def test_facility_types_cost_the_same_for_10_and_200_extra_types(in_fengshu):
    # given the default types and 10 more
    client = gql(in_fengshu, make_member(in_fengshu, Role.STAFF))
    connection.set_tenant(in_fengshu)
    _facility_types(10, 0)
    defaults = FacilityType.objects.count() - 10
    small, data = _statements(in_fengshu, client, FACILITY_TYPES)
    assert len(data["facilityTypes"]) == defaults + 10

    # when there are 200 more
    _facility_types(190, 10)
    large, data = _statements(in_fengshu, client, FACILITY_TYPES)

    # then listing them costs the same
    assert len(data["facilityTypes"]) == defaults + 200
    assert large == small
