"""Chromium at 390×844: the donation page's tiles, a refusal in plain Chinese, giving offline
when the host takes nothing online, and the WeChat QR page turning into the thank-you page when
the provider's notice lands."""

import pytest
from django.db import connection

from commonweal.microfund.hosts.models import FiscalHost, HostedCommunity
from commonweal.microfund.models import Donation
from commonweal.microfund.services import campaigns
from tests.browser import page, screenshot, url  # noqa: F401
from tests.fixtures import make_community
from tests.microfund.providers.fixtures import host_orders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _drop(*communities):
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        for community in communities:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')
            # Jobs the test committed (a refund's) would reach a later test's worker.
            cursor.execute(
                "DELETE FROM public.procrastinate_jobs WHERE args->>'community_schema' = %s",
                [community.schema_name],
            )


@pytest.fixture
def giving(wechatpay_server, alipay_server):
    connection.set_schema_to_public()
    wechatpay_server.reset()
    alipay_server.reset()
    community = make_community("givetown", name="银杏社区")
    host_orders(community, wechatpay_server, alipay_server)
    connection.set_tenant(community)
    campaigns.campaign_create(actor=None, community=community, title="助老餐桌", goal=500_000)
    connection.set_schema_to_public()
    yield community
    _drop(community)


@pytest.fixture
def offline_only():
    connection.set_schema_to_public()
    community = make_community("cashtown", name="玉林社区")
    host = FiscalHost.objects.create(
        name="成都市武侯区慈善会",
        organisation_id="51510107MJ0000001Y",
        bank_name="中国银行成都玉林支行",
        bank_account_name="成都市武侯区慈善会",
        bank_account_number="1234 5678 9012 3456",
        office_address="玉林南路 12 号社区党群服务中心 2 楼",
        office_hours="周一至周五 9:00–17:00",
        phone="028-85550123",
    )
    HostedCommunity.objects.create(host=host, community=community)
    yield community
    _drop(community)


def test_tiles_and_the_minimum_amount_in_plain_chinese(live_server, page, giving):  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(url(live_server, "/fund/", giving))
    # the project, amount and method tiles are big enough to tap
    projects = page.locator("#projects .pick")
    assert projects.all_inner_texts()[1].startswith("助老餐桌")
    amounts = page.locator("#amounts .pick")
    assert amounts.all_inner_texts() == ["¥10", "¥20", "¥50", "¥100", "¥200", "¥500"]
    assert page.locator("#methods .pick").all_inner_texts() == ["支付宝", "微信支付"]
    for tile in (*projects.all(), *amounts.all(), *page.locator("#methods .pick").all()):
        box = tile.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "microfund-give-tiles")
    # when a donor types fifty fen, they are told the community's minimum in plain words
    page.fill("#amount", "0.5")
    page.locator("#give button[type=submit]").click()
    assert page.locator("#give-error").inner_text() == "本社区单笔捐赠最少 ¥1。"
    page.fill("#amount", "20.555")
    page.locator("#give button[type=submit]").click()
    assert page.locator("#give-error").inner_text() == "金额最多精确到分，小数点后最多两位。"
    screenshot(page, "microfund-give-minimum")
    connection.set_tenant(giving)
    assert Donation.objects.count() == 0


def test_with_nothing_online_the_page_says_how_to_give_offline(
    live_server,
    page,  # noqa: F811
    offline_only,
):
    page.set_viewport_size(PHONE)
    page.goto(url(live_server, "/fund/", offline_only))
    assert page.locator("#give").count() == 0
    offline = page.locator("#offline")
    assert page.locator("#offline-account").inner_text() == "1234 5678 9012 3456"
    text = offline.inner_text()
    for expected in (
        "中国银行成都玉林支行",
        "玉林南路 12 号",
        "周一至周五 9:00–17:00",
        "028-85550123",
    ):
        assert expected in text
    phone = offline.locator("a[href='tel:028-85550123']")
    assert phone.bounding_box()["height"] >= 44
    screenshot(page, "microfund-give-offline")


def test_the_wechat_qr_page_turns_into_thanks_when_the_payment_lands(
    live_server,
    page,  # noqa: F811
    giving,
    wechatpay_server,
):
    page.set_viewport_size(PHONE)
    page.goto(url(live_server, "/fund/", giving))
    page.locator("#amounts").get_by_text("¥50", exact=True).click()
    page.locator("#methods .pick", has_text="微信支付").click()
    page.locator("#give button[type=submit]").click()
    # a desktop-like browser (no phone in its user agent) is shown WeChat's QR code
    page.wait_for_selector("#qr svg")
    assert page.locator("#pay-status").inner_text() == "正在等待您付款……"
    screenshot(page, "microfund-give-qr")
    connection.set_tenant(giving)
    donation = Donation.objects.get()
    assert (donation.amount, donation.provider) == (5000, "wechatpay")
    # when the donor pays and WeChat Pay's server posts its notice
    wechatpay_server.pay(donation.token)
    answer = wechatpay_server.deliver(donation.token)
    assert answer.status_code == 204
    # then the page becomes the thank-you page with the receipt link
    page.wait_for_url(f"**/fund/thanks/{donation.token}/")
    assert page.locator("a[href^='/fund/receipt/']").count() == 1
    screenshot(page, "microfund-give-paid")


def test_staff_refund_part_of_a_wechat_donation_from_a_phone(
    live_server,
    page,  # noqa: F811
    giving,
    wechatpay_server,
    alipay_server,
):
    from commonweal.microfund.models import Refund
    from commonweal.platform.kernel.roles import Role
    from tests.fixtures import PASSWORD, make_member
    from tests.microfund.providers.fixtures import Donor

    # given a ¥50 WeChat Pay donation, paid and notified
    donor = Donor(giving, wechatpay_server, alipay_server)
    donation, _checkout = donor.order("wechat_pay", "desktop", amount=5000)
    paid = donor.pay(donation)
    donor.deliver("wechatpay", donor.payment_notice(donation))
    connection.set_schema_to_public()
    staff = make_member(giving, Role.STAFF)
    # when the office signs in on a phone and opens 我的 → 捐赠与退款
    page.set_viewport_size(PHONE)
    page.goto(url(live_server, "/login/?next=/fund/office/", giving))
    page.fill("#id_username", staff.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/fund/office/")
    card = page.locator(f"#donation-{donation.pk}")
    assert card.locator(".payment-id").inner_text() == paid.transaction_id
    assert card.locator(".method").inner_text() == "微信支付"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "microfund-office")
    # and gives back ¥20 of it
    card.locator("summary").click()
    card.locator("input[name=amount]").fill("20")
    card.locator("input[name=reason]").fill("捐赠人多付")
    assert card.locator("button[type=submit]").bounding_box()["height"] >= 44
    card.locator("button[type=submit]").click()
    # then they are told it waits for WeChat Pay, and the refund is recorded pending
    assert page.locator(".message").inner_text() == "已申请退款 ¥20.00，支付机构稍后确认。"
    assert card.locator(".refund-pending").inner_text() == "退款处理中 ¥20.00"
    screenshot(page, "microfund-office-refunded")
    connection.set_tenant(giving)
    assert list(Refund.objects.values_list("amount", "status")) == [(2000, "pending")]
