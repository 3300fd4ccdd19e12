"""The pages that run scripts, in Chromium with the content security policy enforced: they
work, and the browser blocks nothing."""

import pytest
from django.db import connection
from playwright.sync_api import expect

from commonweal.tenants.demo_data import DEMO_COMMUNITIES
from commonweal.welfaremap import demo
from tests.browser import strict_page, url  # noqa: F401
from tests.fixtures import make_community

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FENGSHU = next(d for d in DEMO_COMMUNITIES if d["slug"] == "fengshu")


@pytest.fixture
def mapped():
    community = make_community(
        "cspville",
        name="策略社区",
        centre_lat=FENGSHU["centre_lat"],
        centre_lng=FENGSHU["centre_lng"],
    )
    connection.set_tenant(community)
    demo.load(community, FENGSHU)
    connection.set_schema_to_public()
    yield community
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def test_scripted_pages_work_under_the_policy(live_server, strict_page, mapped):  # noqa: F811
    page = strict_page

    # the community map starts from its nonce'd script and fetches its 18 markers
    page.goto(url(live_server, "/map/", mapped))
    expect(page.locator("#map")).to_have_attribute("data-marker-count", "18")
    expect(page.locator("#point-list .point-item")).to_have_count(18)

    # the larger-text switch of the shell
    page.goto(url(live_server, "/", mapped))
    page.locator("header button, header a").filter(has_text="大字").first.click()

    # the platform's map across communities
    page.goto(url(live_server, "/map/"))
    expect(page.locator(".leaflet-container")).to_have_count(1)

    assert page.blocked == []
