"""Donations paid by order, end to end: our order at the provider's test server, the payment
there, its signed notices delivered to our endpoint any number of times and in any order."""

import time

import pytest
from django.db import connection

from commonweal.ledger.models import Entry
from commonweal.microfund.hosts.models import PaymentFlag
from commonweal.microfund.models import Donation, DonationStatus, WebhookEvent
from commonweal.microfund.services import fund_accounts, refunds
from commonweal.microfund.tasks import expire_order, submit_refund
from tests.microfund.fixtures import fund_state, run_deferred
from tests.microfund.providers.fixtures import accepted, host_orders, refused

FLOWS = [
    pytest.param("wechat_pay", "mobile_web", {"client_ip": "10.0.0.8"}, id="WeChat H5"),
    pytest.param("wechat_pay", "in_app", {"payer": "o-donor-7"}, id="WeChat JSAPI"),
    pytest.param("wechat_pay", "desktop", {}, id="WeChat Native"),
    pytest.param("alipay", "mobile_web", {}, id="Alipay wap"),
    pytest.param("alipay", "desktop", {}, id="Alipay page"),
]


@pytest.mark.parametrize("deliveries", [1, 10, 100])
@pytest.mark.parametrize(("method", "channel", "fields"), FLOWS)
def test_each_flow_paid_and_notified_many_times_makes_one_donation(
    donor, method, channel, fields, deliveries
):
    # given a donor's order of ¥50 in the way the channel takes it, paid at the provider
    donation, checkout = donor.order(method, channel, amount=5000, **fields)
    assert checkout.id == donation.token
    paid = donor.pay(donation)
    notice = donor.payment_notice(donation)
    # when the provider delivers its notice `deliveries` times
    answers = [donor.deliver(donation.provider, notice) for _ in range(deliveries)]
    # then every delivery is answered as taken, and the donation is in the books once
    assert all(accepted(answer) for answer in answers)
    donation.refresh_from_db()
    payment_id = paid.transaction_id if donation.provider == "wechatpay" else paid.trade_no
    assert (donation.status, donation.amount, donation.payment_id, donation.method) == (
        DonationStatus.PAID,
        5000,
        payment_id,
        method,
    )
    assert donation.receipt_number.startswith("CW")
    assert list(Entry.objects.values_list("kind", "external_id")) == [
        ("donation", f"{donation.provider}:payment:{payment_id}")
    ]
    assert fund_accounts.fund_account().balance == 5000
    assert WebhookEvent.objects.count() == 1


def test_distinct_notices_of_one_payment_post_it_once(donor):
    donation, _ = donor.order("wechat_pay", "desktop", amount=3000)
    donor.pay(donation)
    answers = [donor.deliver("wechatpay", donor.payment_notice(donation)) for _ in range(10)]
    assert all(accepted(answer) for answer in answers)
    assert WebhookEvent.objects.count() == 10
    assert Entry.objects.count() == 1
    assert fund_accounts.fund_account().balance == 3000


SPOILED = [
    pytest.param({"signer": "forger"}, id="forged signature"),
    pytest.param({"stale": True}, id="stale timestamp"),
    pytest.param({"tamper": True}, id="tampered body"),
    pytest.param({"wrong_key": True}, id="wrong key"),
]


def _spoiled(donor, donation, how):
    if donation.provider == "wechatpay":
        options = {}
        if how.get("signer"):
            options["signer"] = how["signer"]
        if how.get("stale"):
            options["timestamp"] = int(time.time()) - 400
        if how.get("wrong_key"):
            options["apiv3_key"] = "k" * 32
        headers, body = donor.payment_notice(donation, **options)
        if how.get("tamper"):
            body = body.replace(b'"summary"', b'"Summary"')
        return headers, body
    options = {}
    if how.get("signer") or how.get("wrong_key"):
        options["signer"] = "forger"
    if how.get("stale"):
        options["notify_time"] = time.strftime(
            "%Y-%m-%d %H:%M:%S", time.gmtime(time.time() + 8 * 3600 - 400)
        )
    headers, body = donor.payment_notice(donation, **options)
    if how.get("tamper"):
        body = body.replace(b"total_amount=50.00", b"total_amount=5.00")
    return headers, body


