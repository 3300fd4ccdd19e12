"""Recurring tasks: every Saturday morning, generated ahead, never twice."""

from datetime import date, time

import pytest

from commonweal.platform.errors import DomainError
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
