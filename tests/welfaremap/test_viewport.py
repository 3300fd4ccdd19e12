"""The map's markers for a view (/map/points.json): filters, nearest first, the cap, errors,
and a page whose size does not grow with the points."""

import json

import pytest
from django.db import connection
from django.test import Client

from commonweal.welfaremap import viewport, views
from commonweal.welfaremap.models import ServicePoint
from tests.fixtures import StatementsRun

HOST = {"HTTP_HOST": "fengshu.localhost"}


def _get(path, **params):
    response = Client().get(path, params, **HOST)
    connection.set_schema_to_public()
    return response


def _answer(**params) -> dict:
    response = _get("/map/points.json", **params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def _names(answer) -> list[str]:
    return [p["name"] for p in answer["points"]]


def test_a_bounding_box_keeps_the_points_inside_it(chengdu_points):
    # the box holds the three points near 30.6N 104.1E but not the clinic 1.1 km north
    answer = _answer(bbox="30.599,104.099,30.602,104.104")
    assert _names(answer) == ["枫树食堂", "王师傅修鞋", "邮政公交卡代办"]
    assert (answer["total"], answer["truncated"]) == (3, False)


def test_categories_filter_and_near_me_orders_by_distance(chengdu_points):
    answer = _answer(category=["canteen", "clinic"])
    assert _names(answer) == ["北边诊所", "枫树食堂"]

    # standing at the post office: the post office, then the canteen 287 m west, …
    answer = _answer(near="30.6000,104.1030")
    assert _names(answer) == ["邮政公交卡代办", "枫树食堂", "王师傅修鞋", "北边诊所"]
    assert [p["distanceM"] for p in answer["points"][:2]] == [0, 287]


def test_past_the_cap_the_nearest_to_the_view_are_sent_and_flagged(chengdu_points, monkeypatch):
    monkeypatch.setattr(viewport, "LIMIT", 2)

    # a view centred on the clinic: the clinic first, then the shoe repair 990 m south
    answer = _answer(bbox="30.605,104.095,30.615,104.105")
    assert (answer["total"], answer["truncated"]) == (1, False)
    answer = _answer(bbox="30.595,104.095,30.625,104.105")
    assert (answer["total"], answer["truncated"]) == (4, True)
    assert _names(answer) == ["北边诊所", "王师傅修鞋"]


@pytest.mark.parametrize(
    ("params", "code", "field"),
    [
        ({"bbox": "30.6,104.1,30.7"}, "COORDINATES_INVALID", "bbox"),
        ({"bbox": "a,b,c,d"}, "COORDINATES_INVALID", "bbox"),
        ({"near": "95,104.1"}, "COORDINATES_INVALID", "near"),
        ({"near": "30.6,nan"}, "COORDINATES_INVALID", "near"),
        ({"category": "casino"}, "CATEGORY_UNKNOWN", "category"),
    ],
)
def test_bad_parameters_get_a_coded_answer(chengdu_points, params, code, field):
    response = _get("/map/points.json", **params)
    assert response.status_code == 400
    error = json.loads(response.content)["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert error["message"]


def _add(count: int, start: int) -> None:
    ServicePoint.objects.bulk_create(
        ServicePoint(
            name=f"点{n:04d}",
            category="repair",
            lat=30.6 + n / 100_000,
            lng=104.1,
            raw_lat=30.6 + n / 100_000,
            raw_lng=104.1,
        )
        for n in range(start, start + count)
    )


def _measure(path) -> tuple[int, int]:
    with StatementsRun(connection) as run:
        response = Client().get(path, **HOST)
    assert response.status_code == 200
    connection.set_schema_to_public()
    return len(run), len(response.content)


def test_page_and_markers_cost_the_same_for_30_and_200_points(in_fengshu, monkeypatch):
    monkeypatch.setattr(viewport, "LIMIT", 50)
    connection.set_tenant(in_fengshu)
    _add(views.LIST_PAGE, 0)
    page_small, page_bytes_small = _measure("/map/")
    markers_small, _ = _measure("/map/points.json")

    connection.set_tenant(in_fengshu)
    _add(200 - views.LIST_PAGE, views.LIST_PAGE)
    page_large, page_bytes_large = _measure("/map/")
    markers_large, markers_bytes = _measure("/map/points.json")

    assert (page_large, markers_large) == (page_small, markers_small)
    # the page lists one page of names whatever the count; the markers stop at the cap
    assert page_bytes_large - page_bytes_small < 1_000
    answer = json.loads(Client().get("/map/points.json", **HOST).content)
    connection.set_schema_to_public()
    assert (len(answer["points"]), answer["total"], answer["truncated"]) == (50, 200, True)
    assert markers_bytes < 50 * 600


def test_the_list_pages_by_category_without_javascript(in_fengshu, monkeypatch):
    monkeypatch.setattr(views, "LIST_PAGE", 5)
    connection.set_tenant(in_fengshu)
    _add(12, 0)
    html = _get("/map/", category="repair", page="3").content.decode()
    assert [f"点{n:04d}" in html for n in (9, 10, 11)] == [False, True, True]
    assert "第 3 页，共 3 页" in html
    assert 'href="?category=repair&amp;page=2"' in html
