"""A task's life: created by a publisher, published, in progress, completed or cancelled.

Every status move goes through `_move`, which locks the task, checks `TRANSITIONS`, records
who, when and why, keeps the public search document in step and tells the signed-up
volunteers when a task is cancelled — in the caller's transaction.
"""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role
from commonweal.search.documents import index_document, remove_document
from commonweal.timebank import notify
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.error_codes import not_found
from commonweal.timebank.models import (
    SignUp,
    SignUpStatus,
    Task,
    TaskCategory,
    TaskStatus,
    TaskTransition,
    Team,
    TimebankSettings,
)
from commonweal.timebank.roles import PUBLISHERS, roles_of

S = TaskStatus
# verb: (statuses it may start from, status it leads to, reason required)
TRANSITIONS = {
    "publish": ({S.DRAFT}, S.PUBLISHED, False),
    "start": ({S.PUBLISHED}, S.IN_PROGRESS, False),
    "complete": ({S.PUBLISHED, S.IN_PROGRESS}, S.COMPLETED, False),
    "cancel": ({S.DRAFT, S.PUBLISHED, S.IN_PROGRESS}, S.CANCELLED, True),
}
PUBLIC_STATUSES = frozenset({S.PUBLISHED, S.IN_PROGRESS})
OPEN_FOR_CHECK_IN = frozenset({S.PUBLISHED, S.IN_PROGRESS})


def may_organise(community, actor, task) -> bool:
    """The office organises every task; a grid worker the tasks they created; a partner's
    representative the tasks of their partnership."""
    roles = roles_of(community, actor)
    if roles & OFFICE_ROLES:
        return True
    if Role.GRID_WORKER in roles and task.created_by_id == actor.pk:
        return True
    if Role.PARTNER_REPRESENTATIVE in roles and task.partnership_id is not None:
        from commonweal.timebank.services.partners import represented_partnerships

        return represented_partnerships(actor).filter(pk=task.partnership_id).exists()
    return False


def access_task(task_id, *, community=None, actor=None, organiser=False) -> Task:
    """A task the caller may see (public ones; every one for its organisers), or the same
    NOT_FOUND for missing and forbidden."""
    task = Task.objects.filter(pk=task_id).first()
    if task is None:
        raise not_found()
    private = organiser or task.status not in PUBLIC_STATUSES | {S.COMPLETED}
    signed_in = actor is not None and actor.is_authenticated
    if private and not (signed_in and may_organise(community, actor, task)):
        raise not_found()
    return task


def _text(value, field, code, message, limit) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(code, message, field=field)
    if len(value) > limit:
        raise DomainError(E.TOO_LONG, _("This is too long."), field=field)
    return value


def clean_fields(fields: dict, *, defaults: TimebankSettings) -> dict:
    """Check what a publisher typed; returns the fields to store."""
    cleaned = dict(fields)
    cleaned["title"] = _text(
        fields.get("title"), "title", E.TITLE_REQUIRED, _("Give the task a title."), 120
    )
    cleaned["place_name"] = _text(
        fields.get("place_name"), "placeName", E.PLACE_REQUIRED, _("Say where it happens."), 120
    )
    cleaned["description"] = (fields.get("description") or "").strip()
    cleaned["what_to_bring"] = (fields.get("what_to_bring") or "").strip()
    if len(cleaned["what_to_bring"]) > 200:
        raise DomainError(E.TOO_LONG, _("This is too long."), field="whatToBring")
    cleaned["category"] = fields.get("category") or TaskCategory.OTHER
    if cleaned["category"] not in TaskCategory.values:
        raise DomainError(E.TOO_LONG, _("Unknown category."), field="category")
    slots = fields.get("slots")
    if not isinstance(slots, int) or isinstance(slots, bool) or not 1 <= slots <= 10_000:
        raise DomainError(E.INVALID_SLOTS, _("Slots are between 1 and 10,000."), field="slots")
    points = fields.get("points")
    if points is None:
        points = defaults.default_points
    if not isinstance(points, int) or isinstance(points, bool) or not 1 <= points <= 10_000:
        raise DomainError(E.INVALID_POINTS, _("Points are between 1 and 10,000."), field="points")
    cleaned["points"] = points
    try:
        hours = Decimal(str(fields.get("hours"))).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        hours = Decimal(-1)
    if not Decimal(0) <= hours <= Decimal(24):
        raise DomainError(E.INVALID_HOURS, _("Hours are between 0 and 24."), field="hours")
    cleaned["hours"] = hours
    lat, lng = fields.get("lat"), fields.get("lng")
    if (lat is None) != (lng is None) or (
        lat is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180)
    ):
        raise DomainError(E.INVALID_POSITION, _("Give both latitude and longitude."), field="lat")
    fence = fields.get("geofence_metres")
    if fence is not None and (lat is None or not 20 <= fence <= 5000):
        raise DomainError(
            E.INVALID_GEOFENCE,
            _("A check-in distance needs the place's position and is 20–5,000 m."),
            field="geofenceMetres",
        )
    return cleaned


