import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from commonweal.platform.kernel.roles import Role
from commonweal.tenants.models import CommunityStatus
from commonweal.welfaremap import services
from commonweal.welfaremap.models import ServicePoint
from tests.fixtures import make_member
from tests.welfaremap.fixtures import add_point

HOST = {"HTTP_HOST": "fengshu.localhost"}


def _get(client, path, **headers):
    response = client.get(path, **headers)
    connection.set_schema_to_public()
    return response


def _map_data(response) -> dict:
    html = response.content.decode()
    start = html.index('<script id="map-data" type="application/json">') + len(
        '<script id="map-data" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def _points(response) -> list[dict]:
    return json.loads(response.content)["points"]


def test_the_community_map_lists_public_points_for_anyone(chengdu_points):
    # the page carries the list and the map's settings, not the markers
    response = _get(Client(), "/map/", **HOST)
    assert response.status_code == 200
    data = _map_data(response)
    assert "points" not in data
    assert data["pointsUrl"] == "/map/points.json"
    assert data["tiles"]["datum"] == "gcj02"
    assert data["compounds"] == []
    html = response.content.decode()
    assert "内部仓库" not in html and "已关闭食堂" not in html
    assert [n for n in ("北边诊所", "枫树食堂", "王师傅修鞋", "邮政公交卡代办") if n in html] == [
        "北边诊所",
        "枫树食堂",
        "王师傅修鞋",
        "邮政公交卡代办",
    ]

    # the markers come from points.json
    markers = _get(Client(), "/map/points.json", **HOST)
    assert markers.status_code == 200
    assert [p["name"] for p in _points(markers)] == [
        "北边诊所",
        "枫树食堂",
        "王师傅修鞋",
        "邮政公交卡代办",
    ]


def test_osm_tiles_put_markers_in_wgs84(chengdu_points, settings):
    settings.MAP_TILE_PROVIDER = "osm"
    data = _map_data(_get(Client(), "/map/", **HOST))
    canteen = next(
        p for p in _points(_get(Client(), "/map/points.json", **HOST)) if p["name"] == "枫树食堂"
    )
    assert data["tiles"]["datum"] == "wgs84"
    assert [round(v, 7) for v in canteen["wgs84"]] == [30.6024208, 104.097461]


def test_staff_see_coverage_gaps_on_the_map(in_fengshu):
    services.compound_save(actor=None, data={"name": "海棠佳苑", "lat": 30.6, "lng": 104.1})
    staff = make_member(in_fengshu, Role.STAFF)
    client = Client()
    client.force_login(staff)
    response = _get(client, "/map/", **HOST)
    data = _map_data(response)
    assert [(c["name"], len(c["gaps"])) for c in data["compounds"]] == [("海棠佳苑", 28)]
    assert "海棠佳苑" in response.content.decode()


def test_the_platform_map_shows_points_of_active_communities(fengshu, jiahonglu):
    add_point(fengshu, "枫树食堂", "canteen", 30.6, 104.1)
    add_point(jiahonglu, "佳宏路食堂", "canteen", 30.61, 104.09)
    connection.set_schema_to_public()
    jiahonglu.status = CommunityStatus.SUSPENDED
    jiahonglu.save(update_fields=["status"])

    data = _map_data(_get(Client(), "/map/", HTTP_HOST="localhost"))
    assert [(p["name"], p["slug"]) for p in data["points"]] == [("枫树食堂", "fengshu")]
    assert [c["slug"] for c in data["communities"]] == ["fengshu"]


def test_staff_import_a_sheet_in_the_admin(in_fengshu):
    staff = make_member(in_fengshu, Role.STAFF)
    client = Client()
    client.force_login(staff)
    bad = SimpleUploadedFile(
        "p.csv", "name,category,lat,lng\n好点,canteen,30.6,104.1\n坏点,canteen,95,104.1\n".encode()
    )
    response = client.post("/admin/welfaremap/servicepoint/import/", {"sheet": bad}, **HOST)
    connection.set_tenant(in_fengshu)
    assert response.status_code == 200
    assert ServicePoint.objects.count() == 0
    assert "<td>3</td><td>lat</td>" in response.content.decode()

    good = SimpleUploadedFile("p.csv", "name,category,lat,lng\n好点,canteen,30.6,104.1\n".encode())
    response = client.post("/admin/welfaremap/servicepoint/import/", {"sheet": good}, **HOST)
    connection.set_tenant(in_fengshu)
    assert response.status_code == 302
    assert list(ServicePoint.objects.values_list("name", flat=True)) == ["好点"]


def test_residents_cannot_open_the_map_admin(in_fengshu):
    resident = make_member(in_fengshu, Role.RESIDENT)
    client = Client()
    client.force_login(resident)
    response = _get(client, "/admin/welfaremap/servicepoint/import/", **HOST)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_add_a_point_in_the_admin_in_wgs84(in_fengshu):
    staff = make_member(in_fengshu, Role.STAFF)
    client = Client()
    client.force_login(staff)
    form = {
        "name": "社区食堂",
        "category": "canteen",
        "facility_type": "",
        "tier": "low_fee",
        "lat_input": "95",
        "lng_input": "104.1",
        "system": "wgs84",
        "is_public": "on",
    }
    path = "/admin/welfaremap/servicepoint/add/"
    assert _get(client, path, **HOST).status_code == 200

    refused = client.post(path, form, **HOST)
    connection.set_tenant(in_fengshu)
    assert refused.status_code == 200
    assert ServicePoint.objects.count() == 0

    response = client.post(path, {**form, "lat_input": "30.6"}, **HOST)
    connection.set_tenant(in_fengshu)
    assert response.status_code == 302
    point = ServicePoint.objects.get()
    assert (point.name, point.raw_system, point.raw_lat, point.lat != 30.6) == (
        "社区食堂",
        "wgs84",
        30.6,
        True,
    )
