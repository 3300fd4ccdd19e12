"""Projects (项目清单): a project's page with its milestones, and completing it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonweal.governance.needs import selectors
from commonweal.governance.needs.forms import MilestoneForm, UpdateForm
from commonweal.governance.needs.services import projects as project_services
from commonweal.governance.needs.views.common import (
    attempt,
    page_context,
    refusal,
)
from commonweal.platform.kernel.errors import NotFound
from commonweal.platform.kernel.roles import OFFICE_ROLES


def project_detail(request, pk: int):
    community, roles = page_context(request)
    try:
        project = selectors.access_project(project_id=pk)
    except NotFound as missing:
        raise Http404 from missing
    may_report = request.user.is_authenticated and project_services.may_report(
        actor=request.user, roles=roles, project=project
    )
    form = UpdateForm(request.POST or None)
    if request.method == "POST":
        if refused := refusal(request, roles):
            return refused
        if not may_report:
            raise PermissionDenied
        if form.is_valid():
            attempt(
                request,
                lambda: project_services.project_update_post(
                    actor=request.user,
                    community=community,
                    project=project,
                    text=form.cleaned_data["text"],
                ),
                _("Progress posted."),
            )
            return redirect(f"/needs/projects/{project.pk}/")
    return render(
        request,
        "needs/project.html",
        {
            "community": community,
            "project": project,
            "milestones": project.milestones.all(),
            "updates": project.updates.order_by("-created_at", "-pk"),
            "form": form if may_report and project.status == "active" else None,
            "milestone_form": MilestoneForm()
            if may_report and project.status == "active"
            else None,
            "may_complete": bool(roles & OFFICE_ROLES) and project.status == "active",
            "cancel_reason": project.transitions.filter(to_status="cancelled")
            .values_list("reason", flat=True)
            .last(),
            "partners": project.partnerships.select_related("organisation"),
            "grant": project.grant_proposal,
            "grants": project_services.awarded_grants()
            if roles & OFFICE_ROLES and project.status == "active"
            else None,
        },
    )


@require_POST
def project_complete(request, pk: int):
    community, project, refused = _office_project(request, pk)
    if refused:
        return refused
    attempt(
        request,
        lambda: project_services.project_complete(
            actor=request.user, community=community, project=project
        ),
        _("The project is complete; the residents behind it are asked to rate it."),
    )
    return redirect(project.path)


@require_POST
def project_cancel(request, pk: int):
    """The office stops a project that cannot go on, with the reason residents will read."""
    community, project, refused = _office_project(request, pk)
    if refused:
        return refused
    attempt(
        request,
        lambda: project_services.project_cancel(
            actor=request.user,
            community=community,
            project=project,
            reason=request.POST.get("reason", ""),
        ),
        _("The project is cancelled; the reason is published with it."),
    )
    return redirect(project.path)


@require_POST
def project_grant(request, pk: int):
    """The office names the awarded micro-grant the project's money moves through (or none)."""
    community, project, refused = _office_project(request, pk)
    if refused:
        return refused
    chosen = request.POST.get("grant", "")
    if chosen and not chosen.isdigit():
        raise Http404
    attempt(
        request,
        lambda: project_services.project_link_grant(
            actor=request.user,
            community=community,
            project=project,
            proposal_id=int(chosen) if chosen else None,
        ),
        _("The project's funding is recorded."),
    )
    return redirect(project.path)


def _office_project(request, pk: int):
    """The project, for the office only; the refusal to answer anyone else."""
    community, roles = page_context(request)
    if refused := refusal(request, roles, office_only=True):
        return community, None, refused
    try:
        return community, selectors.access_project(project_id=pk), None
    except NotFound as missing:
        raise Http404 from missing


def _reportable(request, pk: int):
    """The project, if the caller may report on it (office, or its partner's representative);
    the refusal to answer otherwise."""
    community, roles = page_context(request)
    if refused := refusal(request, roles):
        return community, None, refused
    try:
        project = project_services.access_reportable_project(
            actor=request.user, roles=roles, project_id=pk
        )
    except NotFound as missing:
        raise Http404 from missing
    return community, project, None


@require_POST
def milestone_add(request, pk: int):
    community, project, refused = _reportable(request, pk)
    if refused:
        return refused
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(project.path)
    attempt(
        request,
        lambda: project_services.milestone_add(
            actor=request.user,
            community=community,
            project=project,
            title=form.cleaned_data["title"],
            due_on=form.cleaned_data["due_on"],
        ),
        _("Step added."),
    )
    return redirect(project.path)


@require_POST
def milestone_complete(request, pk: int, milestone_pk: int):
    community, project, refused = _reportable(request, pk)
    if refused:
        return refused
    milestone = project.milestones.filter(pk=milestone_pk).first()
    if milestone is None:
        raise Http404
    attempt(
        request,
        lambda: project_services.milestone_complete(
            actor=request.user, community=community, milestone=milestone
        ),
        _("Step done."),
    )
    return redirect(project.path)
