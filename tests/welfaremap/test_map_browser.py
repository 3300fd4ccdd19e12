import pytest
from django.db import connection

from commonweal.tenants.demo_data import DEMO_COMMUNITIES
from commonweal.welfaremap import demo
from commonweal.welfaremap.models import ServicePoint
from tests.browser import page, screenshot, url  # noqa: F401
from tests.fixtures import make_community

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FENGSHU = next(d for d in DEMO_COMMUNITIES if d["slug"] == "fengshu")


@pytest.fixture
def map_community():
    community = make_community(
        "mapville",
        name="地图社区",
        centre_lat=FENGSHU["centre_lat"],
        centre_lng=FENGSHU["centre_lng"],
    )
    connection.set_tenant(community)
    demo.load(community, FENGSHU)
    total = ServicePoint.objects.count()
    canteens = ServicePoint.objects.filter(category="canteen").count()
    connection.set_schema_to_public()
    yield community, total, canteens
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def _visible_items(page):  # noqa: F811
    return page.locator("#point-list .point-item:visible")


def test_the_map_shows_demo_points_and_the_filter_changes_markers_and_list(
    live_server,
    page,  # noqa: F811
    map_community,
):
    community, total, canteens = map_community

    # given the community's map on a phone, with no internet for the tiles
    page.goto(url(live_server, "/map/", community))
    assert page.locator("h1").inner_text() == "公益地图"

    # then every demo point is in the list and on the map, tiles or not
    page.wait_for_function(f"document.getElementById('map').dataset.markerCount === '{total}'")
    assert _visible_items(page).count() == total == 18
    assert page.locator(".leaflet-container").count() == 1
    page.wait_for_selector("#map-notice:not([hidden])")

    # when the resident picks the canteen category
    page.locator(".chip[data-category='canteen']").click()

    # then only canteens remain, on the map and in the list
    page.wait_for_function(f"document.getElementById('map').dataset.markerCount === '{canteens}'")
    assert _visible_items(page).count() == canteens == 1
    assert (
        _visible_items(page).first.locator(".point-name").inner_text() == "枫树社区综合体·社区食堂"
    )
    assert page.locator(".leaflet-marker-icon:visible").count() >= 1
    screenshot(page, "welfare-map-canteens")

    # and picking the transit-card service shows the post offices
    page.locator(".chip[data-category='transit_card']").click()
    page.wait_for_function("document.getElementById('map').dataset.markerCount === '3'")
    assert sorted(_visible_items(page).locator(".point-name").all_inner_texts()) == [
        "中国邮政成龙大道营业所·老年卡学生卡代办",
        "中国邮政成龙路营业所·公交卡代办点",
        "枫树社区公交卡代办点",
    ]
    page.locator(".chip[data-category='']").click()
    page.wait_for_function(f"document.getElementById('map').dataset.markerCount === '{total}'")

    # and "near me" (GPS, WGS-84) orders the list by distance
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 30.6170, "longitude": 104.1240})
    page.locator("#near-me").click()
    page.wait_for_function("document.querySelector('.point-distance').textContent !== ''")
    first = _visible_items(page).first
    assert first.locator(".point-distance").inner_text().endswith("米")
    screenshot(page, "welfare-map-all")


def test_the_platform_map_lists_communities_from_search_documents(
    live_server,
    page,  # noqa: F811
    map_community,
):
    _community, total, _canteens = map_community
    page.goto(url(live_server, "/map/"))
    item = page.locator(".community-item[data-slug='mapville']")
    assert "18" in item.inner_text()
    item.locator(".zoom-to").click()
    page.wait_for_function(f"document.getElementById('map').dataset.markerCount === '{total}'")
    screenshot(page, "platform-map")
