"""The shell in Chromium at a phone's and a desktop's size: search from the platform home to a
community's page, the home tiles, one navigation on every route, large text, and an automated
check of every public page at 390 px. Screenshots go to test-artifacts/."""

import re
from pathlib import Path

import pytest
from django.db import connection

from commonweal.tenants.demo import _load_app_demos
from commonweal.tenants.demo_data import DEMO_COMMUNITIES
from tests.browser import page, screenshot, url  # noqa: F401
from tests.fixtures import make_community

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SIZES = [PHONE, DESKTOP]


@pytest.fixture
def demo_communities():
    made = []
    try:
        for slug in ("fengshu", "jiahonglu"):
            data = next(d for d in DEMO_COMMUNITIES if d["slug"] == slug)
            community = make_community(
                slug,
                name=data["name"],
                centre_lat=data["centre_lat"],
                centre_lng=data["centre_lng"],
            )
            made.append(community)
            _load_app_demos(community, data)
        yield made
    finally:
        # Dropped even when loading failed, so one failure does not cascade into
        # "schema already exists" in every later test.
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            for community in made:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def _public_routes(fengshu):
    from commonweal.partners.models import Partnership

    connection.set_tenant(fengshu)
    partner = Partnership.objects.filter(status="active").order_by("pk").first()
    connection.set_schema_to_public()
    return [
        (fengshu, "/"),
        (fengshu, "/partners/"),
        (fengshu, f"/partners/{partner.pk}/"),
        (fengshu, "/map/"),
        (fengshu, "/fund/"),
        (fengshu, "/fund/accounts/"),
        (fengshu, "/search/?q=食堂"),
        (fengshu, "/me/"),
        (fengshu, "/login/"),
        (fengshu, "/no-such-page/"),
        (None, "/"),
        (None, "/search/?q=gjk"),
        (None, "/map/"),
        (None, "/apply/"),
        (None, "/me/"),
    ]


NAV_JS = """() => { const nav = document.getElementById('shell-nav');
  const box = nav.getBoundingClientRect();
  return {html: nav.outerHTML.replaceAll(' aria-current="page"', ''),
          top: box.top, bottom: box.bottom, visible: box.height > 0,
          tabs: [...nav.querySelectorAll('a')].map(a => [a.innerText.replace(/\\s+/g, ''),
                 a.getAttribute('href'), Math.round(a.getBoundingClientRect().height)])}; }"""


def test_platform_home_search_leads_to_the_hit_on_its_community_host(
    live_server,
    page,  # noqa: F811
    demo_communities,
):
    for size in SIZES:
        _search_to_hit(live_server, page, size)


def _search_to_hit(live_server, page, size):  # noqa: F811
    page.set_viewport_size(size)
    page.goto(url(live_server, "/"))
    screenshot(page, f"platform-home-{size['width']}")
    page.fill("#home-q", "gjk")
    page.locator("#home-q").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=gjk"))
    hits = page.locator("#hits .hit")
    assert hits.count() >= 1
    first = hits.first.locator("a.card-title")
    # pinyin initials highlight the Chinese characters they spell
    assert first.locator("mark").first.inner_text() == "公交卡"
    href = first.get_attribute("href")
    assert re.fullmatch(r"http://(fengshu|jiahonglu)\.localhost:\d+/map/#point-\d+", href)
    screenshot(page, f"platform-search-gjk-{size['width']}")
    title = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"http://(fengshu|jiahonglu)\.localhost:\d+/map/"))
    assert page.locator("h1").inner_text() == "公益地图"
    assert title in page.locator("#point-list").inner_text()


def test_community_home_tiles_open_their_services(
    live_server,
    page,  # noqa: F811
    demo_communities,
):
    for size in SIZES:
        _tiles(live_server, page, demo_communities[0], size)


