"""Daily reconciliation against the test servers' bills: differences listed, nothing posted."""

from datetime import datetime, timedelta, timezone

import pytest
from django.db import connection

from commonweal.ledger.models import Entry
from commonweal.microfund.hosts.models import BillCheck, ProviderAccount
from commonweal.microfund.hosts.reconciliation import bill_check
from commonweal.microfund.tasks import reconcile_bill, reconcile_yesterdays_bills
from tests.microfund.providers.fixtures import accepted

TODAY = datetime.now(timezone(timedelta(hours=8))).date()


def _paid(donor, method, amount):
    donation, _ = donor.order(method, "desktop", amount=amount)
    donor.pay(donation)
    assert accepted(donor.deliver(donation.provider, donor.payment_notice(donation)))
    donation.refresh_from_db()
    return donation


def _check(provider: str):
    connection.set_schema_to_public()
    account = ProviderAccount.objects.get(provider=provider)
    check = bill_check(account=account, day=TODAY)
    return check, sorted(
        check.differences.values_list("kind", "payment_id", "refund", "ours", "theirs")
    )


@pytest.mark.parametrize("method", ["wechat_pay", "alipay"])
def test_a_bill_that_agrees_lists_nothing(donor, order_fund, method):
    from commonweal.microfund.services import refunds

    paid = _paid(donor, method, 5000)
    refunds.donation_refund(actor=None, community=order_fund, donation=paid, amount=1200)
    from commonweal.microfund.tasks import submit_refund
    from tests.microfund.fixtures import run_deferred

    run_deferred(submit_refund, order_fund)
    check, rows = _check(paid.provider)
    assert rows == []
    assert (check.bill_lines, check.ledger_lines) == (2, 2)


@pytest.mark.parametrize("method", ["wechat_pay", "alipay"])
def test_one_extra_one_missing_one_different_line_are_exactly_what_is_listed(
    donor, order_fund, method
):
    # given three paid donations and one refund, all in the books
    agreed, left_off, changed = (_paid(donor, method, amount) for amount in (1000, 2000, 3000))
    server = donor.servers[agreed.provider]
    # and a bill that leaves one payment off, shows another with a different amount, and has a
    # payment our books never heard of
    server.bill_changes[left_off.token] = None
    server.bill_changes[changed.token] = 3100
    stranger = {"out_trade_no": "NOT-OURS-1", "total": 777}
    stranger["transaction_id" if method == "wechat_pay" else "trade_no"] = "9999000011112222"
    server.bill_extra.append(stranger)
    entries = Entry.objects.count()
    # when the day is reconciled
    check, rows = _check(agreed.provider)
    # then exactly those three are listed, and nothing was posted
    assert rows == [
        ("amount_differs", changed.payment_id, "", 3000, 3100),
        ("missing_here", "9999000011112222", "", None, 777),
        ("missing_there", left_off.payment_id, "", 2000, None),
    ]
    assert check.differences.get(kind="missing_there").community_id == order_fund.pk
    assert check.differences.get(kind="missing_here").community_id is None
    connection.set_tenant(order_fund)
    assert Entry.objects.count() == entries
    # and a rerun of the day replaces its list rather than adding to it
    check_again, rows_again = _check(agreed.provider)
    assert (check_again.pk, rows_again) == (check.pk, rows)
    assert BillCheck.objects.count() == 1


def test_the_daily_job_checks_yesterday_for_each_order_account(donor, order_fund):
    from tests.microfund.fixtures import deferred

    connection.set_schema_to_public()
    noon = datetime(2026, 12, 3, 10, 30, tzinfo=timezone(timedelta(hours=8)))
    reconcile_yesterdays_bills(timestamp=int(noon.timestamp()))
    jobs = sorted(
        (job["day"], ProviderAccount.objects.get(pk=job["account_id"]).provider)
        for job in deferred(reconcile_bill)
    )
    assert jobs == [("2026-12-02", "alipay"), ("2026-12-02", "wechatpay")]
