"""Tasks: who publishes, the lifecycle through one gate, and what the public sees."""

import pytest

from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.notifications.models import Notification
from commonweal.search.models import SearchDocument
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.models import TaskStatus, TaskTransition, TimebankSettings
from commonweal.timebank.services import tasks
from tests.timebank.fixtures import hours_from_now, in_schema, make_task, signed_up


def test_staff_publish_a_task_with_the_community_default_of_50_points(tb):
    # when the office publishes a task without naming points
    task = make_task(tb.community, tb.staff, title="燃气安全入户", category="gas_safety")
    # then it carries 佳宏路's 50 points, is published, and its two moves are recorded
    assert (task.points, task.status, task.slots) == (50, TaskStatus.PUBLISHED, 10)
    with in_schema(tb.community):
        moves = list(
            TaskTransition.objects.filter(task=task).values_list(
                "from_status", "to_status", "actor"
            )
        )
    assert moves == [("", "draft", tb.staff.pk), ("draft", "published", tb.staff.pk)]


def test_the_default_points_follow_the_community_setting(tb):
    with in_schema(tb.community):
        TimebankSettings.objects.update_or_create(pk=1, defaults={"default_points": 80})
    task = make_task(tb.community, tb.grid_worker)
    assert task.points == 80


def test_residents_and_volunteers_cannot_publish(tb):
    for who in (tb.resident, tb.volunteer):
        with pytest.raises(DomainError) as refusal:
            make_task(tb.community, who)
        assert refusal.value.code == E.NOT_ORGANISER


def test_a_partner_publishes_for_its_partnership_only(tb):
    partnership, representative = tb.partner()
    task = make_task(tb.community, representative, partnership_id=partnership.pk)
    assert task.partnership_id == partnership.pk
    other, _rep = tb.partner("伊利奶业")
    with pytest.raises(DomainError) as refusal:
        make_task(tb.community, representative, partnership_id=other.pk)
    assert (refusal.value.code, refusal.value.field) == (E.NOT_A_PARTNER, "partnershipId")


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"title": "  "}, E.TITLE_REQUIRED, "title"),
        ({"place_name": ""}, E.PLACE_REQUIRED, "placeName"),
        ({"slots": 0}, E.INVALID_SLOTS, "slots"),
        ({"points": -5}, E.INVALID_POINTS, "points"),
        ({"hours": "25"}, E.INVALID_HOURS, "hours"),
        ({"hours": "abc"}, E.INVALID_HOURS, "hours"),
        ({"geofence_metres": 100}, E.INVALID_GEOFENCE, "geofenceMetres"),
        ({"lat": 30.6}, E.INVALID_POSITION, "lat"),
    ],
)
def test_bad_input_is_refused_with_a_code_and_nothing_is_made(tb, fields, code, field):
    with pytest.raises(DomainError) as refusal:
        make_task(tb.community, tb.staff, **fields)
    assert (refusal.value.code, refusal.value.field) == (code, field)
    with in_schema(tb.community):
        assert TaskTransition.objects.count() == 0


def test_a_task_must_end_after_it_starts(tb):
    with in_schema(tb.community), pytest.raises(DomainError) as refusal:
        tasks.task_create(
            community=tb.community,
            actor=tb.staff,
            title="巡逻",
            place_name="川师附中",
            slots=3,
            hours="1",
            starts_at=hours_from_now(2),
            ends_at=hours_from_now(1),
        )
    assert refusal.value.code == E.INVALID_WINDOW


def test_cancelling_needs_a_reason_tells_the_volunteers_and_withdraws_the_document(tb):
    task = make_task(tb.community, tb.staff, starts_in=24)
    signed_up(tb.community, task, tb.volunteer)
    with in_schema(tb.community):
        assert SearchDocument.objects.get(kind="volunteer_task", key=str(task.pk)).visible
        with pytest.raises(DomainError) as refusal:
            tasks.task_cancel(community=tb.community, actor=tb.staff, task=task, reason=" ")
        assert refusal.value.code == E.REASON_REQUIRED
        tasks.task_cancel(community=tb.community, actor=tb.staff, task=task, reason="暴雨预警")
        task.refresh_from_db()
        told = list(
            Notification.objects.filter(kind="timebank.task_cancelled").values_list(
                "user", flat=True
            )
        )
        document = SearchDocument.objects.get(kind="volunteer_task", key=str(task.pk))
    assert (task.status, task.status_reason) == (TaskStatus.CANCELLED, "暴雨预警")
    assert told == [tb.volunteer.pk]
    assert document.visible is False


def test_moves_outside_the_table_are_refused(tb):
    task = make_task(tb.community, tb.staff, publish=False)
    with in_schema(tb.community):
        with pytest.raises(DomainError) as refusal:
            tasks.task_start(community=tb.community, actor=tb.staff, task=task)
        assert refusal.value.code == E.INVALID_TRANSITION
        tasks.task_publish(community=tb.community, actor=tb.staff, task=task)
        tasks.task_complete(community=tb.community, actor=tb.staff, task=task)
        with pytest.raises(DomainError) as refusal:
            tasks.task_cancel(community=tb.community, actor=tb.staff, task=task, reason="晚了")
        assert refusal.value.code == E.INVALID_TRANSITION
        task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED


def test_a_grid_worker_organises_only_their_own_tasks(tb):
    staff_task = make_task(tb.community, tb.staff, publish=False)
    own = make_task(tb.community, tb.grid_worker, publish=False)
    with in_schema(tb.community):
        with pytest.raises(DomainError) as refusal:
            tasks.task_publish(community=tb.community, actor=tb.grid_worker, task=staff_task)
        assert refusal.value.code == E.NOT_FOUND
        tasks.task_publish(community=tb.community, actor=tb.grid_worker, task=own)
        own.refresh_from_db()
    assert own.status == TaskStatus.PUBLISHED
