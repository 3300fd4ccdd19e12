"""The fund's jobs: posting the providers' webhook events, what the payment provider is asked
after commit (refunds, stopping monthly donations), donors' e-mails, daily late-report checks."""

from django.core.mail import send_mail
from procrastinate import BaseRetryStrategy, RetryDecision
from procrastinate.contrib.django import app

from commonweal.microfund.providers.base import ProviderError
from commonweal.microfund.services import monthly_giving, payments, revenue_share
from commonweal.platform.kernel.jobs import community_task, platform_task


class ProviderBackoff(BaseRetryStrategy):
    """Retry while the provider is unreachable: 10 s, 20 s, 40 s … at most an hour apart, for
    about a week (an outage that long needs people, and the refund stays pending meanwhile).
    Anything but a ProviderError is a bug: no retry, the job shows as failed."""

    first_wait = 10
    longest_wait = 3600
    max_attempts = 180

    def get_retry_decision(self, *, exception, job) -> RetryDecision | None:
        if not isinstance(exception, ProviderError) or job.attempts >= self.max_attempts:
            return None
        wait = min(self.first_wait * 2 ** min(job.attempts, 20), self.longest_wait)
        return RetryDecision(retry_in={"seconds": wait})


@community_task(queue="microfund")
def drain_webhooks(*, community):
    """Post the webhook events waiting in the community's inbox (woken by each receipt)."""
    from commonweal.microfund import webhooks

    webhooks.drain(community)


@app.periodic(cron="* * * * *", periodic_id="microfund-webhook-sweep")
@platform_task(queue="microfund")
def sweep_webhook_inboxes(timestamp: int):
    """Wake the drain of every community with an event due and no drain coming: a safety net
    for a lost wake (a drain that crashed, a receipt that raced a finishing drain)."""
    from django_tenants.utils import schema_context

    from commonweal.microfund import webhooks
    from commonweal.tenants.models import Community

    for community in Community.objects.exclude(schema_name="public"):
        with schema_context(community.schema_name):
            if webhooks.has_due_events():
                webhooks.wake(community)


@community_task(queue="microfund", retry=ProviderBackoff())
def submit_refund(*, community, refund_id: int):
    payments.refund_submit(community=community, refund_id=refund_id)


@community_task(queue="microfund", retry=ProviderBackoff())
def expire_order(*, community, donation_id: int):
    from commonweal.microfund.payments import order_expire

    order_expire(community=community, donation_id=donation_id)


@community_task(queue="microfund", retry=ProviderBackoff())
def cancel_subscription(*, community, monthly_id: int):
    monthly_giving.monthly_donation_stop_at_provider(community=community, monthly_id=monthly_id)


@community_task(queue="microfund", retry=5)
def email_renewal_failed(*, community, monthly_id: int):
    """For a donor known only by the e-mail address the provider collected."""
    from commonweal.microfund.models import MonthlyDonation

    monthly = MonthlyDonation.objects.select_related("first").get(pk=monthly_id)
    title, body, url = monthly_giving.renewal_failed_message(community, monthly)
    send_mail(title, f"{body}\n\n{url}", None, [monthly.email])


@community_task(queue="microfund")
def flag_late_revenue_reports(*, community):
    revenue_share.flag_late_reports(community=community)


@app.periodic(cron="0 2 * * *", periodic_id="microfund-late-reports")
@platform_task(queue="microfund")
def flag_late_revenue_reports_everywhere(timestamp: int):
    from commonweal.tenants.models import Community

    for schema in Community.objects.values_list("schema_name", flat=True):
        flag_late_revenue_reports.defer(community_schema=schema)


@platform_task(queue="microfund", retry=ProviderBackoff())
def reconcile_bill(*, account_id: int, day: str):
    from datetime import date

    from commonweal.microfund.hosts.models import ProviderAccount
    from commonweal.microfund.hosts.reconciliation import bill_check

    bill_check(account=ProviderAccount.objects.get(pk=account_id), day=date.fromisoformat(day))


# 02:30 UTC is 10:30 in Beijing: both providers publish the previous day's bill by 10:00.
@app.periodic(cron="30 2 * * *", periodic_id="microfund-bill-checks")
@platform_task(queue="microfund")
def reconcile_yesterdays_bills(timestamp: int):
    from datetime import datetime, timedelta

    from commonweal.microfund.hosts.models import ProviderAccount
    from commonweal.microfund.hosts.reconciliation import BEIJING

    yesterday = (datetime.fromtimestamp(timestamp, tz=BEIJING) - timedelta(days=1)).date()
    accounts = ProviderAccount.objects.filter(active=True, provider__in=["wechatpay", "alipay"])
    for account_id in accounts.values_list("pk", flat=True):
        reconcile_bill.defer(account_id=account_id, day=yesterday.isoformat())
