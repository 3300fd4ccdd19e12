"""The task list (任务清单): "the community publishes a task, merchants respond".

Staff draft a task from one or more accepted needs, publish it to partners, partners respond
(承接) with what they offer, staff choose one or more responses and the task becomes a project.
Publishing moves its needs to "being handled".
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.needs import notify
from commonweal.governance.needs.error_codes import NeedErrorCode, not_found
from commonweal.governance.needs.models import (
    Need,
    NeedStatus,
    Project,
    ProjectStatus,
    ProjectTransition,
    ResponseStatus,
    Task,
    TaskResponse,
    TaskStatus,
    TaskTransition,
)
from commonweal.governance.needs.services import needs as need_services
from commonweal.governance.needs.services.lifecycle import lock, move, move_table
from commonweal.governance.needs.services.needs import _category
from commonweal.governance.needs.services.text import clean_point, required_text
from commonweal.partners.models import Partnership, PartnershipStatus
from commonweal.partners.registry.models import PartnerRepresentative
from commonweal.platform.kernel.errors import DomainError
from commonweal.search.documents import DocumentKind, index_document, remove_document

T = TaskStatus
TRANSITIONS = move_table(
    publish=({T.DRAFT}, T.PUBLISHED),
    award=({T.PUBLISHED}, T.AWARDED),
    cancel=({T.DRAFT, T.PUBLISHED}, T.CANCELLED, True),
)
PUBLIC_STATUSES = frozenset({T.PUBLISHED, T.AWARDED})
# Needs a task may carry: accepted into the list and not yet handled elsewhere.
TASKABLE_NEEDS = frozenset({NeedStatus.ACCEPTED})


def sync_search(community, task: Task) -> None:
    if task.status not in PUBLIC_STATUSES:
        remove_document(community=community, kind=DocumentKind.NEEDS_TASK, key=task.pk)
        return
    index_document(
        community=community,
        kind=DocumentKind.NEEDS_TASK,
        key=task.pk,
        title=task.title,
        body="\n".join([task.description, task.place]),
        category=task.category,
        tags=[str(task.get_category_display())],
        lat=task.lat,
        lng=task.lng,
        url=task.path,
    )


def taskable_needs():
    """The needs a task may carry (of this community: its schema holds no other's)."""
    return Need.objects.filter(status__in=TASKABLE_NEEDS)


def _budget(value):
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DomainError(
            NeedErrorCode.INVALID_BUDGET, _("The budget is a whole number of fen."), field="budget"
        )
    return value


def task_create(
    *,
    actor,
    community,
    need_ids,
    title,
    description,
    due_on: date,
    category: str = "",
    place: str = "",
    lat=None,
    lng=None,
    budget: int | None = None,
) -> Task:
    """A draft task from accepted needs (their category and place are the defaults)."""
    needs = list(taskable_needs().filter(pk__in=need_ids))
    if not needs or len(needs) != len(set(need_ids)):
        raise DomainError(
            NeedErrorCode.NO_NEEDS,
            _("A task carries one or more needs accepted into the list."),
            field="need_ids",
        )
    if due_on <= timezone.localdate():
        raise DomainError(
            NeedErrorCode.INVALID_DEADLINE, _("The deadline must be in the future."), field="due_on"
        )
    first = needs[0]
    if lat is None and lng is None:
        lat, lng = first.lat, first.lng
    lat, lng = clean_point(lat, lng)
    now = timezone.now()
    task = Task.objects.create(
        title=required_text(title, field="title", limit=80, code=NeedErrorCode.TITLE_REQUIRED),
        description=required_text(
            description, field="description", limit=2000, code=NeedErrorCode.DESCRIPTION_REQUIRED
        ),
        category=_category(category or first.category),
        place=required_text(place or first.place, field="place", limit=80, required=False),
        lat=lat,
        lng=lng,
        due_on=due_on,
        budget=_budget(budget),
        status=T.DRAFT,
        status_changed_at=now,
        created_by=actor,
    )
    task.needs.set(needs)
    TaskTransition.objects.create(task=task, from_status="", to_status=T.DRAFT, actor=actor, at=now)
    return task


def _move(*, actor, community, task: Task, verb: str, reason: str = "") -> Task:
    task = lock(Task, task.pk)
    move(
        task,
        table=TRANSITIONS,
        verb=verb,
        actor=actor,
        reason=reason,
        log=TaskTransition,
        log_field="task",
    )
    sync_search(community, task)
    return task


def task_publish(*, actor, community, task: Task) -> Task:
    """Open the task to partners; its needs are now being handled, and every active
    partner's representatives are told."""
    task = _move(actor=actor, community=community, task=task, verb="publish")
    for need in task.needs.filter(status=NeedStatus.ACCEPTED).order_by("pk"):
        need_services._move(actor=actor, community=community, need=need, verb="start")
    partners = list(Partnership.objects.filter(status=PartnershipStatus.ACTIVE))
    notify.task_published(community=community, task=task, partnerships=partners)
    return task


def task_cancel(*, actor, community, task: Task, reason: str) -> Task:
    return _move(actor=actor, community=community, task=task, verb="cancel", reason=reason)


def represented_partnership(*, actor, partnership_id) -> Partnership:
    """The active partnership `actor` represents; anything else reads as not found."""
    partnership = Partnership.objects.filter(pk=partnership_id).first()
    if (
        partnership is None
        or not PartnerRepresentative.objects.filter(
            user=actor, organisation_id=partnership.organisation_id
        ).exists()
    ):
        raise not_found()
    if partnership.status != PartnershipStatus.ACTIVE:
        raise DomainError(
            NeedErrorCode.PARTNER_NOT_ACTIVE, _("Only active partners take on tasks.")
        )
    return partnership


def task_respond(*, actor, community, task: Task, partnership: Partnership, offer) -> TaskResponse:
    """承接: a representative answers a published task for its partnership, once."""
    task = lock(Task, task.pk)
    if task.status != T.PUBLISHED:
        raise DomainError(NeedErrorCode.INVALID_TRANSITION, _("This task is not open."))
    offer = required_text(offer, field="offer", limit=2000, code=NeedErrorCode.DESCRIPTION_REQUIRED)
    if TaskResponse.objects.filter(task=task, partnership=partnership).exists():
        raise DomainError(
            NeedErrorCode.ALREADY_RESPONDED, _("Your organisation has already responded.")
        )
    response = TaskResponse.objects.create(
        task=task, partnership=partnership, offer=offer, responded_by=actor
    )
    notify.task_response_received(community=community, response=response)
    return response


def task_choose(*, actor, community, task: Task, response_ids, budget=None) -> Project:
    """Staff choose one or more responses: the task is taken on and becomes a project with
    those partners; the other responders are told."""
    task = lock(Task, task.pk)
    offered = {r.pk: r for r in task.responses.filter(status=ResponseStatus.OFFERED)}
    if not response_ids or any(pk not in offered for pk in response_ids):
        raise DomainError(
            NeedErrorCode.NOT_A_RESPONSE,
            _("Choose among the responses to this task."),
            field="response_ids",
        )
    task = _move(actor=actor, community=community, task=task, verb="award")
    chosen = [offered[pk] for pk in response_ids]
    others = [r for pk, r in offered.items() if pk not in set(response_ids)]
    TaskResponse.objects.filter(pk__in=[r.pk for r in chosen]).update(status=ResponseStatus.CHOSEN)
    TaskResponse.objects.filter(pk__in=[r.pk for r in others]).update(
        status=ResponseStatus.NOT_CHOSEN
    )
    now = timezone.now()
    project = Project.objects.create(
        task=task,
        title=task.title,
        budget=_budget(budget) if budget is not None else task.budget,
        status=ProjectStatus.ACTIVE,
        status_changed_at=now,
        started_at=now,
    )
    project.partnerships.set([r.partnership for r in chosen])
    ProjectTransition.objects.create(
        project=project, from_status="", to_status=ProjectStatus.ACTIVE, actor=actor, at=now
    )
    task.project = project
    from commonweal.governance.needs.services.projects import sync_search as project_search

    project_search(community, project)
    notify.task_awarded(
        community=community,
        task=task,
        chosen=[r.partnership for r in chosen],
        others=[r.partnership for r in others],
    )
    return project
