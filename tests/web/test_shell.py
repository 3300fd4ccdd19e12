"""The shell: one navigation on every page of both hosts, titles that name the community,
the home pages, large text, the favicon and styled error pages."""

import pytest
from django.test import Client

from commonweal.partners.models import PartnershipStatus
from commonweal.platform.kernel.roles import Role
from commonweal.search.documents import index_document
from tests.fixtures import host_of, make_member
from tests.partners.fixtures import add_commitment, in_schema, make_partnership
from tests.web.fixtures import get, navigation, title

COMMUNITY_ROUTES = [
    "/",
    "/partners/",
    "/map/",
    "/fund/",
    "/fund/accounts/",
    "/search/",
    "/search/?q=修",
    "/me/",
    "/login/",
    "/no-such-page/",
]
PLATFORM_ROUTES = [
    "/",
    "/map/",
    "/search/",
    "/search/?q=修",
    "/apply/",
    "/login/",
    "/me/",
    "/nope/",
]


def test_every_route_of_both_hosts_carries_the_same_navigation(fengshu):
    partner = make_partnership(fengshu, PartnershipStatus.ACTIVE)
    pages = {
        (host, path): get(community, path)
        for host, community, routes in (
            ("community", fengshu, [*COMMUNITY_ROUTES, f"/partners/{partner.pk}/"]),
            ("platform", None, PLATFORM_ROUTES),
        )
        for path in routes
    }
    navs = {key: navigation(r.content.decode()) for key, r in pages.items()}
    assert set(navs.values()) == {navs[("community", "/")]}
    assert [a for a in navs[("community", "/")].split("<a ")[1:] if "data-tab" in a].__len__() == 4
    for label, href in (("首页", "/"), ("地图", "/map/"), ("搜索", "/search/"), ("我的", "/me/")):
        assert (
            f'href="{href}" data-tab' in navs[("community", "/")]
            and label in navs[("community", "/")]
        )
    assert {k: r.status_code for k, r in pages.items()} == {
        k: 404 if "no" in k[1] else 200 for k in pages
    }


def test_every_community_page_title_names_the_community(fengshu):
    partner = make_partnership(fengshu, PartnershipStatus.ACTIVE)
    for path in [*COMMUNITY_ROUTES, f"/partners/{partner.pk}/"]:
        assert "枫树社区" in title(get(fengshu, path).content.decode()), path
    profile = title(get(fengshu, f"/partners/{partner.pk}/").content.decode())
    assert profile == f"{partner.organisation.legal_name} · 枫树社区"


def test_the_current_tab_is_marked(fengshu):
    html = get(fengshu, "/map/").content.decode()
    assert 'href="/map/" data-tab="map" aria-current="page"' in html
    assert html.count('aria-current="page"') == 1


def test_community_home_has_the_service_tiles_and_notices_and_no_roles(fengshu):
    staff = make_member(fengshu, Role.ADMIN, Role.STAFF)
    html = get(fengshu, "/", staff).content.decode()
    tiles = [
        ('data-tile="welfaremap"', 'href="/map/"', "公益地图"),
        ('data-tile="partners"', 'href="/partners/"', "合伙人"),
        ('data-tile="microfund"', 'href="/fund/"', "微基金"),
    ]
    positions = [html.index(f'<a class="tile" {href} {key}') for key, href, _label in tiles]
    assert positions == sorted(positions)
    assert "您的角色" not in html and "admin, staff" not in html
    assert "<h1>枫树社区</h1>" in html


def test_home_notices_list_open_partner_calls(fengshu, office):
    from datetime import timedelta

    from django.utils import timezone

    from commonweal.partners.services import calls

    with in_schema(fengshu):
        call = calls.call_create(
            community=fengshu,
            actor=office,
            title="招募社区食堂合伙人",
            needs="为老人提供午餐",
            kinds_allowed=["enterprise"],
            deadline=timezone.localdate() + timedelta(days=20),
        )
        calls.call_publish(community=fengshu, actor=office, call=call)
    html = get(fengshu, "/").content.decode()
    assert f'href="/partners/#call-{call.pk}"' in html and "招募社区食堂合伙人" in html


def test_platform_home_links_each_community_to_its_own_host(fengshu, jiahonglu):
    html = get(None, "/").content.decode()
    assert 'href="http://fengshu.localhost/"' in html
    assert 'href="http://jiahonglu.localhost/"' in html
    assert 'id="home-q" name="q"' in html


