"""Conversions against published reference pairs, both directions.

Sources:
- googollee/eviltransform, python/test.py and go/transform_test.go `TESTS` (WGS-84 ↔ GCJ-02;
  Shanghai, Shenzhen, Beijing): wgs2gcj matches to 6 decimals, the exact inverse to < 0.5 m.
- wandergis/coordtransform, test/app.js "result" comments for (116.404, 39.915): gcj02tobd09
  = [116.41036949371029, 39.92133699351021], bd09togcj02 = [116.39762729119315,
  39.90865673957631] (Baidu's closed form, which our iterative refinement improves on by
  < 1e-6°), wgs84togcj02 = [116.41024449916938, 39.91640428150164].
"""

import pytest

from commonweal.welfaremap.coordinates import (
    bd09_to_gcj02,
    bd09_to_wgs84,
    distance_m,
    from_gcj02,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    out_of_china,
    to_gcj02,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

EVILTRANSFORM = [
    # wgs lat, wgs lng, gcj lat, gcj lng
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]


@pytest.mark.parametrize(("wgs_lat", "wgs_lng", "gcj_lat", "gcj_lng"), EVILTRANSFORM)
def test_wgs84_to_gcj02_matches_published_pairs(wgs_lat, wgs_lng, gcj_lat, gcj_lng):
    lat, lng = wgs84_to_gcj02(wgs_lat, wgs_lng)
    assert (round(lat, 9), round(lng, 9)) == (round(gcj_lat, 9), round(gcj_lng, 9))


@pytest.mark.parametrize(("wgs_lat", "wgs_lng", "gcj_lat", "gcj_lng"), EVILTRANSFORM)
def test_gcj02_to_wgs84_iterative_inverse_recovers_published_pairs(
    wgs_lat, wgs_lng, gcj_lat, gcj_lng
):
    lat, lng = gcj02_to_wgs84(gcj_lat, gcj_lng)
    assert abs(lat - wgs_lat) < 1e-6 and abs(lng - wgs_lng) < 1e-6
    assert distance_m(lat, lng, wgs_lat, wgs_lng) < 0.01


def test_coordtransform_reference_point_in_every_direction():
    # given coordtransform's test point (lng 116.404, lat 39.915)
    lat, lng = 39.915, 116.404

    # then the forward conversions give its published results
    assert wgs84_to_gcj02(lat, lng) == pytest.approx(
        (39.91640428150164, 116.41024449916938), abs=1e-12
    )
    assert gcj02_to_bd09(lat, lng) == pytest.approx(
        (39.92133699351021, 116.41036949371029), abs=1e-12
    )
    # and the BD-09 inverse is within 1e-6° of Baidu's closed form, inverting gcj02_to_bd09 exactly
    back = bd09_to_gcj02(lat, lng)
    assert back == pytest.approx((39.90865673957631, 116.39762729119315), abs=1e-6)
    assert gcj02_to_bd09(*back) == pytest.approx((lat, lng), abs=1e-9)


@pytest.mark.parametrize(
    ("lat", "lng"), [(30.6195, 104.1215), (39.915, 116.404), (22.54, 113.91), (45.75, 126.63)]
)
def test_round_trips_are_exact_to_a_millionth_of_a_degree(lat, lng):
    assert wgs84_to_gcj02(*gcj02_to_wgs84(lat, lng)) == pytest.approx((lat, lng), abs=1e-9)
    assert gcj02_to_wgs84(*wgs84_to_gcj02(lat, lng)) == pytest.approx((lat, lng), abs=1e-6)
    assert bd09_to_wgs84(*wgs84_to_bd09(lat, lng)) == pytest.approx((lat, lng), abs=1e-6)


@pytest.mark.parametrize(
    ("lat", "lng"),
    [(51.5074, -0.1278), (40.7128, -74.006), (35.6762, 139.6503), (-33.8688, 151.2093)],
    ids=["london", "new-york", "tokyo", "sydney"],
)
def test_points_outside_china_are_not_shifted(lat, lng):
    assert out_of_china(lat, lng)
    for system in ("wgs84", "gcj02", "bd09"):
        assert to_gcj02(lat, lng, system) == (lat, lng)
        assert from_gcj02(lat, lng, system) == (lat, lng)


def test_a_point_in_chengdu_is_shifted_by_the_usual_few_hundred_metres():
    lat, lng = wgs84_to_gcj02(30.6195, 104.1215)
    assert 200 < distance_m(30.6195, 104.1215, lat, lng) < 700
