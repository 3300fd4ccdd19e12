"""Recurring tasks: every Saturday morning, generated ahead, never twice."""

from datetime import date, time

import pytest

from commonweal.platform.kernel.errors import DomainError
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.models import Task, TaskStatus
from commonweal.timebank.services import series
from tests.timebank.fixtures import in_schema

MONDAY = date(2026, 12, 7)


def _saturday_patrol(tb, **overrides):
    values = {
        "community": tb.community,
        "actor": tb.grid_worker,
        "title": "周六上午 安全巡逻",
        "place_name": "比华利国际城二期",
        "category": "safety_patrol",
        "slots": 6,
        "hours": "2.5",
        "weekdays": [5],
        "start_time": time(9, 0),
        "end_time": time(11, 30),
        "first_day": MONDAY,
        "today": MONDAY,
        "team_ids": [tb.team.pk],
    }
    values.update(overrides)
    with in_schema(tb.community):
        return series.series_create(**values)


def test_every_saturday_morning_for_two_weeks_ahead(tb):
    # when a grid worker creates a weekly patrol on Monday 7 December
    made = _saturday_patrol(tb)
    with in_schema(tb.community):
        occurrences = list(Task.objects.filter(series=made).order_by("starts_at"))
        teams = [list(t.eligible_teams.values_list("name", flat=True)) for t in occurrences]
    # then the Saturdays of the next fourteen days exist, published, 09:00–11:30 local time
    assert [t.occurs_on for t in occurrences] == [date(2026, 12, 12), date(2026, 12, 19)]
    assert {t.status for t in occurrences} == {TaskStatus.PUBLISHED}
    assert [f"{t.starts_at.astimezone():%H:%M}" for t in occurrences] == ["09:00", "09:00"]
    assert {t.points for t in occurrences} == {50}
    assert teams == [["春熙嬢嬢"], ["春熙嬢嬢"]]


def test_generating_again_adds_only_new_days(tb):
    made = _saturday_patrol(tb)
    with in_schema(tb.community):
        again = series.series_generate(community=tb.community, series=made, today=MONDAY)
        later = series.series_generate(
            community=tb.community, series=made, today=date(2026, 12, 14)
        )
        days = list(Task.objects.filter(series=made).values_list("occurs_on", flat=True))
    assert again == []
    assert [t.occurs_on for t in later] == [date(2026, 12, 26)]
    assert sorted(days) == [date(2026, 12, 12), date(2026, 12, 19), date(2026, 12, 26)]


def test_a_series_stops_at_its_last_day(tb):
    made = _saturday_patrol(tb, last_day=date(2026, 12, 15))
    with in_schema(tb.community):
        assert list(Task.objects.filter(series=made).values_list("occurs_on", flat=True)) == [
            date(2026, 12, 12)
        ]


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"weekdays": []}, E.INVALID_WEEKDAYS),
        ({"weekdays": [7]}, E.INVALID_WEEKDAYS),
        ({"end_time": time(8, 0)}, E.INVALID_WINDOW),
        ({"last_day": date(2026, 12, 1)}, E.INVALID_WINDOW),
    ],
)
def test_bad_series_are_refused(tb, overrides, code):
    with pytest.raises(DomainError) as refusal:
        _saturday_patrol(tb, **overrides)
    assert refusal.value.code == code


def test_the_organiser_stops_a_weekly_task_and_its_coming_days_are_cancelled(tb):
    from django.db import connection
    from django.test import Client

    from commonweal.timebank.models import TaskSeries
    from tests.fixtures import host_of
    from tests.isolation import database_state
    from tests.partners.fixtures import get_page
    from tests.timebank.fixtures import signed_up

    made = _saturday_patrol(tb)
    with in_schema(tb.community):
        first, _second = Task.objects.filter(series=made).order_by("starts_at")
    signed_up(tb.community, first, tb.volunteer)
    path = f"/timebank/tasks/{first.pk}/"

    def post(user, **data):
        client = Client()
        client.force_login(user)
        answer = client.post(f"{path}move/", data, HTTP_HOST=host_of(tb.community), follow=True)
        connection.set_schema_to_public()
        return answer

    # the organiser sees the form; a volunteer does not
    assert 'id="stop-series"' in get_page(tb.community, path, tb.grid_worker).content.decode()
    assert 'id="stop-series"' not in get_page(tb.community, path, tb.volunteer).content.decode()

    # a resident is refused, and the organiser without a reason is told so; nothing changes
    before = database_state()
    assert post(tb.resident, verb="stop_series", reason="冒名").status_code == 404
    assert "请填写原因。" in post(tb.grid_worker, verb="stop_series", reason=" ").content.decode()
    assert database_state() == before

    # with a reason both coming Saturdays are cancelled and no more are made
    post(tb.grid_worker, verb="stop_series", reason="小区改造，巡逻暂停")
    with in_schema(tb.community):
        statuses = list(
            Task.objects.filter(series=made)
            .order_by("starts_at")
            .values_list("status", "status_reason")
        )
        stopped = TaskSeries.objects.get(pk=made.pk)
        later = series.series_generate(
            community=tb.community, series=made, today=date(2026, 12, 14)
        )
    assert statuses == [(TaskStatus.CANCELLED, "小区改造，巡逻暂停")] * 2
    assert stopped.stopped_at is not None and later == []
    assert 'id="stop-series"' not in get_page(tb.community, path, tb.grid_worker).content.decode()

    # stopping again is refused with its code
    with in_schema(tb.community), pytest.raises(DomainError) as again:
        series.series_stop(
            community=tb.community, actor=tb.staff, series=stopped, reason="再次停止"
        )
    assert again.value.code == E.INVALID_TRANSITION
