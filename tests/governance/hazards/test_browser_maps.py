"""Chromium at 390×844 under the content security policy (scripts only from static files or
with the request's nonce): staff draw a grid by tapping corners on the map, start a gas-safety
campaign over it, tick a household off the checklist, and see open reports on the heat map."""

import pytest
from django.db import connection

from commonweal.governance.hazards.models import CampaignItem, Grid
from commonweal.governance.hazards.services import reports
from commonweal.platform.kernel.roles import Role
from tests.browser import screenshot, sign_in_as, strict_page, url  # noqa: F401
from tests.fixtures import make_community, make_member
from tests.partners.fixtures import in_schema

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def haitang():
    community = make_community("haitang", name="海棠社区")
    yield community
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def test_a_grid_drawn_by_taps_then_a_campaign_and_the_heat_map(live_server, strict_page, haitang):  # noqa: F811
    page = strict_page
    page.set_viewport_size({"width": 390, "height": 844})
    staff = make_member(haitang, Role.STAFF, name="社工李强")
    sign_in_as(page, haitang, staff)

    # staff draw the grid: four taps around the middle of the map
    page.goto(url(live_server, "/hazards/grids/new/", haitang))
    canvas = page.locator("#grid-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((-120, -90), (120, -90), (120, 90), (-120, 90)):
        page.mouse.click(cx + dx, cy + dy)
    assert page.locator("#grid-corners").inner_text() == "拐点数： 4"
    page.get_by_label("名称").fill("海棠佳苑网格")
    page.get_by_label("户数").fill("3")
    screenshot(page, "hazards-grid-draw")
    page.get_by_role("button", name="保存网格").click()
    page.wait_for_url("**/hazards/grids/")
    with in_schema(haitang):
        grid = Grid.objects.get()
    assert (grid.name, len(grid.boundary), grid.households) == ("海棠佳苑网格", 4, 3)

    # a gas-safety campaign over it, one household ticked off on the phone
    page.goto(url(live_server, "/hazards/campaigns/new/", haitang))
    page.get_by_label("名称（如：燃气安全入户检查）").fill("燃气安全入户检查")
    page.get_by_label("逐户入户").check()
    page.get_by_label("海棠佳苑网格").check()
    page.get_by_role("button", name="发起", exact=True).click()
    page.wait_for_url("**/hazards/campaigns/*/")
    page.get_by_role("button", name="已检查", exact=True).first.click()
    assert "已登记：海棠佳苑网格 · 第1户。" in page.locator("main").inner_text()
    screenshot(page, "hazards-campaign")
    with in_schema(haitang):
        assert list(
            CampaignItem.objects.order_by("position").values_list("outcome", flat=True)
        ) == [
            "done",
            "pending",
            "pending",
        ]

    # open reports inside the grid show on the statistics page's heat map
    lat = sum(p[0] for p in grid.boundary) / 4
    lng = sum(p[1] for p in grid.boundary) / 4
    with in_schema(haitang):
        for _ in range(3):
            reports.report_file(
                actor=staff,
                community=haitang,
                category="road",
                description="路面塌陷",
                lat=lat,
                lng=lng,
            )
    page.goto(url(live_server, "/hazards/stats/", haitang))
    page.locator("#hazard-heat path.leaflet-interactive").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert page.locator("#hazard-heat path.leaflet-interactive").count() == 1
    screenshot(page, "hazards-heat-map")
    assert page.blocked == []  # nothing refused by the content security policy
