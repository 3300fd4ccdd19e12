import pytest
from django.db import connection

from commonweal.partners.demo import load
from commonweal.tenants.demo_data import DEMO_COMMUNITIES, DEMO_PARTNERS
from tests.browser import page, screenshot, url  # noqa: F401
from tests.fixtures import make_community

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def partner_community():
    community = make_community("partnerville", name="督院街社区")
    connection.set_tenant(community)
    try:
        load(community, next(d for d in DEMO_COMMUNITIES if d["slug"] == "duyuanjie"))
    finally:
        connection.set_schema_to_public()
    yield community
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def test_the_public_directory_lists_demo_partners_and_a_profile_opens(
    live_server,
    page,  # noqa: F811
    partner_community,
):
    # given the partner directory on a phone-sized Chromium
    page.goto(url(live_server, "/partners/", partner_community))

    # then every demo partner is listed
    assert page.locator("h1").count() == 1
    names = page.locator("li.partner strong").all_inner_texts()
    assert sorted(names) == sorted(p["name"] for p in DEMO_PARTNERS["duyuanjie"])
    screenshot(page, "partner-directory")

    # when a visitor opens 乡村基's profile
    page.get_by_role("link", name="乡村基").click()

    # then the profile shows who they are, what they offer and a masked phone
    assert page.locator("h1").inner_text() == "乡村基"
    main = page.locator("main").inner_text()
    assert "社区共享食堂" in main
    assert "****" in main
    screenshot(page, "partner-profile")
