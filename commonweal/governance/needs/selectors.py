"""Reads about needs, tasks and projects, already scoped to who asks.

Public readers see needs from "accepted" on (never declined or merged ones, never who raised
them); the office sees everything; a resident also sees their own needs in any state.
"""

from django.db.models import Q, QuerySet

from commonweal.governance.needs.error_codes import not_found
from commonweal.governance.needs.models import (
    Milestone,
    Need,
    Project,
    Task,
    TaskResponse,
)
from commonweal.governance.needs.services.needs import PUBLIC_STATUSES
from commonweal.governance.needs.services.tasks import PUBLIC_STATUSES as PUBLIC_TASKS
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role

NEED_OFFICE = frozenset({*OFFICE_ROLES, Role.GRID_WORKER})


def needs_for(*, actor, roles) -> QuerySet[Need]:
    if roles & NEED_OFFICE:
        return Need.objects.all()
    visible = Q(status__in=PUBLIC_STATUSES)
    if actor is not None and actor.is_authenticated:
        visible |= Q(raised_by=actor)
    return Need.objects.filter(visible)


def access_need(*, actor, roles, need_id) -> Need:
    need = needs_for(actor=actor, roles=roles).filter(pk=need_id).first()
    if need is None:
        raise not_found()
    return need


def tasks_for(*, roles) -> QuerySet[Task]:
    if roles & OFFICE_ROLES:
        return Task.objects.all()
    return Task.objects.filter(status__in=PUBLIC_TASKS)


def access_task(*, roles, task_id) -> Task:
    task = tasks_for(roles=roles).filter(pk=task_id).first()
    if task is None:
        raise not_found()
    return task


def represented_organisation_ids(request) -> frozenset[int]:
    """Organisations the request's user represents; cached on the request."""
    cached = getattr(request, "_represented_organisations", None)
    if cached is None:
        from commonweal.partners.registry.models import PartnerRepresentative

        user = request.user
        cached = frozenset(
            PartnerRepresentative.objects.filter(user=user).values_list(
                "organisation_id", flat=True
            )
            if user.is_authenticated
            else ()
        )
        request._represented_organisations = cached
    return cached


def visible_responses(request, roles, responses) -> list[TaskResponse]:
    """Of a task's (prefetched) responses, what the request may read: all for the office, an
    organisation's own for its representatives, none for others."""
    if roles & OFFICE_ROLES:
        return list(responses)
    mine = represented_organisation_ids(request)
    return [r for r in responses if r.partnership.organisation_id in mine]


def responses_for(*, actor, roles, task: Task) -> QuerySet[TaskResponse]:
    """The office sees every response; a representative only their organisation's."""
    responses = task.responses.select_related("partnership")
    if roles & OFFICE_ROLES:
        return responses
    if actor is None or not actor.is_authenticated:
        return responses.none()
    from commonweal.partners.registry.models import PartnerRepresentative

    mine = PartnerRepresentative.objects.filter(user=actor).values("organisation_id")
    return responses.filter(partnership__organisation_id__in=mine)


def projects() -> QuerySet[Project]:
    """Projects are public, like the needs they answer."""
    return Project.objects.select_related("task")


def access_project(*, project_id) -> Project:
    project = projects().filter(pk=project_id).first()
    if project is None:
        raise not_found()
    return project


def access_milestone(*, milestone_id) -> Milestone:
    milestone = Milestone.objects.select_related("project").filter(pk=milestone_id).first()
    if milestone is None:
        raise not_found()
    return milestone
