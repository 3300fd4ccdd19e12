"""The daily check tells staff and the responsible partner of overdue work, once."""

from datetime import timedelta

from django.utils import timezone

from commonweal.governance.needs.models import Milestone, Task
from commonweal.governance.needs.services import projects as project_services
from commonweal.governance.needs.services import tasks as task_services
from commonweal.governance.needs.tasks import flag_overdue
from commonweal.platform.notifications.models import Notification
from tests.governance.needs.fixtures import published_task
from tests.partners.fixtures import in_schema


def test_overdue_tasks_and_milestones_are_flagged_once_to_office_and_partner(fengshu, people):
    # given a published task nobody took on and a project with a milestone, both past due
    waiting = published_task(fengshu, people)
    taken = published_task(fengshu, people)
    with in_schema(fengshu):
        response = task_services.task_respond(
            actor=people.representative,
            community=fengshu,
            task=taken,
            partnership=people.partner,
            offer="承接",
        )
        project = task_services.task_choose(
            actor=people.staff, community=fengshu, task=taken, response_ids=[response.pk]
        )
        milestone = project_services.milestone_add(
            actor=people.staff,
            community=fengshu,
            project=project,
            title="安装",
            due_on=timezone.localdate() + timedelta(days=1),
        )
    later = timezone.localdate() + timedelta(days=20)
    Notification.objects.all().delete()
    # when the daily check runs twice
    assert flag_overdue(fengshu, today=later) == 2
    assert flag_overdue(fengshu, today=later) == 0
    # then the office hears of both, the partner only of its milestone
    kinds = sorted(Notification.objects.values_list("user__display_name", "kind"))
    office = [people.staff.display_name, people.admin.display_name, people.grid_worker.display_name]
    assert [k for k in kinds if k[1] == "task.overdue"] == sorted(
        [(name, "task.overdue") for name in office]
    )
    assert sorted(k for k in kinds if k[1] == "milestone.overdue") == sorted(
        [(name, "milestone.overdue") for name in office]
        + [(people.representative.display_name, "milestone.overdue")]
    )
    with in_schema(fengshu):
        assert Task.objects.get(pk=waiting.pk).overdue_flagged_at is not None
        assert Milestone.objects.get(pk=milestone.pk).overdue_flagged_at is not None
