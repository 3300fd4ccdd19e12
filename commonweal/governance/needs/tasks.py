"""The daily check for overdue tasks and milestones: staff and the responsible partner are told
once per item (the flag is set in the same transaction as the notification)."""

from django.db import connection, transaction
from django.utils import timezone

from commonweal.platform.kernel.jobs import app, platform_task


def flag_overdue(community, today=None) -> int:
    """Flag `community`'s overdue published tasks and milestones; how many were flagged."""
    from commonweal.governance.needs import notify
    from commonweal.governance.needs.models import Milestone, Task, TaskStatus
    from commonweal.governance.needs.services.projects import overdue_milestones

    today = today or timezone.localdate()
    connection.set_tenant(community)
    try:
        with transaction.atomic():
            tasks = list(
                Task.objects.select_for_update()
                .filter(
                    status=TaskStatus.PUBLISHED, due_on__lt=today, overdue_flagged_at__isnull=True
                )
                .order_by("pk")
            )
            for task in tasks:
                notify.overdue(
                    community=community,
                    kind="task.overdue",
                    title=task.title,
                    path=task.path,
                )
            milestones = list(
                overdue_milestones(today)
                .select_for_update(of=("self",))
                .select_related("project")
                .order_by("pk")
            )
            for milestone in milestones:
                notify.overdue(
                    community=community,
                    kind="milestone.overdue",
                    title=f"{milestone.project.title} · {milestone.title}",
                    path=f"/needs/projects/{milestone.project_id}/",
                    partnerships=list(milestone.project.partnerships.all()),
                )
            now = timezone.now()
            Task.objects.filter(pk__in=[t.pk for t in tasks]).update(overdue_flagged_at=now)
            Milestone.objects.filter(pk__in=[m.pk for m in milestones]).update(
                overdue_flagged_at=now
            )
        return len(tasks) + len(milestones)
    finally:
        connection.set_schema_to_public()


@app.periodic(cron="0 8 * * *")
@platform_task(queueing_lock="needs.overdue")
def find_overdue_needs_work(timestamp: int) -> int:
    from commonweal.tenants.models import Community, CommunityStatus

    total = 0
    for community in Community.objects.filter(status=CommunityStatus.ACTIVE).order_by("pk"):
        total += flag_overdue(community)
    return total
