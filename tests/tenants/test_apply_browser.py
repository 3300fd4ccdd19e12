import pytest
from django.db import connection

from commonweal.tenants.models import ApplicationStatus, CommunityApplication
from tests.browser import page, screenshot, url  # noqa: F401
from tests.fixtures import make_community

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_community():
    community = make_community("browserville", name="浏览社区")
    yield community
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def _tap_the_map(page):  # noqa: F811
    """Tap the picker's map; returns the GCJ-02 point the server should store."""
    from commonweal.welfaremap.coordinates import to_gcj02

    canvas = page.locator(".map-picker-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    lat = float(page.locator("#id_centre_lat").input_value())
    lng = float(page.locator("#id_centre_lng").input_value())
    return to_gcj02(lat, lng, page.locator("#id_centre_system").input_value())


def test_a_newcomer_applies_in_chinese_and_sees_the_directory(
    live_server,
    page,  # noqa: F811
    browser_community,
):
    # given the platform home page in a phone-sized Chromium
    page.goto(url(live_server))
    assert page.locator("strong", has_text="浏览社区").count() == 1

    # when the newcomer opens the application form and fills it in
    page.get_by_role("link", name="申请入驻").click()
    assert page.locator("h1").inner_text() == "申请入驻平台"
    page.locator("#id_name").press_sequentially("新华社区")
    # the address is suggested from the name's pinyin
    page.wait_for_function("document.getElementById('id_slug').value === 'xinhua'")
    page.fill("#id_city", "成都市")
    page.fill("#id_district", "锦江区")
    page.fill("#id_subdistrict", "春熙路街道")
    page.fill("#id_area_km2", "0.45")
    page.fill("#id_population", "9000")
    page.fill("#id_households", "3600")
    picked = _tap_the_map(page)
    page.fill("#id_applicant_name", "王书记")
    page.fill("#id_applicant_phone", "138-0013-8000")
    page.fill("#id_statement", "老旧院落多，希望引入合伙人共建。")
    page.fill("#id_password", "枫叶红了-2026-secure")
    screenshot(page, "apply-form")
    page.get_by_role("button", name="提交申请").click()

    # then the thank-you page shows the pending status and the application is stored
    assert page.locator("h1").inner_text() == "申请已收到"
    assert "待审核" in page.locator("main").inner_text()
    application = CommunityApplication.objects.get(slug="xinhua")
    assert (application.status, application.applicant.phone) == (
        ApplicationStatus.PENDING,
        "13800138000",
    )
    # and the centre is stored in GCJ-02, converted from the tiles' datum if needed
    assert (application.centre_lat, application.centre_lng) == picked
    assert page.locator("#next-steps li").count() == 4
    assert "3 个工作日以内" in page.locator("#next-steps").inner_text()

    # and the community's own host opens its page
    page.goto(url(live_server, community=browser_community))
    assert page.locator("h1").inner_text() == "浏览社区"
    screenshot(page, "community-home")


def test_a_reserved_address_is_refused_on_the_page(live_server, page):  # noqa: F811
    page.goto(url(live_server, "/apply/"))
    page.fill("#id_slug", "admin")
    for field, value in {
        "name": "管理社区",
        "city": "成都市",
        "district": "锦江区",
        "subdistrict": "某街道",
        "area_km2": "1",
        "population": "10",
        "households": "5",
        "applicant_name": "张三",
        "applicant_email": "z@example.cn",
        "password": "枫叶红了-2026-secure",
    }.items():
        page.fill(f"#id_{field}", value)
    _tap_the_map(page)
    page.get_by_role("button", name="提交申请").click()
    assert "“admin”为平台保留网址，请换一个。" in page.locator(".errorlist").inner_text()
    assert CommunityApplication.objects.count() == 0
