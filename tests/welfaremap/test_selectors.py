import re

from django.db import connection

from commonweal.welfaremap import selectors
from commonweal.welfaremap.models import ServicePoint

EARTH_INDEX = re.compile(r"Index (Only )?Scan using welfaremap_sp_(type_)?earth_gist")


def _names(points):
    return [p.name for p in points]


def test_bbox_keeps_listed_points_inside_the_box(chengdu_points):
    # when asking for a box around the three nearby points
    points = selectors.in_bbox(
        selectors.listed_points(), south=30.5995, west=104.0995, north=30.6015, east=104.1035
    ).order_by("name")

    # then the far, hidden and retired points are left out
    assert _names(points) == ["枫树食堂", "王师傅修鞋", "邮政公交卡代办"]


def test_radius_keeps_points_within_the_distance_nearest_first(chengdu_points):
    # 0.001° of latitude is 111.3 m; 0.003° of longitude at 30.6° N is 287.6 m
    points = list(selectors.within(selectors.listed_points(), lat=30.6, lng=104.1, radius_m=200))
    assert [(p.name, round(p.distance_m, 1)) for p in points] == [
        ("枫树食堂", 0.0),
        ("王师傅修鞋", 111.3),
    ]
    wider = selectors.within(selectors.listed_points(), lat=30.6, lng=104.1, radius_m=300)
    assert _names(wider) == ["枫树食堂", "王师傅修鞋", "邮政公交卡代办"]


def test_nearest_n_orders_by_distance(chengdu_points):
    points = selectors.nearest(selectors.listed_points(), lat=30.6105, lng=104.1)[:2]
    assert _names(points) == ["北边诊所", "王师傅修鞋"]


def test_category_filter_and_hidden_points_for_office_only(chengdu_points):
    canteens = selectors.in_categories(selectors.listed_points(), ["canteen"])
    assert _names(canteens) == ["枫树食堂"]
    assert _names(selectors.in_categories(ServicePoint.objects.all(), ["canteen"])) == [
        "已关闭食堂",
        "枫树食堂",
    ]


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_spatial_filters_can_use_the_gist_indexes(chengdu_points):
    # given a planner told to avoid sequential scans (the table is tiny)
    bbox = selectors.in_bbox(
        ServicePoint.objects.all(), south=30.5, west=104.0, north=30.7, east=104.2
    )
    radius = selectors.within(ServicePoint.objects.all(), lat=30.6, lng=104.1, radius_m=500)
    nearest = selectors.nearest(ServicePoint.objects.all(), lat=30.6, lng=104.1)[:3]

    # then each query can be answered from its index
    # (radius and nearest may pick either index over ll_to_earth: both are GiST on it)
    assert "Index Scan using welfaremap_sp_bbox_gist" in _plan(bbox)
    assert EARTH_INDEX.search(_plan(radius))
    assert EARTH_INDEX.search(_plan(nearest))
