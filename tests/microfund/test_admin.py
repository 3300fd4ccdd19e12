"""Staff screens of the fund in the community admin (zh-Hans): record an offline donation with
its evidence, refund, see the balance. Same services as GraphQL, so same ledger and refusals."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from commonweal.microfund.models import (
    Donation,
    DonationEvidence,
    DonationStatus,
    Refund,
    RefundStatus,
)
from commonweal.microfund.providers.base import PaymentFacts
from commonweal.microfund.services import donations, fund_accounts, payments
from commonweal.microfund.tasks import submit_refund
from commonweal.platform.kernel.roles import Role
from tests.fixtures import host_of, make_member
from tests.microfund.fixtures import deferred, fund_state

ADD = "/admin/microfund/donation/add/"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60  # the first bytes of a JPEG photo


def _staff(community, role=Role.STAFF) -> Client:
    client = Client()
    client.force_login(make_member(community, role))
    return client


def _post(client, community, path, data):
    response = client.post(path, data, HTTP_HOST=host_of(community))
    connection.set_tenant(community)
    return response


def _get(client, community, path):
    response = client.get(path, HTTP_HOST=host_of(community))
    connection.set_tenant(community)
    return response


def _offline(**overrides) -> dict:
    return {
        "amount": "88.80",
        "method": "cash",
        "receipt_number": "SJ-2026-001",
        "evidence": "捐款箱开箱记录（两人签字）",
        "donor_name": "张阿姨",
        "received_on": "2026-03-08",
        **overrides,
    }


def test_staff_record_a_cash_box_donation_with_a_photo_of_its_evidence(fund):
    # given a staff member of the community, signed in to its admin
    client = _staff(fund)
    assert "记录线下捐赠" in _get(client, fund, ADD).content.decode()

    # when they record 88.80 yuan from the cash box with a photo of the opening record
    photo = SimpleUploadedFile("开箱.jpg", JPEG, content_type="image/jpeg")
    response = _post(client, fund, ADD, _offline(evidence_file=photo))

    # then the donation is recorded and posted, its evidence kept
    assert (response.status_code, response["Location"]) == (302, "/admin/microfund/donation/")
    donation = Donation.objects.get()
    assert (
        donation.amount,
        donation.method,
        donation.status,
        donation.receipt_number,
        donation.donor_name,
        donation.evidence,
    ) == (8880, "cash", DonationStatus.PAID, "SJ-2026-001", "张阿姨", "捐款箱开箱记录（两人签字）")
    assert donation.recorded_by.memberships.get().roles == [Role.STAFF]
    assert timezone.localtime(donation.paid_at).date().isoformat() == "2026-03-08"
    assert fund_accounts.fund_account().balance == 8880
    evidence = DonationEvidence.objects.get(donation=donation)
    assert (evidence.name, evidence.content_type, bytes(evidence.data)) == (
        "开箱.jpg",
        "image/jpeg",
        JPEG,
    )
    # and the list says so and shows the fund's balance; the photo opens for staff
    listing = _get(client, fund, "/admin/microfund/donation/").content.decode()
    assert "已记录：¥88.80，收据编号 SJ-2026-001。" in listing
    assert "持有资金: <strong>¥88.80</strong>" in listing
    opened = _get(client, fund, f"/admin/microfund/donation/{donation.pk}/evidence/")
    assert (opened.status_code, opened["Content-Type"], opened.content) == (
        200,
        "image/jpeg",
        JPEG,
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "0"}, "金额须大于零。"),
        ({"amount": "-5"}, "金额须大于零。"),
        ({"amount": "1.234"}, "金额须为整数（单位：分）。"),
        ({"evidence": " "}, "这个字段是必填项。"),
        ({"receipt_number": "SJ-TAKEN"}, "该收据编号已被使用。"),
        (
            {"evidence_file": SimpleUploadedFile("x.gif", b"GIF89a" + b"\x00" * 20)},
            "证明材料须为照片（JPEG、PNG、WebP）或 PDF，且不超过 5 MB。",
        ),
    ],
    ids=["zero", "negative", "fraction-of-fen", "no-evidence", "receipt-taken", "not-a-photo"],
)
def test_refused_offline_donations_show_the_reason_and_change_nothing(fund, overrides, message):
    # given a fund with one donation, whose receipt number is taken
    donations.donation_record_offline(
        actor=None,
        community=fund,
        amount=100,
        method="cash",
        evidence="开箱",
        receipt_number="SJ-TAKEN",
    )
    client = _staff(fund)
    before = fund_state(fund)

    # when staff submit the form with one bad input
    response = _post(client, fund, ADD, _offline(**overrides))

    # then the form comes back with the translated reason, and nothing changed
    assert response.status_code == 200
    assert message in response.content.decode()
    assert fund_state(fund) == before


def _cash_donation(community, amount=10_000) -> Donation:
    return donations.donation_record_offline(
        actor=None,
        community=community,
        amount=amount,
        method="bank_transfer",
        evidence="银行回单",
        receipt_number="YH-001",
    )


def test_staff_refund_part_of_a_donation_and_never_more_than_was_paid(fund):
    # given a bank transfer of 100 yuan
    donation = _cash_donation(fund)
    client = _staff(fund)
    refund_page = f"/admin/microfund/donation/{donation.pk}/refund/"
    assert refund_page in _get(client, fund, "/admin/microfund/donation/").content.decode()

    # when staff refund 30 yuan
    response = _post(client, fund, refund_page, {"amount": "30", "reason": "捐赠人要求"})

    # then it is refunded at once and posted as a reversal
    assert (response.status_code, response["Location"]) == (
        302,
        f"/admin/microfund/donation/{donation.pk}/change/",
    )
    refund = Refund.objects.get()
    assert (refund.amount, refund.status, refund.reason) == (
        3000,
        RefundStatus.SUCCEEDED,
        "捐赠人要求",
    )
    assert refund.entry.reverses_id == donation.entry_id
    assert fund_accounts.fund_account().balance == 7000
    page = _get(client, fund, response["Location"]).content.decode()
    assert "已退款 ¥30.00。" in page

    # when they try 70.01 yuan more, or nothing
    before = fund_state(fund)
    too_much = _post(client, fund, refund_page, {"amount": "70.01"})
    nothing = _post(client, fund, refund_page, {"amount": "0"})

    # then both are refused with the reason, and nothing changed
    assert (too_much.status_code, nothing.status_code) == (200, 200)
    assert "退款金额不能超过已支付金额。" in too_much.content.decode()
    assert "金额须大于零。" in nothing.content.decode()
    assert fund_state(fund) == before


def test_an_online_refund_from_the_admin_waits_for_the_payment_service(fund):
    # given a card donation of 50 yuan
    donation = Donation.objects.create(amount=5000, method="card", provider="stripe")
    payments.payment_reconcile(
        community=fund,
        facts=PaymentFacts(
            payment_id="pi_admin",
            donation_ref=f"{fund.schema_name}:{donation.token}",
            amount=5000,
            currency="CNY",
            succeeded=True,
        ),
    )
    client = _staff(fund, Role.ADMIN)

    # when an admin refunds all of it
    response = _post(
        client, fund, f"/admin/microfund/donation/{donation.pk}/refund/", {"amount": "50"}
    )

    # then the refund is pending, a job will ask Stripe, and the admin is told so
    refund = Refund.objects.get()
    assert (refund.status, refund.amount) == (RefundStatus.PENDING, 5000)
    assert deferred(submit_refund) == [
        {"community_schema": fund.schema_name, "refund_id": refund.pk}
    ]
    assert fund_accounts.fund_account().balance == 5000
    page = _get(client, fund, response["Location"]).content.decode()
    assert "已向支付服务申请退款 ¥50.00，支付服务答复前显示为处理中。" in page


@pytest.mark.parametrize("who", ["resident", "other_admin", "anonymous"])
def test_people_outside_the_office_cannot_record_or_refund(jiahonglu, fund, who):
    # given a donation, and someone who is not staff of this community
    donation = _cash_donation(fund)
    client = Client()
    if who == "resident":
        client.force_login(make_member(fund, Role.RESIDENT))
    elif who == "other_admin":
        client.force_login(make_member(jiahonglu, Role.ADMIN))
    before = fund_state(fund)

    # when they open or post the forms
    answers = [
        _get(client, fund, ADD),
        _post(client, fund, ADD, _offline()),
        _post(client, fund, f"/admin/microfund/donation/{donation.pk}/refund/", {"amount": "1"}),
        _get(client, fund, "/admin/microfund/donation/"),
    ]

    # then each is sent to the admin's sign-in page, and nothing changed
    assert [(a.status_code, a["Location"].split("?")[0]) for a in answers] == [
        (302, "/admin/login/")
    ] * 4
    assert fund_state(fund) == before
