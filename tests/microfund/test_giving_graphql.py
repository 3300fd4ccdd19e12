"""Giving over GraphQL, as a mini-program would: the choices, a WeChat Pay or Alipay order in
the donor's channel, then the outcome once the provider's notice landed."""

from django.db import connection

from commonweal.microfund.hosts.models import FiscalHost
from commonweal.microfund.models import Donation, DonationStatus
from tests.fixtures import gql
from tests.microfund.providers.fixtures import accepted

OPTIONS = """{ givingOptions { methods { code monthly } presets minimum
  offline { host bankAccountNumber officeAddress phone } } }"""
START = """mutation($input: StartDonationInput!) { startDonation(input: $input) {
  checkoutUrl qrCode inApp receiptToken errors { code field } } }"""
OUTCOME = "query($t: String!) { donationOutcome(token: $t) { status amount receiptNumber } }"


def _start(community, **fields):
    response = gql(community).execute(START, {"input": fields})
    assert "errors" not in response, response
    return response["data"]["startDonation"]


def test_the_choices_are_the_hosts_methods_and_the_communitys_tiles(donor):
    FiscalHost.objects.update(
        bank_account_number="51050142610800000123", office_address="成龙路 8 号", phone="028-1"
    )

    options = gql(donor.community).execute(OPTIONS)["data"]["givingOptions"]

    assert options == {
        "methods": [
            {"code": "alipay", "monthly": False},
            {"code": "wechat_pay", "monthly": False},
        ],
        "presets": [1000, 2000, 5000, 10000, 20000, 50000],
        "minimum": 100,
        "offline": {
            "host": "慈善会000X",
            "bankAccountNumber": "51050142610800000123",
            "officeAddress": "成龙路 8 号",
            "phone": "028-1",
        },
    }


def test_a_fund_without_a_host_offers_nothing_online(fengshu):
    options = gql(fengshu).execute(OPTIONS)["data"]["givingOptions"]

    assert (options["methods"], options["offline"]) == ([], None)


def test_desktop_wechat_pay_answers_a_qr_code_and_the_outcome_turns_paid(donor):
    started = _start(donor.community, amount=5000, method="wechat_pay", channel="DESKTOP")

    assert started["errors"] == []
    assert started["checkoutUrl"] is None and started["inApp"] is None
    assert started["qrCode"].startswith("weixin://wxpay/")
    token = started["receiptToken"]
    outcome = gql(donor.community).execute(OUTCOME, {"t": token})["data"]["donationOutcome"]
    assert outcome == {"status": "pending", "amount": 5000, "receiptNumber": ""}

    connection.set_tenant(donor.community)
    donation = Donation.objects.get(token=token)
    donor.pay(donation)
    assert accepted(donor.deliver("wechatpay", donor.payment_notice(donation)))

    outcome = gql(donor.community).execute(OUTCOME, {"t": token})["data"]["donationOutcome"]
    connection.set_tenant(donor.community)
    donation.refresh_from_db()
    assert outcome == {"status": "paid", "amount": 5000, "receiptNumber": donation.receipt_number}
    assert donation.receipt_number.startswith("CW")


def test_inside_wechat_the_payment_sheet_is_signed_for_the_payer(donor):
    started = _start(
        donor.community, amount=2000, method="wechat_pay", channel="IN_APP", payer="o-donor-7"
    )

    assert started["errors"] == [] and started["checkoutUrl"] is None
    assert sorted(started["inApp"]) == [
        "appId",
        "nonceStr",
        "package",
        "paySign",
        "signType",
        "timeStamp",
    ]
    assert started["inApp"]["signType"] == "RSA"
    assert started["inApp"]["package"].startswith("prepay_id=")


def test_alipay_on_a_phone_answers_its_wap_page(donor, alipay_server):
    started = _start(donor.community, amount=1000, method="alipay", channel="MOBILE_WEB")

    assert started["errors"] == [] and started["qrCode"] is None
    assert started["checkoutUrl"].startswith(alipay_server.base)
    connection.set_tenant(donor.community)
    assert Donation.objects.get(token=started["receiptToken"]).status == DonationStatus.PENDING


def test_below_the_minimum_is_refused_naming_the_amount_and_nothing_is_made(donor):
    started = _start(donor.community, amount=50, method="wechat_pay")

    assert started == {
        "checkoutUrl": None,
        "qrCode": None,
        "inApp": None,
        "receiptToken": None,
        "errors": [{"code": "AMOUNT_BELOW_MINIMUM", "field": "amount"}],
    }
    connection.set_tenant(donor.community)
    assert Donation.objects.count() == 0


def test_an_unknown_token_has_no_outcome(fengshu):
    outcome = gql(fengshu).execute(OUTCOME, {"t": "nope"})["data"]["donationOutcome"]

    assert outcome == {"status": "unknown", "amount": None, "receiptNumber": ""}


def test_a_token_asked_on_another_communitys_host_is_unknown_there(jiahonglu, donor):
    token = _start(donor.community, amount=5000, method="wechat_pay")["receiptToken"]

    outcome = gql(jiahonglu).execute(OUTCOME, {"t": token})["data"]["donationOutcome"]

    assert outcome == {"status": "unknown", "amount": None, "receiptNumber": ""}


CHECKS = (
    "{ paymentsToCheck { flags { provider paymentId expected reported } differences { kind }"
    " events { provider eventId type name status attempts error } } }"
)


def test_the_office_reads_the_payments_to_check_and_nobody_else_does(donor):
    from commonweal.microfund.hosts.models import PaymentFlag
    from commonweal.microfund.models import WebhookEvent
    from commonweal.platform.kernel.roles import Role
    from tests.fixtures import make_member

    WebhookEvent.objects.create(
        provider="stripe",
        event_id="evt_7",
        type="charge.refunded",
        status="failed",
        attempts=3,
        error="the payment service refused to explain the refund",
    )
    WebhookEvent.objects.create(
        provider="stripe", event_id="evt_8", type="charge.refunded", status="processed"
    )
    PaymentFlag.objects.create(
        community=donor.community,
        provider="wechatpay",
        order="tok-9",
        payment_id="4200009",
        expected=5000,
        reported=500,
    )
    staff, resident = (
        make_member(donor.community, Role.STAFF),
        make_member(donor.community, Role.RESIDENT),
    )

    seen = gql(donor.community, staff).execute(CHECKS)["data"]["paymentsToCheck"]
    refused = gql(donor.community, resident).execute(CHECKS)

    assert seen == {
        "flags": [
            {"provider": "wechatpay", "paymentId": "4200009", "expected": 5000, "reported": 500}
        ],
        "differences": [],
        "events": [
            {
                "provider": "stripe",
                "eventId": "evt_7",
                "type": "charge.refunded",
                "name": "退款",
                "status": "failed",
                "attempts": 3,
                "error": "the payment service refused to explain the refund",
            }
        ],
    }
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]
