"""Check-in on site: by scanning the task's rotating code, or by the organiser (代签到).

A check-in credits the task's points (one ledger entry, keyed by task and volunteer) and its
service hours (one ServiceRecord) — once per volunteer and task, whatever the number of scans
or their concurrency: the check-in, the record and the ledger entry are each inserted once by
a unique key (`insert_once`, ON CONFLICT DO NOTHING), and a replay finds all three in place.
佳宏路's practice is the reference: 现场扫码签到,即可获取50积分.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.db import insert_once
from commonweal.platform.kernel.errors import DomainError
from commonweal.timebank import codes, notify, points
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.error_codes import not_found
from commonweal.timebank.models import (
    CheckIn,
    CheckInMethod,
    ServiceRecord,
    SignUp,
    SignUpStatus,
    Task,
    TaskStatus,
    TimebankSettings,
)
from commonweal.timebank.services.tasks import OPEN_FOR_CHECK_IN, _move, may_organise
from commonweal.welfaremap.coordinates import distance_m, wgs84_to_gcj02


@dataclass(frozen=True)
class Arrival:
    check_in: CheckIn
    record: ServiceRecord
    credited: bool  # False: a replay, nothing new was credited


def _check_window(task, settings, now) -> None:
    margin = timedelta(minutes=settings.check_in_margin_minutes)
    if not task.starts_at - margin <= now <= task.ends_at + margin:
        start = timezone.localtime(task.starts_at - margin)
        end = timezone.localtime(task.ends_at + margin)
        raise DomainError(
            E.OUTSIDE_WINDOW,
            _("Check-in for this task is open from %(start)s to %(end)s.")
            % {"start": f"{start:%m-%d %H:%M}", "end": f"{end:%m-%d %H:%M}"},
            field="code",
        )


def _check_position(task, lat, lng) -> None:
    if not task.geofence_metres:
        return
    if lat is None or lng is None:
        raise DomainError(
            E.POSITION_REQUIRED,
            _("This task checks where you are: allow your browser to share your position."),
            field="lat",
        )
    # Browsers give WGS-84; the task's place is stored in GCJ-02 (some 500 m apart in China).
    lat, lng = wgs84_to_gcj02(lat, lng)
    away = distance_m(task.lat, task.lng, lat, lng)
    if away > task.geofence_metres:
        raise DomainError(
            E.TOO_FAR,
            _("You are about %(away)s m from %(place)s; check in within %(limit)s m.")
            % {"away": round(away), "place": task.place_name, "limit": task.geofence_metres},
            field="lat",
        )


def _signed_up(task, volunteer_id) -> None:
    if not SignUp.objects.filter(
        task=task, volunteer_id=volunteer_id, status=SignUpStatus.ACTIVE
    ).exists():
        raise DomainError(E.NOT_SIGNED_UP, _("Sign up for this task before checking in."))


def _arrive(*, community, task, volunteer, method, recorded_by, lat=None, lng=None) -> Arrival:
    now = timezone.now()
    check_in = CheckIn(
        task=task,
        volunteer=volunteer,
        method=method,
        recorded_by=recorded_by,
        checked_in_at=now,
        lat=lat,
        lng=lng,
    )
    if not insert_once(check_in, unique=["task", "volunteer"]):
        check_in = CheckIn.objects.get(task=task, volunteer=volunteer)
    posting = points.award(task=task, volunteer_id=volunteer.pk, actor=recorded_by)
    record = ServiceRecord(
        task=task,
        volunteer=volunteer,
        hours=task.hours,
        points=task.points,
        served_on=timezone.localdate(task.starts_at),
        credited_at=now,
        entry_external_id=posting.entry.external_id,
    )
    if not insert_once(record, unique=["entry_external_id"]):
        record = ServiceRecord.objects.get(entry_external_id=posting.entry.external_id)
    if task.status == TaskStatus.PUBLISHED:
        _move(community=community, actor=recorded_by, task=task, verb="start", reason="首次签到")
    if posting.created:
        notify.points_credited(
            community=community, task=task, volunteer=volunteer, points=task.points
        )
    return Arrival(check_in, record, posting.created)


def _open_task(task_id) -> Task:
    task = Task.objects.select_for_update().filter(pk=task_id).first()
    if task is None or task.status == TaskStatus.DRAFT:
        raise not_found()
    if task.status not in OPEN_FOR_CHECK_IN:
        raise DomainError(
            E.TASK_NOT_OPEN,
            _("This task is %(status)s.") % {"status": TaskStatus(task.status).label},
        )
    return task


def _read_code(code, *, task_id=None, at=None):
    """The task a scanned code names (or `task_id`'s), locked, and the checked code."""
    settings = TimebankSettings.current()
    parsed = codes.parse(code)
    task = _open_task(task_id if task_id is not None else parsed.task_id)
    codes.read(
        code,
        task=task,
        step_seconds=settings.code_step_seconds,
        at=at,
        other_task=lambda pk: Task.objects.filter(pk=pk).first(),
    )
    return task, settings


@transaction.atomic
def check_in(*, community, actor, code: str, task_id=None, lat=None, lng=None, at=None) -> Arrival:
    """Scan-to-check-in: the code must be genuine, this task's, current, inside the task's
    window and the caller signed up; then points and hours are credited once."""
    task, settings = _read_code(code, task_id=task_id, at=at)
    _check_window(task, settings, timezone.now() if at is None else _aware(at))
    _signed_up(task, actor.pk)
    _check_position(task, lat, lng)
    return _arrive(
        community=community,
        task=task,
        volunteer=actor,
        method=CheckInMethod.SCAN,
        recorded_by=actor,
        lat=lat,
        lng=lng,
    )


@transaction.atomic
def check_out(*, community, actor, code: str, task_id=None, at=None) -> CheckIn:
    """Scanning again at the end records the time out; the award stays as it was."""
    task, settings = _read_code(code, task_id=task_id, at=at)
    _check_window(task, settings, timezone.now() if at is None else _aware(at))
    found = CheckIn.objects.select_for_update().filter(task=task, volunteer=actor).first()
    if found is None:
        raise DomainError(E.NOT_SIGNED_UP, _("Check in before checking out."))
    if found.checked_out_at is None:
        found.checked_out_at = timezone.now()
        found.save(update_fields=["checked_out_at"])
    return found


@transaction.atomic
def proxy_check_in(*, community, actor, task, volunteer) -> Arrival:
    """代签到: the organiser checks in a signed-up volunteer without a phone; recorded as
    such, with who did it."""
    task = _open_task(task.pk)
    if not may_organise(community, actor, task):
        raise not_found()
    _check_window(task, TimebankSettings.current(), timezone.now())
    _signed_up(task, volunteer.pk)
    return _arrive(
        community=community,
        task=task,
        volunteer=volunteer,
        method=CheckInMethod.PROXY,
        recorded_by=actor,
    )


def _aware(at: float):
    return datetime.fromtimestamp(at, tz=UTC)


def code_for_screen(task, at=None) -> tuple[str, int]:
    """The organiser's screen: the current code and the seconds until it changes."""
    step = TimebankSettings.current().code_step_seconds
    now = time.time() if at is None else at
    return codes.issue(task, step_seconds=step, at=now), codes.seconds_left(
        step_seconds=step, at=now
    )
