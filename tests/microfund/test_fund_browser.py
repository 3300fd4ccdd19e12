"""Chromium: the fund page on a phone, the donation form's refusal, and the accounts chart."""

from datetime import date

import pytest
from django.db import connection

from commonweal.microfund.services import campaigns, donations
from tests.browser import page, screenshot, url  # noqa: F401
from tests.fixtures import make_community
from tests.microfund.fixtures import host_community

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fund_community():
    connection.set_schema_to_public()  # an earlier test may have left a community's
    community = make_community("fundville", name="微基金社区")
    host_community(community)
    connection.set_tenant(community)
    campaigns.campaign_create(actor=None, community=community, title="助老餐桌")
    for n, (day, amount) in enumerate(((date(2026, 9, 3), 30_000), (date(2026, 10, 8), 12_000))):
        donations.donation_record_offline(
            actor=None,
            community=community,
            amount=amount,
            method="cash",
            evidence="开箱",
            receipt_number=f"B-{n}",
            donor_name="刘奶奶",
            received_on=day,
        )
    connection.set_schema_to_public()
    yield community
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def test_fund_page_and_chart_on_a_phone(live_server, page, fund_community):  # noqa: F811
    # given the fund page on a phone-sized Chromium
    page.goto(url(live_server, "/fund/", fund_community))
    assert page.locator("#fund-balance").inner_text() == "¥420.00"
    assert page.locator("#projects .pick", has_text="助老餐桌").count() == 1
    # when an amount of zero is submitted, it is refused on the page
    page.fill("#amount", "0")
    page.locator("#give button[type=submit]").click()
    assert page.locator("[role=alert]").count() == 1
    screenshot(page, "microfund-fund-page")
    # then the public accounts draw one income bar per month, anonymity kept
    page.goto(url(live_server, "/fund/accounts/", fund_community))
    chart = page.locator("#fund-chart")
    assert chart.is_visible()
    assert chart.locator("rect.bar.income").count() == 2
    heights = [
        float(h)
        for h in chart.locator("rect.bar.income").evaluate_all(
            "bars => bars.map(b => b.getAttribute('height'))"
        )
    ]
    assert heights[0] > heights[1] > 0
    assert page.locator("#donors").inner_text().count("刘奶奶") == 2
    screenshot(page, "microfund-accounts-chart")