def _tiles(live_server, page, fengshu, size):  # noqa: F811
    page.set_viewport_size(size)
    page.goto(url(live_server, "/", fengshu))
    assert page.title().startswith("枫树社区")
    labels = page.locator("#tiles .tile-label").all_inner_texts()
    assert labels == ["公益地图", "合伙人", "微基金", "民意", "时间银行", "议事协商", "隐患随手报"]
    for box in [t.bounding_box() for t in page.locator("#tiles .tile").all()]:
        assert box["height"] >= 88 and box["width"] >= 88
    screenshot(page, f"community-home-{size['width']}")
    page.locator("#tiles .tile", has_text="合伙人").click()
    page.wait_for_url(re.compile(r"/partners/$"))
    assert page.locator("h1").inner_text() == "社区合伙人"


def test_the_navigation_is_identical_on_every_route(
    live_server,
    page,  # noqa: F811
    demo_communities,
):
    assert _navigations(live_server, page, demo_communities[0], PHONE) == _navigations(
        live_server, page, demo_communities[0], DESKTOP
    )


def _navigations(live_server, page, fengshu, size):  # noqa: F811
    """The navigation's markup, the same on every route, at one size."""
    page.set_viewport_size(size)
    labels = [
        ("首", "首页", "/"),
        ("图", "地图", "/map/"),
        ("搜", "搜索", "/search/"),
        ("我", "我的", "/me/"),
    ]
    # on phones the tab shows its glyph above the label; the desktop top bar shows the label
    expected = [[(g if size is PHONE else "") + label, href] for g, label, href in labels]
    seen = {}
    for community, path in _public_routes(fengshu):
        page.goto(url(live_server, path, community))
        nav = page.evaluate(NAV_JS)
        assert nav["visible"], path
        assert [t[:2] for t in nav["tabs"]] == expected, path
        assert min(t[2] for t in nav["tabs"]) >= 44, path
        if size is PHONE:  # a bottom tab bar
            assert nav["bottom"] == pytest.approx(size["height"], abs=1), path
        else:  # in the top bar
            assert nav["top"] < 80, path
        seen[(community.slug if community else "", path)] = nav["html"]
    assert len(set(seen.values())) == 1
    return set(seen.values()).pop()


def test_large_text_mode_is_remembered_and_large(
    live_server,
    page,  # noqa: F811
    demo_communities,
):
    fengshu = demo_communities[0]
    page.set_viewport_size(PHONE)
    page.goto(url(live_server, "/partners/", fengshu))
    page.get_by_role("button", name="大字").click()
    page.wait_for_url(re.compile(r"/partners/$"))
    assert page.evaluate("document.documentElement.className") == "large-text"
    sizes = page.evaluate(
        "() => [...document.querySelectorAll('main p, main li, main small, main span, main a')]"
        ".filter(e => e.innerText.trim()).map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert min(sizes) >= 18
    screenshot(page, "large-text-partners-390")
    # remembered: a new page on the same host comes out large at once
    page.goto(url(live_server, "/fund/accounts/", fengshu))
    assert page.evaluate("document.documentElement.className") == "large-text"
    screenshot(page, "large-text-accounts-390")
    page.get_by_role("button", name="标准字").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.className") == ""


# no horizontal scroll, tap targets ≥ 44 px in main, alt text, a label for every field
AUDIT_JS = (Path(__file__).parent / "audit.js").read_text()


def test_every_public_page_passes_the_phone_audit(
    live_server,
    page,  # noqa: F811
    demo_communities,
):
    page.set_viewport_size(PHONE)
    found = {}
    for community, path in _public_routes(demo_communities[0]):
        page.goto(url(live_server, path, community))
        page.wait_for_load_state("load")
        problems = page.evaluate(AUDIT_JS)
        name = (community.slug if community else "platform") + path.replace("/", "_")
        screenshot(page, f"audit-390-{re.sub(r'[^a-z0-9_]+', '', name)}")
        if problems:
            found[(community.slug if community else "", path)] = problems
    assert found == {}
