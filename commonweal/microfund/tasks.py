"""Daily: flag revenue-share reports that are late, in every community."""

from procrastinate.contrib.django import app

from commonweal.microfund import services
from commonweal.platform.jobs import community_task, platform_task


@community_task(queue="microfund")
def flag_late_revenue_reports(*, community):
    services.flag_late_reports(community=community)


@app.periodic(cron="0 2 * * *", periodic_id="microfund-late-reports")
@platform_task(queue="microfund")
def flag_late_revenue_reports_everywhere(timestamp: int):
    from commonweal.tenants.models import Community

    for schema in Community.objects.values_list("schema_name", flat=True):
        flag_late_revenue_reports.defer(community_schema=schema)
