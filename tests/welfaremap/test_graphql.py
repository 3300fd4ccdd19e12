import json

from django.db import connection
from strawberry.relay import to_base64 as global_id

from commonweal.platform.kernel.roles import Role
from commonweal.search.models import SearchDocument
from commonweal.welfaremap.models import ServicePoint
from tests.fixtures import StatementsRun, gql, make_member
from tests.welfaremap.fixtures import POINTS_QUERY, add_point, names


def test_anyone_gets_listed_points_in_a_bbox(chengdu_points, fengshu):
    response = gql(fengshu).execute(
        POINTS_QUERY,
        {"bbox": {"south": 30.5995, "west": 104.0995, "north": 30.6015, "east": 104.1035}},
    )
    assert names(response) == ["枫树食堂", "王师傅修鞋", "邮政公交卡代办"]
    assert response["data"]["servicePoints"]["totalCount"] == 3


def test_radius_and_nearest_n_give_distances(chengdu_points, fengshu):
    near = {"lat": 30.6, "lng": 104.1}
    response = gql(fengshu).execute(POINTS_QUERY, {"near": near, "radius": 200})
    assert [
        (e["node"]["name"], e["node"]["distanceM"])
        for e in response["data"]["servicePoints"]["edges"]
    ] == [("枫树食堂", 0.0), ("王师傅修鞋", 111.3)]

    response = gql(fengshu).execute(
        POINTS_QUERY, {"near": {"lat": 30.6105, "lng": 104.1}, "first": 2}
    )
    assert names(response) == ["北边诊所", "王师傅修鞋"]


def test_category_filter_and_hidden_points_only_for_office(chengdu_points, fengshu):
    response = gql(fengshu).execute(POINTS_QUERY, {"categories": ["CANTEEN", "TRANSIT_CARD"]})
    assert names(response) == ["枫树食堂", "邮政公交卡代办"]
    # a resident asking for hidden points still gets the public ones only
    resident = make_member(fengshu, Role.RESIDENT)
    response = gql(fengshu, resident).execute(POINTS_QUERY, {"hidden": True})
    assert "内部仓库" not in names(response)
    staff = make_member(fengshu, Role.STAFF)
    response = gql(fengshu, staff).execute(POINTS_QUERY, {"hidden": True})
    assert names(response) == [
        "内部仓库",
        "北边诊所",
        "已关闭食堂",
        "枫树食堂",
        "王师傅修鞋",
        "邮政公交卡代办",
    ]


def test_geojson_in_both_datums(chengdu_points, fengshu):
    query = "query($crs: CoordinateSystem!) { servicePointsGeojson(crs: $crs) }"
    gcj = json.loads(gql(fengshu).execute(query, {"crs": "GCJ02"})["data"]["servicePointsGeojson"])
    wgs = json.loads(gql(fengshu).execute(query, {"crs": "WGS84"})["data"]["servicePointsGeojson"])
    assert gcj["type"] == "FeatureCollection"
    assert [f["properties"]["name"] for f in gcj["features"]] == [
        "北边诊所",
        "枫树食堂",
        "王师傅修鞋",
        "邮政公交卡代办",
    ]
    canteen_gcj = gcj["features"][1]["geometry"]["coordinates"]
    canteen_wgs = wgs["features"][1]["geometry"]["coordinates"]
    assert canteen_gcj == [104.1, 30.6]
    assert canteen_wgs == [104.097461, 30.6024208]  # gcj02_to_wgs84(30.6, 104.1), rounded
    assert wgs["crs"]["properties"]["name"] == "WGS-84"


def test_geojson_url_download(chengdu_points, fengshu, client):
    response = client.get("/map/points.geojson?crs=wgs84", HTTP_HOST="fengshu.localhost")
    connection.set_schema_to_public()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    body = json.loads(response.content)
    assert len(body["features"]) == 4
    assert (
        client.get("/map/points.geojson?crs=mars", HTTP_HOST="fengshu.localhost").status_code == 400
    )


def _count_queries(community, query, variables=None) -> int:
    with StatementsRun(connection) as captured:
        response = gql(community).execute(query, variables)
    assert "errors" not in response
    return len(captured)


def test_points_query_count_does_not_grow_with_rows(in_fengshu):
    query = (
        "{ servicePoints(first: 50) { edges { node { id name categoryLabel colour tier"
        " wgs84 { lat lng } } } } }"
    )
    add_point(in_fengshu, "甲", "canteen", 30.6, 104.1)
    few = _count_queries(in_fengshu, query)
    for i in range(8):
        add_point(in_fengshu, f"点{i}", "repair", 30.6 + i / 1000, 104.1)
    assert _count_queries(in_fengshu, query) == few


COVERAGE = """
{ livingCircleCoverage(first: 10) { score compounds { compound { name } coveredCount scoredCount
  items { code covered distanceM } } gaps { compoundName code } } }
"""


