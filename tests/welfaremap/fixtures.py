"""Fixtures of the welfare-map tests: a community's schema to write in, points, sheets."""

import pytest
from django.db import connection

from commonweal.welfaremap import services

POINTS_QUERY = """
query($bbox: BoundingBoxInput, $near: PointInput, $radius: Float, $categories: [ServiceCategory!],
      $first: Int, $hidden: Boolean! = false) {
  servicePoints(bbox: $bbox, near: $near, radiusM: $radius, categories: $categories,
                first: $first, includeHidden: $hidden) {
    totalCount
    edges { node { id name category tier operatorName openingHours distanceM } }
  }
}
"""


def add_point(community, name, category, lat, lng, **extra):
    """A point made through the service (search document included), in `community`'s schema."""
    connection.set_tenant(community)
    data = {"name": name, "category": category, "lat": lat, "lng": lng, "system": "gcj02"}
    data.update(extra)
    return services.point_create(actor=None, community=community, data=data)


@pytest.fixture
def in_fengshu(fengshu):
    """Fengshu's schema on the connection for the test's own ORM calls."""
    connection.set_tenant(fengshu)
    return fengshu


@pytest.fixture
def chengdu_points(in_fengshu):
    """Five points around 30.6N 104.1E: three within ~300 m, one 1.1 km north, one retired."""
    fengshu = in_fengshu
    points = {
        "canteen": add_point(fengshu, "枫树食堂", "canteen", 30.6000, 104.1000, tier="low_fee"),
        "repair": add_point(fengshu, "王师傅修鞋", "repair", 30.6010, 104.1000),
        "post": add_point(fengshu, "邮政公交卡代办", "transit_card", 30.6000, 104.1030),
        "far": add_point(fengshu, "北边诊所", "clinic", 30.6100, 104.1000),
        "hidden": add_point(fengshu, "内部仓库", "other", 30.6001, 104.1001, is_public=False),
    }
    retired = add_point(fengshu, "已关闭食堂", "canteen", 30.6002, 104.1002)
    services.point_retire(actor=None, community=fengshu, point=retired)
    points["retired"] = retired
    return points


def names(response, field="servicePoints"):
    return [edge["node"]["name"] for edge in response["data"][field]["edges"]]
