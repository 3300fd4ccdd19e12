"""The partner flows in Chromium at a phone's and a laptop's size: applying from the web,
the office deciding in the workbench, the representative seeing it active; a profile's call
and navigation links; the map picker storing GCJ-02."""

from pathlib import Path

import pytest
from django.db import connection

from commonweal.partners.models import Partnership, PartnershipStatus
from commonweal.partners.registry.models import PartnerOrganisation
from commonweal.platform.kernel.roles import Role
from commonweal.welfaremap.coordinates import wgs84_to_gcj02
from commonweal.welfaremap.models import ServicePoint
from tests.browser import page, screenshot, url  # noqa: F401
from tests.fixtures import PASSWORD, make_community, make_member
from tests.partners.fixtures import (
    REAL_CODES,
    add_commitment,
    in_schema,
    make_call,
    make_organisation,
    make_partnership,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = PartnershipStatus
APPLICANT_PASSWORD = "玉林-便民-2026-secure"
VIEWPORTS = {"390x844": {"width": 390, "height": 844}, "1366x900": {"width": 1366, "height": 900}}


@pytest.fixture
def flow_community():
    community = make_community(
        "flowville", name="玉林社区", centre_lat=30.6305, centre_lng=104.0538
    )
    staff = make_member(community, Role.STAFF, name="社工小张", email="zhang@yulin.example.cn")
    make_call(community, staff, title="招募便民商户", needs="社区缺少便利店和维修点")
    yield community, staff
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def _sign_in(page, live_server, community, login, next_path, password=PASSWORD):  # noqa: F811
    page.goto(url(live_server, f"/login/?next={next_path}", community))
    page.fill("#id_username", login)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _no_horizontal_scroll(page) -> bool:  # noqa: F811
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


AUDIT_JS = (Path(__file__).parents[1] / "web" / "audit.js").read_text()


def _audit(page, size) -> list[str]:  # noqa: F811
    """The shell's phone audit (tests/web/audit.js), at the phone's size only."""
    return page.evaluate(AUDIT_JS) if size == "390x844" else []


@pytest.mark.parametrize("size", VIEWPORTS)
def test_an_enterprise_applies_staff_approve_and_the_representative_sees_it_active(
    live_server,
    page,  # noqa: F811
    flow_community,
    size,
):
    community, staff = flow_community
    page.set_viewport_size(VIEWPORTS[size])
    code = REAL_CODES[0] if size == "390x844" else REAL_CODES[1]
    name = f"玉林便民超市{size}有限公司"
    phone = "13912340001" if size == "390x844" else "13912340002"

    # given a visitor on the partner directory
    page.goto(url(live_server, "/partners/", community))
    assert _no_horizontal_scroll(page)
    page.locator("#apply-link").click()

    # when they fill in the form and mistype the credit code
    page.fill("#id_display_name", "王建国")
    page.fill("#id_account_phone", phone)
    page.fill("#id_password", APPLICANT_PASSWORD)
    page.locator("#id_kind_0").check()  # 企业/商户
    page.fill("#id_legal_name", name)
    page.fill("#id_credit_code", code[:-1] + ("0" if code[-1] != "0" else "1"))
    page.locator("#id_credit_code").blur()

    # then the error shows in Chinese as they type, from the server's own rule
    check = page.locator("#credit-code-check")
    check.wait_for()
    assert check.inner_text() == "统一社会信用代码无效，请检查这 18 位字符。"
    screenshot(page, f"partner-apply-credit-code-error-{size}")

    # when they correct it, state their commitments and submit
    page.fill("#id_credit_code", code)
    page.wait_for_function("document.getElementById('credit-code-check').className === 'ok'")
    page.locator("#id_call").select_option(label="招募便民商户")
    page.locator("#id_tier_1").check()  # 低偿
    page.fill("#id_offers", "每月4次免费送货上门\n老人购物9折")
    page.fill("#id_statement", "在玉林开店十年。")
    assert _no_horizontal_scroll(page)
    screenshot(page, f"partner-apply-form-{size}")
    assert _audit(page, size) == []
    page.locator("#apply-form button[type=submit]").click()

    # then they follow their application on their own page
    page.wait_for_url("**/partners/mine/*/")
    assert page.locator("h1").inner_text() == name
    assert page.locator(".status").first.inner_text() == "已申请"
    organisation = PartnerOrganisation.objects.get(credit_code=code)
    with in_schema(community):
        partnership = Partnership.objects.get(organisation=organisation)
    assert (partnership.status, partnership.offers) == (
        S.APPLIED,
        ["每月4次免费送货上门", "老人购物9折"],
    )
    screenshot(page, f"partner-application-status-{size}")
    assert _audit(page, size) == []

    # when staff open their workbench, follow the queue and approve, then activate
    office = page.context.browser.new_context(locale="zh-CN", viewport=VIEWPORTS[size])
    staff_page = office.new_page()
    staff_page.set_default_timeout(15_000)
    _sign_in(staff_page, live_server, community, staff.email, "/workbench/")
    queue = staff_page.locator('[data-queue="partner-applications"]')
    assert queue.locator("b").inner_text() == "1"
    screenshot(staff_page, f"workbench-{size}")
    assert _audit(staff_page, size) == []
    queue.click()
    staff_page.get_by_role("link", name=name).click()
    screenshot(staff_page, f"workbench-application-{size}")
    assert _audit(staff_page, size) == []
    staff_page.locator("button[value=approve]").click()
    staff_page.locator("button[value=activate]").click()
    staff_page.wait_for_selector(".notice.success")
    assert staff_page.locator(".status").first.inner_text() == "正常"
    screenshot(staff_page, f"workbench-activated-{size}")
    assert _audit(staff_page, size) == []
    office.close()

    # then the representative sees it active, here and on 我的合伙
    page.reload()
    assert page.locator(".status").first.inner_text() == "正常"
    _sign_in(page, live_server, None, phone, "/my/partners/", password=APPLICANT_PASSWORD)
    entry = page.locator('[data-community="flowville"]')
    assert entry.locator(".status").inner_text() == "正常"
    assert name in page.locator("main").inner_text()
    assert _no_horizontal_scroll(page)
    screenshot(page, f"my-partnerships-{size}")
    assert _audit(page, size) == []


@pytest.mark.parametrize("size", VIEWPORTS)
def test_a_profile_calls_and_opens_each_map_app_at_the_converted_point(
    live_server,
    page,  # noqa: F811
    flow_community,
    size,
):
    community, staff = flow_community
    page.set_viewport_size(VIEWPORTS[size])
    organisation = make_organisation(
        name="玉林理发店", contact_phone="13812345678", phone_public=True
    )
    partnership = make_partnership(community, organisation=organisation, office=staff)
    with in_schema(community):
        point = ServicePoint.objects.create(
            name="玉林理发店",
            category="repair",
            address="芳沁街12号",
            lat=30.630512,
            lng=104.053811,
            raw_lat=30.630512,
            raw_lng=104.053811,
        )
        partnership.service_points.add(point)
        add_commitment(partnership, title="每月为独居老人上门理发", quantity=4)

    # when a resident opens the partner's profile
    page.goto(url(live_server, f"/partners/{partnership.pk}/", community))

    # then the call and the three apps' links carry the number and the converted point
    def href(selector):
        return page.locator(selector).first.get_attribute("href")

    assert href("#call") == "tel:13812345678"
    assert href('[data-provider="amap"]') == (
        "https://uri.amap.com/navigation?to=104.053811,30.630512,"
        "%E7%8E%89%E6%9E%97%E7%90%86%E5%8F%91%E5%BA%97"
        "&mode=walk&coordinate=gaode&callnative=1&src=commonweal"
    )
    assert href('[data-provider="tencent"]') == (
        "https://apis.map.qq.com/uri/v1/routeplan?type=walk"
        "&to=%E7%8E%89%E6%9E%97%E7%90%86%E5%8F%91%E5%BA%97"
        "&tocoord=30.630512,104.053811&referer=commonweal"
    )
    assert href('[data-provider="baidu"]') == (
        "https://api.map.baidu.com/marker?location=30.636752,104.060261"
        "&title=%E7%8E%89%E6%9E%97%E7%90%86%E5%8F%91%E5%BA%97"
        "&content=%E8%8A%B3%E6%B2%81%E8%A1%9712%E5%8F%B7"
        "&coord_type=bd09ll&output=html&src=webapp.commonweal"
    )
    assert href('[data-provider="welfaremap"]') == f"/map/#point-{point.pk}"

    # and the resources table keeps its headers and whole words on this screen
    assert page.locator("#resources th").all_inner_texts() == ["资源", "数量", "公益或低偿", "时间"]
    narrow = page.evaluate(
        """() => Array.from(document.querySelectorAll('#resources td, #resources th')).filter(
             c => c.getBoundingClientRect().width < 2.5 * parseFloat(getComputedStyle(c).fontSize)
           ).length"""
    )
    assert narrow == 0
    assert _no_horizontal_scroll(page)
    screenshot(page, f"partner-profile-actions-{size}")
    assert _audit(page, size) == []


@pytest.mark.parametrize("tiles", ["osm", "amap"])
def test_the_map_picker_stores_gcj02_from_a_tap(
    live_server,
    page,  # noqa: F811
    flow_community,
    settings,
    tiles,
):
    # given staff adding a service point, the map on WGS-84 (OSM) or GCJ-02 (AMap) tiles
    settings.MAP_TILE_PROVIDER = tiles
    community, staff = flow_community
    page.set_viewport_size(VIEWPORTS["390x844"])
    _sign_in(page, live_server, community, staff.email, "/admin/welfaremap/servicepoint/add/")
    page.fill("#id_name", f"玉林社区食堂{tiles}")
    page.locator("#id_category").select_option("canteen")
    page.fill("#id_address", "玉林北路2号")

    # when they tap the map
    canvas = page.locator(".map-picker-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 30, box["y"] + box["height"] / 2 - 20)

    # then the place is described with its address and the picked point is in the form
    assert page.locator(".map-picker-chosen").inner_text() == "已选位置： 玉林北路2号"
    raw_lat = float(page.locator("#id_lat_input").input_value())
    raw_lng = float(page.locator("#id_lng_input").input_value())
    system = page.locator("#id_system").input_value()
    screenshot(page, f"map-picker-{tiles}-390x844")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()

    # and the point is stored in GCJ-02, with the tap as entered and its datum
    with in_schema(community):
        point = ServicePoint.objects.get(name=f"玉林社区食堂{tiles}")
    expected_system = "wgs84" if tiles == "osm" else "gcj02"
    expected = wgs84_to_gcj02(raw_lat, raw_lng) if tiles == "osm" else (raw_lat, raw_lng)
    assert (system, point.raw_system, point.raw_lat, point.raw_lng) == (
        expected_system,
        expected_system,
        raw_lat,
        raw_lng,
    )
    assert (point.lat, point.lng) == expected
    # the tap was near the community's centre (30 px right, 20 px up at zoom 15)
    assert abs(point.lat - 30.6305) < 0.002 and abs(point.lng - 104.0538) < 0.002
