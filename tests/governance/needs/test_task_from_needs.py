"""Staff publish one task from several accepted needs on a need's page (社区发布任务): the
other accepted needs are offered as ticks, the task carries every need ticked, and a need a
task may not carry is refused in words, changing nothing."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from commonweal.governance.needs.models import Need, NeedStatus, Task, TaskStatus
from tests.fixtures import host_of
from tests.governance.needs.fixtures import need_in
from tests.isolation import database_state
from tests.partners.fixtures import in_schema


def _staff(people):
    client = Client()
    client.force_login(people.staff)
    return client


def _form(*also):
    return {
        "title": "为时间广场安装座椅和路灯",
        "description": "安装 4 张户外座椅，修好两盏路灯",
        "due_on": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "budget_yuan": "3000",
        "also": [str(pk) for pk in also],
    }


def test_a_task_published_from_a_need_carries_the_other_needs_ticked(fengshu, people):
    need = need_in(fengshu, NeedStatus.ACCEPTED, people, title="时间广场缺少座椅")
    lamp = need_in(fengshu, NeedStatus.ACCEPTED, people, title="广场路灯不亮")
    left = need_in(fengshu, NeedStatus.ACCEPTED, people, title="健身器材松动")
    submitted = need_in(fengshu, NeedStatus.SUBMITTED, people, title="还没受理的需求")
    handled = need_in(fengshu, NeedStatus.IN_PROGRESS, people, title="已在办理的需求")
    staff, host = _staff(people), host_of(fengshu)

    page = staff.get(need.path, HTTP_HOST=host).content.decode()
    # only other needs a task may carry are offered
    assert f'name="also" value="{lamp.pk}"' in page and f'name="also" value="{left.pk}"' in page
    for not_offered in (need, submitted, handled):
        assert f'name="also" value="{not_offered.pk}"' not in page

    posted = staff.post(f"{need.path}task/", _form(lamp.pk), HTTP_HOST=host)
    with in_schema(fengshu):
        task = Task.objects.get()
        assert posted.status_code == 302 and posted["Location"] == task.path
        assert (task.status, task.budget) == (TaskStatus.PUBLISHED, 300000)
        assert set(task.needs.values_list("pk", flat=True)) == {need.pk, lamp.pk}
        statuses = dict(Need.objects.values_list("pk", "status"))
    # publishing put both in hand; the need not ticked waits for another task
    assert (statuses[need.pk], statuses[lamp.pk], statuses[left.pk]) == (
        NeedStatus.IN_PROGRESS,
        NeedStatus.IN_PROGRESS,
        NeedStatus.ACCEPTED,
    )


def test_a_need_a_task_may_not_carry_is_refused_and_nothing_changes(fengshu, people):
    need = need_in(fengshu, NeedStatus.ACCEPTED, people)
    submitted = need_in(fengshu, NeedStatus.SUBMITTED, people, title="还没受理的需求")
    handled = need_in(fengshu, NeedStatus.IN_PROGRESS, people, title="已在办理的需求")
    staff, host = _staff(people), host_of(fengshu)
    # not accepted yet, already in hand, no such need in this community
    for also in (submitted.pk, handled.pk, 999999):
        before = database_state()
        answer = staff.post(f"{need.path}task/", _form(also), HTTP_HOST=host, follow=True)
        # NO_NEEDS, in words
        assert "任务须关联一个或多个已纳入清单的需求。" in answer.content.decode(), also
        assert database_state() == before
    with in_schema(fengshu):
        assert not Task.objects.exists()