def _check_window(starts_at, ends_at) -> None:
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        raise DomainError(E.INVALID_WINDOW, _("The task must end after it starts."), field="endsAt")
    if ends_at - starts_at > timedelta(hours=24):
        raise DomainError(E.INVALID_WINDOW, _("A task lasts at most 24 hours."), field="endsAt")


def check_publisher(community, actor, partnership_id=None):
    """The partnership a representative publishes for, or None for the office and grid
    workers; refuses everyone else."""
    roles = roles_of(community, actor)
    if partnership_id is not None:
        from commonweal.timebank.services.partners import represented_partnerships

        partnership = represented_partnerships(actor).filter(pk=partnership_id).first()
        if partnership is None:
            raise DomainError(
                E.NOT_A_PARTNER,
                _("You may publish only for a partner you represent."),
                field="partnershipId",
            )
        return partnership
    if not roles & (PUBLISHERS - {Role.PARTNER_REPRESENTATIVE}):
        raise DomainError(E.NOT_ORGANISER, _("Only staff, grid workers and partners publish."))
    return None


def set_teams(obj, team_ids) -> None:
    ids = set(team_ids or ())
    teams = list(Team.objects.filter(pk__in=ids))
    if len(teams) != len(ids):
        raise not_found()
    obj.eligible_teams.set(teams)


@transaction.atomic
def task_create(
    *,
    community,
    actor,
    starts_at,
    ends_at,
    team_ids=(),
    partnership_id=None,
    publish=False,
    **fields,
) -> Task:
    partnership = check_publisher(community, actor, partnership_id)
    cleaned = clean_fields(fields, defaults=TimebankSettings.current())
    _check_window(starts_at, ends_at)
    now = timezone.now()
    task = Task.objects.create(
        **cleaned,
        starts_at=starts_at,
        ends_at=ends_at,
        partnership=partnership,
        created_by=actor,
        status=S.DRAFT,
        status_changed_at=now,
    )
    set_teams(task, team_ids)
    _record(task, from_status="", actor=actor, reason="")
    if publish:
        task = _move(community=community, actor=actor, task=task, verb="publish")
    return task


def _record(task, *, from_status, actor, reason) -> TaskTransition:
    return TaskTransition.objects.create(
        task=task,
        from_status=from_status,
        to_status=task.status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        reason=reason,
        at=task.status_changed_at,
    )


def sync_search(community, task) -> None:
    """Published and running tasks are public search documents; others are withdrawn."""
    if task.status not in PUBLIC_STATUSES:
        remove_document(community=community, kind="volunteer_task", key=task.pk)
        return
    when = timezone.localtime(task.starts_at)
    index_document(
        community=community,
        kind="volunteer_task",
        key=task.pk,
        title=task.title,
        body="\n".join([task.description, task.place_name, f"{when:%Y-%m-%d %H:%M}"]),
        category=task.category,
        tags=[str(TaskCategory(task.category).label), f"{task.points}积分"],
        lat=task.lat,
        lng=task.lng,
        url=f"/timebank/tasks/{task.pk}/",
    )


def _move(*, community, actor, task, verb: str, reason: str = "") -> Task:
    sources, target, needs_reason = TRANSITIONS[verb]
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status not in sources:
        raise DomainError(
            E.INVALID_TRANSITION,
            _("A task that is %(status)s cannot be moved this way.")
            % {"status": S(task.status).label},
        )
    reason = (reason or "").strip()
    if needs_reason and not reason:
        raise DomainError(E.REASON_REQUIRED, _("Give a reason."), field="reason")
    if verb == "cancel" and task.check_ins.exists():
        # Points were credited on check-in; a task people served cannot be undone.
        raise DomainError(
            E.HAS_CHECK_INS, _("Volunteers already checked in: complete the task instead.")
        )
    previous = task.status
    task.status = target
    task.status_reason = reason
    task.status_changed_at = timezone.now()
    task.save(update_fields=["status", "status_reason", "status_changed_at"])
    _record(task, from_status=previous, actor=actor, reason=reason)
    sync_search(community, task)
    if target == S.CANCELLED:
        volunteer_ids = SignUp.objects.filter(task=task, status=SignUpStatus.ACTIVE).values_list(
            "volunteer_id", flat=True
        )
        notify.task_cancelled(community=community, task=task, volunteer_ids=volunteer_ids)
    return task


def _organised(community, actor, task) -> Task:
    if not may_organise(community, actor, task):
        raise not_found()
    return task


@transaction.atomic
def task_publish(*, community, actor, task) -> Task:
    _organised(community, actor, task)
    return _move(community=community, actor=actor, task=task, verb="publish")


@transaction.atomic
def task_start(*, community, actor, task) -> Task:
    _organised(community, actor, task)
    return _move(community=community, actor=actor, task=task, verb="start")


@transaction.atomic
def task_complete(*, community, actor, task, note: str = "") -> Task:
    _organised(community, actor, task)
    return _move(community=community, actor=actor, task=task, verb="complete", reason=note)


@transaction.atomic
def task_cancel(*, community, actor, task, reason: str) -> Task:
    _organised(community, actor, task)
    return _move(community=community, actor=actor, task=task, verb="cancel", reason=reason)
