"""The time bank's background jobs: reminders the day before, codes that expire, points
that expire, and recurring tasks generated ahead."""

from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from commonweal.platform.kernel.jobs import app, platform_task

# Registers the notification e-mail job with the worker (this module is autodiscovered).
from commonweal.platform.notifications.tasks import email_notification  # noqa: F401


def _communities():
    from commonweal.tenants.models import Community, CommunityStatus

    return Community.objects.filter(status=CommunityStatus.ACTIVE).order_by("pk")


def remind_tomorrow(community, now=None) -> int:
    """Tell the volunteers of tasks starting in the next 24–48 hours, once per task."""
    from commonweal.timebank import notify
    from commonweal.timebank.models import SignUp, SignUpStatus, Task, TaskStatus

    now = now or timezone.now()
    connection.set_tenant(community)
    try:
        with transaction.atomic():
            due = list(
                Task.objects.select_for_update(skip_locked=True).filter(
                    status=TaskStatus.PUBLISHED,
                    reminded_at__isnull=True,
                    starts_at__gt=now,
                    starts_at__lte=now + timedelta(days=1),
                )
            )
            for task in due:
                volunteer_ids = SignUp.objects.filter(
                    task=task, status=SignUpStatus.ACTIVE
                ).values_list("volunteer_id", flat=True)
                notify.reminder(community=community, task=task, volunteer_ids=volunteer_ids)
            Task.objects.filter(pk__in=[t.pk for t in due]).update(reminded_at=now)
        return len(due)
    finally:
        connection.set_schema_to_public()


def in_each_community(work) -> int:
    total = 0
    for community in _communities():
        connection.set_tenant(community)
        try:
            total += work(community)
        finally:
            connection.set_schema_to_public()
    return total


@app.periodic(cron="0 9 * * *")
@platform_task(queueing_lock="timebank.reminders")
def send_reminders(timestamp: int) -> int:
    return sum(remind_tomorrow(c) for c in _communities())


@app.periodic(cron="*/5 * * * *")
@platform_task(queueing_lock="timebank.redemptions_expire")
def expire_redemptions(timestamp: int) -> int:
    from commonweal.timebank.services.redemptions import expire_due

    return in_each_community(lambda community: expire_due(community=community))


@app.periodic(cron="30 2 * * *")
@platform_task(queueing_lock="timebank.points_expire")
def expire_points(timestamp: int) -> int:
    from commonweal.timebank.services.expiry import points_expire

    return in_each_community(lambda community: points_expire(community=community))


@app.periodic(cron="15 1 * * *")
@platform_task(queueing_lock="timebank.series")
def generate_recurring_tasks(timestamp: int) -> int:
    from commonweal.timebank.models import TaskSeries
    from commonweal.timebank.services.series import series_generate

    def generate(community):
        made = 0
        for series in TaskSeries.objects.filter(stopped_at__isnull=True):
            made += len(series_generate(community=community, series=series))
        return made

    return in_each_community(generate)
