"""Living-circle coverage on a hand-computed fixture.

Everything lies on the meridian 104.0° E, where 0.001° of latitude is exactly
6,378,168 m × π / 180 × 0.001 = 111.32 m on earthdistance's sphere. Three scored types:
社区食堂 community_canteen (300 m), 小学 primary_school (500 m) and 社区卫生服务中心
health_center (overridden from 1000 m to 500 m).

Compound A, 1,000 residents, entrances at 29.999 and 30.003:
  canteen 30.002 → 0.001° = 111.3 m ✓; school 30.0095 → 0.0065° = 723.6 m ✗;
  health 30.005 → 0.002° = 222.6 m ✓                                      share 2/3
Compound B, 3,000 residents, no entrances (its centre 30.010 counts):
  canteen → 0.008° = 890.6 m ✗ (a retired canteen at 30.010 does not count);
  school → 0.0005° = 55.7 m ✓; health → 0.005° = 556.6 m ✗ (✓ under the default 1000 m)
                                                                         share 1/3
Score = (1000 × 2/3 + 3000 × 1/3) / 4000 = 5/12.
"""

import pytest

from commonweal.welfaremap import services
from commonweal.welfaremap.living_circle import ensure_facility_types, living_circle_coverage
from commonweal.welfaremap.models import FacilityType
from tests.welfaremap.fixtures import add_point

SCORED = ("community_canteen", "primary_school", "health_center")


@pytest.fixture
def hand_computed(in_fengshu):
    fengshu = in_fengshu
    ensure_facility_types()
    FacilityType.objects.exclude(code__in=SCORED).update(counts_toward_score=False)
    services.facility_type_override(actor=None, code="health_center", radius_m=500)
    add_point(fengshu, "食堂", "canteen", 30.002, 104.0)
    add_point(fengshu, "小学", "education", 30.0095, 104.0)
    add_point(fengshu, "卫生服务中心", "clinic", 30.005, 104.0, facility_type="health_center")
    closed = add_point(fengshu, "关闭的食堂", "canteen", 30.010, 104.0)
    services.point_retire(actor=None, community=fengshu, point=closed)
    services.compound_save(
        actor=None,
        data={
            "name": "A院落",
            "population": 1000,
            "households": 400,
            "lat": 30.001,
            "lng": 104.0,
            "entrances": [{"lat": 29.999, "lng": 104.0}, {"lat": 30.003, "lng": 104.0}],
        },
    )
    services.compound_save(
        actor=None,
        data={"name": "B小区", "population": 3000, "households": 1200, "lat": 30.010, "lng": 104.0},
    )
    return fengshu


def _table(report):
    return {
        (c.compound.name, i.facility_type.code): (
            None if i.distance_m is None else round(i.distance_m, 1),
            i.covered,
        )
        for c in report.compounds
        for i in c.items
        if i.facility_type.code in SCORED
    }


def test_coverage_gives_the_hand_computed_flags_and_score(hand_computed):
    # when coverage is computed
    report = living_circle_coverage()

    # then each compound and type has the hand-computed distance and flag
    assert _table(report) == {
        ("A院落", "community_canteen"): (111.3, True),
        ("A院落", "primary_school"): (723.6, False),
        ("A院落", "health_center"): (222.6, True),
        ("B小区", "community_canteen"): (890.6, False),
        ("B小区", "primary_school"): (55.7, True),
        ("B小区", "health_center"): (556.6, False),
    }
    assert [(c.compound.name, c.covered_count, len(c.scored)) for c in report.compounds] == [
        ("A院落", 2, 3),
        ("B小区", 1, 3),
    ]
    assert report.score == pytest.approx(5 / 12, abs=1e-12)
    assert [(compound.name, item.facility_type.code) for compound, item in report.gaps] == [
        ("A院落", "primary_school"),
        ("B小区", "health_center"),
        ("B小区", "community_canteen"),
    ]


def test_types_without_any_facility_are_gaps_with_no_distance(hand_computed):
    report = living_circle_coverage()
    items = {i.facility_type.code: i for i in report.compounds[0].items}
    assert (items["metro_station"].distance_m, items["metro_station"].covered) == (None, False)


def test_restoring_the_default_radius_covers_b_from_the_health_centre(hand_computed):
    services.facility_type_override(actor=None, code="health_center", radius_m=0)
    report = living_circle_coverage()
    assert _table(report)[("B小区", "health_center")] == (556.6, True)
    assert report.score == pytest.approx((1000 * 2 / 3 + 3000 * 2 / 3) / 4000, abs=1e-12)


def test_defaults_come_from_the_packaged_csv_once(in_fengshu):
    assert ensure_facility_types() == 28
    assert ensure_facility_types() == 0
    canteen = FacilityType.objects.get(code="community_canteen")
    assert (canteen.name, canteen.level, canteen.radius_m) == ("社区食堂", "5min", 300)