def test_me_shows_staff_queues_with_counts_that_link(fengshu):
    staff = make_member(fengshu, Role.STAFF)
    make_partnership(fengshu, PartnershipStatus.APPLIED, office=staff)
    make_partnership(fengshu, PartnershipStatus.UNDER_REVIEW, office=staff)
    active = make_partnership(fengshu, PartnershipStatus.ACTIVE, office=staff)
    with in_schema(fengshu):
        add_commitment(active, due_in_days=-3)
    html = get(fengshu, "/me/", staff).content.decode()
    assert ('<a class="row" href="/workbench/partners/" id="queue-partner-applications">') in html
    applications = html.split('id="queue-partner-applications">')[1].split("</a>")[0]
    overdue = html.split('id="queue-overdue-commitments">')[1].split("</a>")[0]
    assert '<span class="row-end">2</span>' in applications
    assert '<span class="row-end">1</span>' in overdue


def test_me_shows_no_queues_to_a_resident(fengshu):
    resident = make_member(fengshu, Role.RESIDENT)
    html = get(fengshu, "/me/", resident).content.decode()
    assert 'id="queues"' not in html and "我的捐赠" in html


def test_large_text_is_a_remembered_cookie_and_renders_large_at_once(fengshu):
    client = Client()
    host = host_of(fengshu)
    response = client.post("/text-size/", {"large": "1", "next": "/partners/"}, HTTP_HOST=host)
    assert (response.status_code, response["Location"]) == (302, "/partners/")
    assert response.cookies["cw_large_text"].value == "1"
    assert response.cookies["cw_large_text"]["max-age"] == 365 * 24 * 3600
    html = client.get("/partners/", HTTP_HOST=host).content.decode()
    assert '<html lang="zh-hans" class="large-text">' in html
    client.post("/text-size/", {"large": "0", "next": "/"}, HTTP_HOST=host)
    assert 'class="large-text"' not in client.get("/", HTTP_HOST=host).content.decode()


def test_large_text_switch_never_redirects_off_site(fengshu):
    response = Client().post(
        "/text-size/", {"large": "1", "next": "https://evil.example/"}, HTTP_HOST=host_of(fengshu)
    )
    assert response["Location"] == "/"


def test_favicon(fengshu):
    for community in (fengshu, None):
        response = get(community, "/favicon.ico")
        assert (response.status_code, response["Content-Type"]) == (200, "image/svg+xml")


@pytest.mark.parametrize("debug", [True, False])
def test_a_mistyped_address_gets_the_styled_404_in_chinese(fengshu, settings, debug):
    settings.DEBUG = debug
    response = get(fengshu, "/partnres/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "找不到这个页面" in html and "Page not found" in html
    assert "DEBUG = True" not in html
    assert title(html) == "找不到这个页面 · 枫树社区"


def test_the_404_page_in_english(fengshu):
    html = get(fengshu, "/nope/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Page not found" in html


def test_a_forbidden_page_is_the_styled_403(fengshu):
    resident = make_member(fengshu, Role.RESIDENT)
    response = get(fengshu, "/partners/dashboard/", resident)
    assert response.status_code == 403
    assert "您无权打开这个页面" in response.content.decode()


def test_public_map_page_has_no_geojson_links_but_staff_see_them(fengshu):
    staff = make_member(fengshu, Role.STAFF)
    assert "GeoJSON" not in get(fengshu, "/map/").content.decode()
    assert "points.geojson" in get(fengshu, "/map/", staff).content.decode()


def test_community_time_zone_defaults_to_shanghai(fengshu):
    assert fengshu.time_zone == "Asia/Shanghai"


def test_search_documents_fixture_is_public_schema(fengshu):
    # the search page reads documents of the public schema: check the fixture writes there
    index_document(community=fengshu, kind="partner", key=1, title="测试", url="/partners/1/")
    assert "测试" in get(fengshu, "/search/?q=测试").content.decode()


def test_another_communitys_staff_sees_no_queues_and_counts_stay_per_community(fengshu, jiahonglu):
    # given applications waiting in 枫树 and staff in both communities
    fengshu_staff = make_member(fengshu, Role.STAFF)
    jiahonglu_staff = make_member(jiahonglu, Role.STAFF)
    make_partnership(fengshu, PartnershipStatus.APPLIED, office=fengshu_staff)

    # when 枫树's staff opens 我的 on 佳宏路's host, nothing of either office shows
    outsider = get(jiahonglu, "/me/", fengshu_staff).content.decode()
    assert 'id="queues"' not in outsider and "您在本社区是" not in outsider

    # and 佳宏路's own staff counts only 佳宏路's applications
    own = get(jiahonglu, "/me/", jiahonglu_staff).content.decode()
    applications = own.split('id="queue-partner-applications">')[1].split("</a>")[0]
    assert '<span class="row-end">0</span>' in applications
