"""On a 390×844 phone: task list → sign up → check in by opening the code's URL → points
shown → redeem → the merchant verifies on their own phone; and the certificate prints and
verifies."""

import re

import pytest
from django.db import connection

from commonweal.timebank import codes
from tests.browser import CHROMIUM, CHROMIUM_FLAGS, screenshot, url
from tests.fixtures import PASSWORD
from tests.timebank.fixtures import TimeBank, in_schema, make_task, racing_community
from tests.timebank.test_redemptions import make_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phones(live_server):
    """Two phones (a volunteer's and a merchant's), each its own browser context."""
    import os

    from django.db import connections
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        contexts = [
            browser.new_context(locale="zh-CN", viewport=PHONE, device_scale_factor=1)
            for _ in range(2)
        ]
        pages = [c.new_page() for c in contexts]
        for p in pages:
            p.set_default_timeout(20_000)
        yield pages
        for c in contexts:
            c.close()
        browser.close()
        connections.close_all()


def _sign_in(page, live_server, community, user, next_path):
    page.goto(url(live_server, f"/login/?next={next_path}", community))
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def _tap_targets_ok(page) -> list:
    """Buttons and links in main smaller than 44 px in either direction."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main button, main .button')]
        .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && (r.height < 44))
        .map(r => [r.width, r.height])"""
    )


def test_a_volunteer_earns_and_spends_points_and_a_merchant_verifies(live_server, phones):
    volunteer_page, merchant_page = phones
    with racing_community("tbphone") as community:
        bank = TimeBank(community)
        task = make_task(community, bank.staff, title="大观湖环境整治", hours="2.5")
        partnership, rep = bank.partner("华西奶业")
        make_offer(bank, rep, partnership, item="鲜牛奶一箱", price=30, stock=5)
        volunteer = bank.volunteer

        # the task list, then the task, then 一键参与
        _sign_in(volunteer_page, live_server, community, volunteer, "/timebank/")
        assert "大观湖环境整治" in volunteer_page.locator(".tb-tasks").inner_text()
        screenshot(volunteer_page, "timebank-1-tasks")
        volunteer_page.get_by_role("link", name=re.compile("大观湖环境整治")).click()
        volunteer_page.locator("#sign-up").click()
        assert volunteer_page.locator(".slots-left").inner_text() == "9"
        assert _tap_targets_ok(volunteer_page) == []
        screenshot(volunteer_page, "timebank-2-signed-up")

        # on site: open the URL of the code on the organiser's screen, tap 签到
        with in_schema(community):
            code = codes.issue(task, step_seconds=45)
        volunteer_page.goto(url(live_server, f"/timebank/check-in/{code}/", community))
        screenshot(volunteer_page, "timebank-3-check-in")
        volunteer_page.locator("#check-in").click()
        volunteer_page.wait_for_url(re.compile("/timebank/me/$"))
        assert volunteer_page.locator("#balance").inner_text() == "50"
        assert volunteer_page.locator("#hours").inner_text() == "2.5"
        screenshot(volunteer_page, "timebank-4-points")

        # redeem a box of milk: the code appears
        volunteer_page.goto(url(live_server, "/timebank/offers/", community))
        volunteer_page.locator(".redeem").first.click()
        digits = volunteer_page.locator("#redemption-code").inner_text()
        assert re.fullmatch(r"\d{6}", digits)
        assert volunteer_page.locator(".tb-qr svg").count() == 1
        screenshot(volunteer_page, "timebank-5-code")

        # the merchant's staff verify it on their own phone
        _sign_in(merchant_page, live_server, community, rep, "/timebank/verify/")
        merchant_page.fill("#code", digits)
        merchant_page.locator("#verify").click()
        assert "鲜牛奶一箱" in merchant_page.locator("#verified").inner_text()
        screenshot(merchant_page, "timebank-6-verified")

        volunteer_page.goto(url(live_server, "/timebank/me/", community))
        assert volunteer_page.locator("#balance").inner_text() == "20"

        # the certificate prints, and verifies for anyone on the platform
        volunteer_page.get_by_role("button", name=re.compile("证明|certificate")).click()
        certificate = volunteer_page.locator("#certificate")
        assert "王秀英" in certificate.inner_text()
        assert "2.5" in certificate.inner_text()
        screenshot(volunteer_page, "timebank-7-certificate")
        verification = volunteer_page.locator("#verification-code").inner_text()
        merchant_page.goto(url(live_server, f"/timebank/certificates/verify/{verification}/"))
        assert "王**" in merchant_page.locator("#genuine").inner_text()
        screenshot(merchant_page, "timebank-8-certificate-verified")
        merchant_page.goto(
            url(live_server, f"/timebank/certificates/verify/{verification[:-1]}0/")
            if not verification.endswith("0")
            else url(live_server, f"/timebank/certificates/verify/{verification[:-1]}1/")
        )
        assert merchant_page.locator("#not-genuine").count() == 1
        connection.set_schema_to_public()