@pytest.mark.parametrize("how", SPOILED)
@pytest.mark.parametrize("method", ["wechat_pay", "alipay"])
def test_a_notice_that_does_not_hold_posts_nothing(donor, order_fund, method, how):
    donation, _ = donor.order(method, "desktop", amount=5000)
    donor.pay(donation)
    before = fund_state(order_fund)
    connection.set_tenant(order_fund)
    answer = donor.deliver(donation.provider, _spoiled(donor, donation, how))
    assert refused(answer)
    assert fund_state(order_fund) == before
    connection.set_tenant(order_fund)
    # and the authentic notice still posts afterwards
    assert accepted(donor.deliver(donation.provider, donor.payment_notice(donation)))
    assert fund_accounts.fund_account().balance == 5000


@pytest.mark.parametrize("method", ["wechat_pay", "alipay"])
def test_a_notice_for_one_communitys_order_posts_nothing_in_another(
    jiahonglu, donor, order_fund, wechatpay_server, alipay_server, method
):
    # given Jiahonglu hosted by the same charity, with the same merchant accounts
    connection.set_schema_to_public()
    host_orders(jiahonglu, wechatpay_server, alipay_server)
    connection.set_tenant(order_fund)
    donation, _ = donor.order(method, "desktop", amount=5000)
    donor.pay(donation)
    notice = donor.payment_notice(donation)
    before = (fund_state(order_fund), fund_state(jiahonglu))
    # when Fengshu's notice is delivered to Jiahonglu's endpoint
    answer = donor.deliver(donation.provider, notice, community=jiahonglu)
    # then it is refused and neither community's books changed
    assert refused(answer)
    assert (fund_state(order_fund), fund_state(jiahonglu)) == before


def test_a_notice_whose_amount_is_not_the_donations_is_flagged_not_posted(donor, order_fund):
    donation, _ = donor.order("wechat_pay", "desktop", amount=5000)
    paid = donor.pay(donation)
    notice = donor.payment_notice(
        donation, resource_changes={"amount": {"total": 500, "currency": "CNY"}}
    )
    assert accepted(donor.deliver("wechatpay", notice))
    assert Entry.objects.count() == 0
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PENDING
    connection.set_schema_to_public()
    assert list(
        PaymentFlag.objects.values_list("community__slug", "payment_id", "expected", "reported")
    ) == [("fengshu", paid.transaction_id, 5000, 500)]


def test_a_notice_in_another_currency_is_flagged_not_posted(donor, order_fund):
    donation, _ = donor.order("wechat_pay", "desktop", amount=5000)
    donor.pay(donation)
    notice = donor.payment_notice(
        donation, resource_changes={"amount": {"total": 5000, "currency": "USD"}}
    )
    assert accepted(donor.deliver("wechatpay", notice))
    assert Entry.objects.count() == 0
    connection.set_schema_to_public()
    assert list(PaymentFlag.objects.values_list("reported_currency", flat=True)) == ["USD"]


def _refund(donor, donation, amount):
    connection.set_tenant(donor.community)
    return refunds.donation_refund(
        actor=None, community=donor.community, donation=donation, amount=amount, reason="捐错了"
    )