def test_coverage_query_for_staff_and_its_query_count(in_fengshu):
    from commonweal.welfaremap import services

    services.compound_save(
        actor=None, data={"name": "一号院", "population": 10, "lat": 30.6, "lng": 104.1}
    )
    add_point(in_fengshu, "食堂", "canteen", 30.601, 104.1)
    staff = make_member(in_fengshu, Role.STAFF)
    response = gql(in_fengshu, staff).execute(COVERAGE)
    report = response["data"]["livingCircleCoverage"]
    compound = report["compounds"][0]
    assert (compound["compound"]["name"], compound["coveredCount"], compound["scoredCount"]) == (
        "一号院",
        1,
        28,
    )
    canteen = next(i for i in compound["items"] if i["code"] == "community_canteen")
    assert canteen == {"code": "community_canteen", "covered": True, "distanceM": 111.3}
    assert report["score"] == round(1 / 28, 4)
    assert len(report["gaps"]) == 27
    # residents are not shown coverage
    resident = make_member(in_fengshu, Role.RESIDENT)
    assert gql(in_fengshu, resident).execute(COVERAGE)["data"] == {"livingCircleCoverage": None}

    connection.set_tenant(in_fengshu)
    with StatementsRun(connection) as few:
        gql(in_fengshu, staff).execute(COVERAGE)
    for i in range(5):
        connection.set_tenant(in_fengshu)
        services.compound_save(
            actor=None, data={"name": f"院{i}", "lat": 30.6, "lng": 104.1 + i / 1000}
        )
    with StatementsRun(connection) as many:
        gql(in_fengshu, staff).execute(COVERAGE)
    assert len(many) == len(few)


CREATE = """
mutation($input: ServicePointInput!) {
  createServicePoint(input: $input) { point { id name lat lng category } errors { code field } }
}
"""
UPDATE = """
mutation($id: ID!, $input: ServicePointInput!) {
  updateServicePoint(id: $id, input: $input) { point { name isPublic } errors { code field } }
}
"""
RETIRE = """
mutation($id: ID!) { retireServicePoint(id: $id) { point { retiredAt } errors { code } } }
"""


def _documents(community):
    return list(
        SearchDocument.objects.filter(community=community, kind="service_point")
        .order_by("key")
        .values_list("title", "visible", "category")
    )


def test_staff_create_edit_retire_keeps_search_documents_in_step(fengshu):
    staff = make_member(fengshu, Role.STAFF)
    client = gql(fengshu, staff)

    # create in BD-09: stored as GCJ-02
    response = client.execute(
        CREATE,
        {
            "input": {
                "name": "邮政营业所",
                "category": "TRANSIT_CARD",
                "lat": 30.6262,
                "lng": 104.1281,
                "system": "BD09",
                "tier": "LOW_FEE",
                "operatorName": "锦江邮政",
            }
        },
    )
    point = response["data"]["createServicePoint"]["point"]
    assert (point["name"], point["category"]) == ("邮政营业所", "TRANSIT_CARD")
    assert (round(point["lat"], 4), round(point["lng"], 4)) == (30.6203, 104.1215)
    assert _documents(fengshu) == [("邮政营业所", True, "transit_card")]

    # made private: withdrawn from search
    response = client.execute(UPDATE, {"id": point["id"], "input": {"isPublic": False}})
    assert response["data"]["updateServicePoint"] == {
        "point": {"name": "邮政营业所", "isPublic": False},
        "errors": [],
    }
    assert _documents(fengshu) == [("邮政营业所", False, "transit_card")]

    # public again, then retired: withdrawn again, and a second retirement is refused
    client.execute(UPDATE, {"id": point["id"], "input": {"isPublic": True}})
    assert _documents(fengshu) == [("邮政营业所", True, "transit_card")]
    response = client.execute(RETIRE, {"id": point["id"]})
    assert response["data"]["retireServicePoint"]["point"]["retiredAt"] is not None
    assert _documents(fengshu) == [("邮政营业所", False, "transit_card")]
    response = client.execute(RETIRE, {"id": point["id"]})
    assert response["data"]["retireServicePoint"] == {
        "point": None,
        "errors": [{"code": "ALREADY_RETIRED"}],
    }


def test_invalid_input_is_refused_with_a_code(fengshu):
    staff = make_member(fengshu, Role.STAFF)
    response = gql(fengshu, staff).execute(
        CREATE, {"input": {"name": "坏点", "category": "CANTEEN", "lat": 95, "lng": 104.1}}
    )
    assert response["data"]["createServicePoint"] == {
        "point": None,
        "errors": [{"code": "COORDINATES_INVALID", "field": "lat"}],
    }
    connection.set_tenant(fengshu)
    assert ServicePoint.objects.count() == 0


def test_a_foreign_type_id_reads_as_not_found(fengshu):
    staff = make_member(fengshu, Role.STAFF)
    response = gql(fengshu, staff).execute(RETIRE, {"id": global_id("Compound", 1)})
    assert response["data"]["retireServicePoint"]["errors"] == [{"code": "NOT_FOUND"}]


def test_compounds_query_count_does_not_grow_with_rows(in_fengshu):
    from commonweal.welfaremap import services

    staff = make_member(in_fengshu, Role.STAFF)
    query = (
        "{ compounds(first: 50) { totalCount edges { node"
        " { name population entrances { lat lng } } } } }"
    )

    def count() -> tuple[int, int]:
        with StatementsRun(connection) as captured:
            response = gql(in_fengshu, staff).execute(query)
        connection.set_tenant(in_fengshu)
        return len(captured), response["data"]["compounds"]["totalCount"]

    connection.set_tenant(in_fengshu)
    services.compound_save(actor=None, data={"name": "院0", "lat": 30.6, "lng": 104.1})
    few, total = count()
    assert total == 1
    for i in range(1, 6):
        services.compound_save(actor=None, data={"name": f"院{i}", "lat": 30.6, "lng": 104.1})
    assert count() == (few, 6)
