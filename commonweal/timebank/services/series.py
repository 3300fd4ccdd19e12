"""Recurring tasks (every Saturday morning): a series generates its occurrences ahead.

Each occurrence is an ordinary Task (editable and cancellable alone), made once per series
and day (unique constraint), so running the generator again, or from two workers, adds
nothing twice.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.db import insert_once
from commonweal.platform.kernel.errors import DomainError
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.error_codes import not_found
from commonweal.timebank.models import Task, TaskSeries, TaskStatus, TimebankSettings
from commonweal.timebank.services.tasks import (
    _move,
    _record,
    check_publisher,
    clean_fields,
    may_organise,
    set_teams,
)

AHEAD_DAYS = 14
COPIED = (
    "title",
    "description",
    "category",
    "place_name",
    "lat",
    "lng",
    "geofence_metres",
    "slots",
    "points",
    "hours",
    "what_to_bring",
    "partnership_id",
    "created_by_id",
)


@transaction.atomic
def series_create(
    *,
    community,
    actor,
    weekdays,
    start_time,
    end_time,
    first_day,
    last_day=None,
    team_ids=(),
    partnership_id=None,
    publish=True,
    today=None,
    **fields,
) -> TaskSeries:
    partnership = check_publisher(community, actor, partnership_id)
    cleaned = clean_fields(fields, defaults=TimebankSettings.current())
    days = sorted(set(weekdays or ()))
    if not days or any(not isinstance(d, int) or not 0 <= d <= 6 for d in days):
        raise DomainError(E.INVALID_WEEKDAYS, _("Choose at least one weekday."), field="weekdays")
    if end_time <= start_time:
        raise DomainError(
            E.INVALID_WINDOW, _("The task must end after it starts."), field="endTime"
        )
    if last_day is not None and last_day < first_day:
        raise DomainError(
            E.INVALID_WINDOW, _("The last day comes after the first."), field="lastDay"
        )
    series = TaskSeries.objects.create(
        **cleaned,
        weekdays=days,
        start_time=start_time,
        end_time=end_time,
        first_day=first_day,
        last_day=last_day,
        publish=publish,
        partnership=partnership,
        created_by=actor,
    )
    set_teams(series, team_ids)
    series_generate(community=community, series=series, today=today)
    return series


def _occurrence(series, day) -> Task:
    tz = timezone.get_current_timezone()
    task = Task(
        **{name: getattr(series, name) for name in COPIED},
        starts_at=timezone.make_aware(datetime.combine(day, series.start_time), tz),
        ends_at=timezone.make_aware(datetime.combine(day, series.end_time), tz),
        status=TaskStatus.DRAFT,
        status_changed_at=timezone.now(),
        series=series,
        occurs_on=day,
    )
    return task


@transaction.atomic
def series_generate(*, community, series, today=None) -> list[Task]:
    """Make the occurrences of the next AHEAD_DAYS days that do not exist yet."""
    series = TaskSeries.objects.select_for_update().get(pk=series.pk)
    if series.stopped_at is not None:
        return []
    today = today or timezone.localdate()
    start = max(series.first_day, today)
    end = today + timedelta(days=AHEAD_DAYS)
    if series.last_day is not None:
        end = min(end, series.last_day)
    teams = list(series.eligible_teams.all())
    made = []
    day = start
    while day <= end:
        if day.weekday() in series.weekdays:
            task = _occurrence(series, day)
            if insert_once(task, unique=["series", "occurs_on"]):
                task.eligible_teams.set(teams)
                _record(task, from_status="", actor=None, reason="重复任务自动生成")
                if series.publish:
                    task = _move(community=community, actor=None, task=task, verb="publish")
                made.append(task)
        day += timedelta(days=1)
    series.generated_until = end
    series.save(update_fields=["generated_until"])
    return made


@transaction.atomic
def series_stop(*, community, actor, series, reason: str) -> list[Task]:
    """Stop a weekly task: no more days are made, and the days already made that have not
    started are cancelled with `reason` (their volunteers are told) and returned. Days that
    started stay:
    points were credited there. Refused for anyone who may not organise it, with the same
    NOT_FOUND as for a series that does not exist."""
    series = TaskSeries.objects.select_for_update().get(pk=series.pk)
    if not may_organise(community, actor, series):
        raise not_found()
    if series.stopped_at is not None:
        raise DomainError(E.INVALID_TRANSITION, _("This weekly task was already stopped."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(E.REASON_REQUIRED, _("Give a reason."), field="reason")
    series.stopped_at = timezone.now()
    series.save(update_fields=["stopped_at"])
    upcoming = series.tasks.filter(
        starts_at__gt=timezone.now(), status__in=(TaskStatus.DRAFT, TaskStatus.PUBLISHED)
    ).order_by("starts_at")
    return [
        _move(community=community, actor=actor, task=task, verb="cancel", reason=reason)
        for task in upcoming
    ]
