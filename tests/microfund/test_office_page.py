"""The fund's office page: donations with method and transaction number, refunds from a phone,
and the payments to check with the fiscal host."""

import pytest
from django.db import connection
from django.test import Client

from commonweal.microfund.hosts.models import FiscalHost, PaymentFlag
from commonweal.microfund.models import Donation, Refund
from commonweal.microfund.services import donations
from commonweal.platform.kernel.roles import Role
from commonweal.web.registry import queues_for
from tests.fixtures import StatementsRun, make_member


def _client(community, user=None) -> Client:
    client = Client(HTTP_HOST=f"{community.slug}.localhost", HTTP_ACCEPT_LANGUAGE="zh-hans")
    if user is not None:
        client.force_login(user)
    return client


def _offline(community, amount=10_000, name="王师傅", receipt="G-7"):
    return donations.donation_record_offline(
        actor=None,
        community=community,
        amount=amount,
        method="cash",
        evidence="开箱记录",
        receipt_number=receipt,
        donor_name=name,
    )


def _online(community, n: int, amount=5000):
    """A WeChat Pay donation as its notice leaves it (paid, transaction number kept)."""
    donation = Donation.objects.create(
        amount=amount,
        method="wechat_pay",
        provider="wechatpay",
        status="paid",
        payment_id=f"42000019{n:020d}",
        donor_name=f"捐赠人{n}",
    )
    return donation


def _get(client, community, path="/fund/office/"):
    response = client.get(path)
    connection.set_tenant(community)
    return response


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("resident", 403), ("volunteer", 403), ("other_admin", 403)],
)
def test_only_the_office_opens_it(jiahonglu, fund, who, status):
    user = {
        "anonymous": None,
        "resident": make_member(fund, Role.RESIDENT),
        "volunteer": make_member(fund, Role.VOLUNTEER),
        "other_admin": make_member(jiahonglu, Role.ADMIN),
    }[who]

    assert _get(_client(fund, user), fund).status_code == status


def test_staff_see_each_donations_method_and_transaction_number(fund):
    _offline(fund)
    online = _online(fund, 1)
    staff = _client(fund, make_member(fund, Role.STAFF))

    page = _get(staff, fund).content.decode()

    assert "捐赠与退款" in page
    assert f'<span class="payment-id">{online.payment_id}</span>' in page
    assert '<span class="method">微信支付</span>' in page
    assert '<span class="method">现金箱</span>' in page
    found = _get(staff, fund, f"/fund/office/?q={online.payment_id}").content.decode()
    assert found.count('class="card donation"') == 1


def test_a_part_refund_typed_in_yuan_is_booked_and_said_in_words(fund):
    donation = _offline(fund)
    staff = _client(fund, make_member(fund, Role.STAFF))

    response = staff.post(
        f"/fund/office/{donation.pk}/refund/", {"amount": "20.5", "reason": "重复捐赠"}
    )

    assert response.status_code == 302
    connection.set_tenant(fund)
    donation.refresh_from_db()
    assert donation.refunded == 2050
    assert list(Refund.objects.values_list("amount", "status", "reason")) == [
        (2050, "succeeded", "重复捐赠")
    ]
    page = _get(staff, fund, response["Location"]).content.decode()
    assert "¥20.50" in page


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("200.01", "退款金额不能超过已支付金额"),
        ("abc", "金额请填写数字（单位：元）"),
        ("1.234", "小数点后最多两位"),
    ],
)
def test_a_refused_refund_says_why_and_changes_nothing(fund, typed, words):
    donation = _offline(fund, amount=20_000)
    staff = _client(fund, make_member(fund, Role.STAFF))

    response = staff.post(f"/fund/office/{donation.pk}/refund/", {"amount": typed}, follow=True)

    connection.set_tenant(fund)
    assert words in response.content.decode()
    donation.refresh_from_db()
    assert (donation.refunded, Refund.objects.count()) == (0, 0)


def test_another_communitys_admin_cannot_refund_here(jiahonglu, fund):
    donation = _offline(fund)
    outsider = _client(fund, make_member(jiahonglu, Role.ADMIN))

    response = outsider.post(f"/fund/office/{donation.pk}/refund/", {"amount": "10"})

    connection.set_tenant(fund)
    assert response.status_code == 403
    assert Refund.objects.count() == 0


def test_a_flagged_payment_is_listed_and_counted_on_the_workbench(fund, rf):
    FiscalHost.objects.update(name="锦江区慈善会")
    PaymentFlag.objects.create(
        community=fund,
        provider="wechatpay",
        order="tok-1",
        payment_id="4200001",
        expected=5000,
        reported=500,
    )
    staff_user = make_member(fund, Role.STAFF)

    page = _get(_client(fund, staff_user), fund).content.decode()

    assert "实付 ¥5.00，捐赠金额为 ¥50.00：未入账" in page
    assert "微信支付 · 订单 tok-1" in page
    request = rf.get("/", HTTP_HOST=f"{fund.slug}.localhost")
    request.user, request.tenant = staff_user, fund
    counts = {q.queue.key: q.count for q in queues_for(request)}
    assert counts["fund-payments-to-check"] == 1


def test_a_payment_service_event_set_aside_is_counted_on_the_workbench_too(fund, rf):
    from commonweal.microfund.models import WebhookEvent

    WebhookEvent.objects.create(
        provider="stripe", event_id="evt_1", type="payment_intent.succeeded", status="unknown"
    )
    WebhookEvent.objects.create(
        provider="stripe", event_id="evt_2", type="payment_intent.succeeded", status="processed"
    )
    request = rf.get("/", HTTP_HOST=f"{fund.slug}.localhost")
    request.user, request.tenant = make_member(fund, Role.STAFF), fund

    counts = {q.queue.key: q.count for q in queues_for(request)}

    assert counts["fund-payments-to-check"] == 1


def test_the_page_costs_the_same_for_5_and_25_donations(fund):
    staff = _client(fund, make_member(fund, Role.STAFF))
    runs = []
    for total in (5, 25):
        for n in range(len(runs) * 5, total):
            _online(fund, n)
        _get(staff, fund)  # warm the session and caches
        with StatementsRun(connection) as run:
            assert _get(staff, fund).status_code == 200
        runs.append(len(run))

    assert runs[0] == runs[1]