@pytest.mark.parametrize("method", ["wechat_pay", "alipay"])
@pytest.mark.parametrize("notice_first", [False, True], ids=["job first", "notice first"])
def test_refunds_in_part_then_in_full_are_posted_once_whichever_reports_first(
    donor, order_fund, method, notice_first
):
    donation, _ = donor.order(method, "desktop", amount=10000)
    donor.pay(donation)
    assert accepted(donor.deliver(donation.provider, donor.payment_notice(donation)))
    donation.refresh_from_db()
    for amount in (3000, 7000):
        refund = _refund(donor, donation, amount)
        reference = refunds.refund_reference(order_fund, refund)
        if notice_first:
            # the provider refunds (the job's request) and notifies before the job records it
            provider_refund = _provider_refund(donor, donation, amount, reference)
            assert accepted(
                donor.deliver(donation.provider, donor.refund_notice(donation, reference))
            )
            run_deferred(submit_refund, order_fund)
            assert provider_refund
        else:
            run_deferred(submit_refund, order_fund)
            assert accepted(
                donor.deliver(donation.provider, donor.refund_notice(donation, reference))
            )
        # a second delivery changes nothing
        assert accepted(donor.deliver(donation.provider, donor.refund_notice(donation, reference)))
    donation.refresh_from_db()
    assert (donation.status, donation.refunded) == (DonationStatus.REFUNDED, 10000)
    assert sorted(Entry.objects.values_list("kind", flat=True)) == ["donation", "refund", "refund"]
    assert fund_accounts.fund_account().balance == 0
    assert list(donation.refunds.values_list("amount", "status")) == [
        (3000, "succeeded"),
        (7000, "succeeded"),
    ]


@pytest.mark.parametrize("notice_arrives", [False, True], ids=["no notice", "late notice"])
def test_a_refund_wechat_is_still_processing_is_asked_again_until_it_settles(
    donor, order_fund, wechatpay_server, notice_arrives
):
    from commonweal.microfund.services.payments import RefundStillPending

    # given a paid ¥50 donation, and WeChat Pay answering a refund with PROCESSING
    donation, _ = donor.order("wechat_pay", "desktop", amount=5000)
    donor.pay(donation)
    assert accepted(donor.deliver("wechatpay", donor.payment_notice(donation)))
    donation.refresh_from_db()
    refund = _refund(donor, donation, 2000)
    reference = refunds.refund_reference(order_fund, refund)
    wechatpay_server.refund_status = "PROCESSING"
    # when the job asks, twice, while WeChat is still working on it
    for _ in range(2):
        with pytest.raises(RefundStillPending):
            run_deferred(submit_refund, order_fund)
        connection.set_tenant(order_fund)
        refund.refresh_from_db()
        assert (refund.status, refund.entry_id) == ("pending", None)
    assert refund.provider_refund_id
    # and WeChat finishes it (its notice may or may not ever arrive)
    wechatpay_server.settle_refund(reference.replace(":", "|"))
    if notice_arrives:
        assert accepted(donor.deliver("wechatpay", donor.refund_notice(donation, reference)))
    run_deferred(submit_refund, order_fund)
    if not notice_arrives:
        # the notice comes after the job booked it: nothing more
        assert accepted(donor.deliver("wechatpay", donor.refund_notice(donation, reference)))
    # then it is booked once
    refund.refresh_from_db()
    donation.refresh_from_db()
    assert (refund.status, donation.refunded) == ("succeeded", 2000)
    assert sorted(Entry.objects.values_list("kind", flat=True)) == ["donation", "refund"]
    assert fund_accounts.fund_account().balance == 3000


def _provider_refund(donor, donation, amount, reference):
    """The refund as the job would ask for it, made at the provider directly."""
    from commonweal.microfund.providers import provider_for

    provider = provider_for(donor.community, donation.provider)
    return provider.refund(donation.payment_id, amount, idempotency_key=reference)


def test_a_refund_beyond_what_was_paid_is_refused_before_the_provider_is_asked(donor, order_fund):
    from commonweal.platform.kernel.errors import DomainError

    donation, _ = donor.order("alipay", "desktop", amount=2000)
    donor.pay(donation)
    donor.deliver("alipay", donor.payment_notice(donation))
    donation.refresh_from_db()
    with pytest.raises(DomainError) as refusal:
        _refund(donor, donation, 2001)
    assert refusal.value.code == "REFUND_EXCEEDS_PAID"
    assert donation.refunds.count() == 0


