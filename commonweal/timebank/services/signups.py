"""一键参与: signing up for a task while slots remain, and cancelling before it starts.

Slots hold under concurrency because every sign-up locks the task row first and counts the
active sign-ups under that lock: thirty parallel sign-ups for ten slots give exactly ten.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.errors import DomainError
from commonweal.timebank import notify
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.error_codes import not_found
from commonweal.timebank.models import SignUp, SignUpStatus, Task, TaskStatus
from commonweal.timebank.services.volunteers import access_volunteer


def eligible(profile, task) -> bool:
    teams = set(task.eligible_teams.values_list("pk", flat=True))
    return not teams or profile.team_id in teams


@transaction.atomic
def sign_up(*, community, actor, task) -> SignUp:
    profile = access_volunteer(actor)
    task = Task.objects.select_for_update().filter(pk=task.pk).first()
    if task is None or task.status not in (TaskStatus.PUBLISHED, TaskStatus.IN_PROGRESS):
        if task is None or task.status == TaskStatus.DRAFT:
            raise not_found()
        raise DomainError(E.TASK_NOT_OPEN, _("This task no longer takes volunteers."))
    now = timezone.now()
    if task.ends_at <= now:
        raise DomainError(E.TASK_NOT_OPEN, _("This task is over."))
    if not eligible(profile, task):
        raise DomainError(E.NOT_ELIGIBLE, _("This task is for other volunteer teams."))
    existing = SignUp.objects.filter(task=task, volunteer=actor).first()
    if existing is not None and existing.status == SignUpStatus.ACTIVE:
        return existing  # signing up twice is one sign-up
    taken = SignUp.objects.filter(task=task, status=SignUpStatus.ACTIVE).count()
    if taken >= task.slots:
        raise DomainError(E.TASK_FULL, _("All slots are taken."))
    if existing is None:
        sign = SignUp.objects.create(task=task, volunteer=actor, signed_up_at=now)
    else:
        existing.status = SignUpStatus.ACTIVE
        existing.signed_up_at = now
        existing.cancelled_at = None
        existing.save(update_fields=["status", "signed_up_at", "cancelled_at"])
        sign = existing
    notify.signed_up(community=community, task=task, volunteer=actor)
    return sign


@transaction.atomic
def sign_up_cancel(*, community, actor, task) -> SignUp:
    task = Task.objects.select_for_update().get(pk=task.pk)
    sign = SignUp.objects.filter(task=task, volunteer=actor, status=SignUpStatus.ACTIVE).first()
    if sign is None:
        raise DomainError(E.NOT_SIGNED_UP, _("You have not signed up for this task."))
    if task.starts_at <= timezone.now() or task.check_ins.filter(volunteer=actor).exists():
        raise DomainError(E.ALREADY_STARTED, _("The task has started: ask the organiser."))
    sign.status = SignUpStatus.CANCELLED
    sign.cancelled_at = timezone.now()
    sign.save(update_fields=["status", "cancelled_at"])
    return sign


def slots_left(task) -> int:
    return max(0, task.slots - task.sign_ups.filter(status=SignUpStatus.ACTIVE).count())