@pytest.mark.parametrize("method", ["wechat_pay", "alipay"])
def test_a_refund_notice_before_the_payment_notice_ends_in_the_same_books(
    donor, order_fund, method
):
    # given a paid donation refunded in part at the provider
    donation, _ = donor.order(method, "desktop", amount=6000)
    donor.pay(donation)
    payment_notice = donor.payment_notice(donation)
    provider = __import__("commonweal.microfund.providers", fromlist=["provider_for"]).provider_for(
        order_fund, donation.provider
    )
    paid = provider.fetch_payment(donation.token)
    provider.refund(paid.payment_id, 1000, idempotency_key="direct-at-provider")
    refund_notice = donor.refund_notice(donation, "direct-at-provider")
    # when the refund's notice arrives first, then the payment's
    assert accepted(donor.deliver(donation.provider, refund_notice))
    assert accepted(donor.deliver(donation.provider, payment_notice))
    # then the books are those of the two in order
    donation.refresh_from_db()
    assert (donation.status, donation.amount, donation.refunded) == (
        DonationStatus.PARTLY_REFUNDED,
        6000,
        1000,
    )
    assert donation.paid_at == paid.paid_at
    assert sorted(Entry.objects.values_list("kind", flat=True)) == ["donation", "refund"]
    assert fund_accounts.fund_account().balance == 5000


@pytest.mark.parametrize("method", ["wechat_pay", "alipay"])
def test_an_unpaid_order_expires_and_is_closed_at_the_provider(donor, order_fund, method):
    donation, _ = donor.order(method, "desktop", amount=5000)
    run_deferred(expire_order, order_fund)
    donation.refresh_from_db()
    assert donation.status == DonationStatus.EXPIRED
    server = donor.servers[donation.provider]
    if method == "wechat_pay":
        assert server.orders[donation.token].state == "CLOSED"
    else:
        assert server.trades[donation.token].status == "TRADE_CLOSED"


@pytest.mark.parametrize("method", ["wechat_pay", "alipay"])
def test_a_payment_made_before_the_order_closed_is_booked_by_the_expiry(donor, order_fund, method):
    donation, _ = donor.order(method, "desktop", amount=5000)
    donor.pay(donation)
    run_deferred(expire_order, order_fund)
    donation.refresh_from_db()
    assert (donation.status, Entry.objects.count()) == (DonationStatus.PAID, 1)
    # and its notice, arriving afterwards, posts nothing more
    assert accepted(donor.deliver(donation.provider, donor.payment_notice(donation)))
    assert Entry.objects.count() == 1


def test_a_late_payment_for_an_expired_donation_is_still_booked(donor, order_fund):
    # given a donation marked expired (its order closed), and a payment WeChat took just before
    donation, _ = donor.order("wechat_pay", "desktop", amount=5000)
    donor.pay(donation)
    Donation.objects.filter(pk=donation.pk).update(status=DonationStatus.EXPIRED)
    # when the payment's notice arrives
    assert accepted(donor.deliver("wechatpay", donor.payment_notice(donation)))
    # then the donation is paid and in the books
    donation.refresh_from_db()
    assert (donation.status, fund_accounts.fund_account().balance) == (DonationStatus.PAID, 5000)


def test_the_thank_you_page_learns_the_outcome(donor, order_fund):
    donation, _ = donor.order("wechat_pay", "desktop", amount=5000)
    host = {"HTTP_HOST": "fengshu.localhost"}
    before = donor.client.get(f"/fund/thanks/{donation.token}/outcome.json", **host).json()
    connection.set_tenant(order_fund)
    donor.pay(donation)
    donor.deliver("wechatpay", donor.payment_notice(donation))
    after = donor.client.get(f"/fund/thanks/{donation.token}/outcome.json", **host).json()
    assert (before["status"], before["receipt"]) == ("pending", "")
    assert after["status"] == "paid" and after["receipt"].startswith("CW")


def test_an_amount_below_the_communitys_minimum_is_refused_in_plain_words(donor, order_fund):
    from commonweal.platform.kernel.errors import DomainError

    with pytest.raises(DomainError) as refusal:
        donor.order("wechat_pay", "desktop", amount=50)
    assert refusal.value.code == "AMOUNT_BELOW_MINIMUM"
    assert str(refusal.value.message) == "本社区单笔捐赠最少 ¥1。"
    assert Donation.objects.count() == 0
