"""The needs pages of a community host: the public board (我为群众办实事), raising a need,
a need's page with "me too", triage for staff and rating, the task list with partners'
responses, and projects. Every write calls the same service as GraphQL, in one transaction;
a refusal is shown in words and changes nothing."""

import csv

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonweal.governance.needs import board, matching, selectors
from commonweal.governance.needs.chart import board_chart
from commonweal.governance.needs.error_codes import NeedErrorCode
from commonweal.governance.needs.forms import (
    NeedForm,
    OfflineNeedForm,
    RatingForm,
    ReasonForm,
    ResponseForm,
    TaskForm,
    UpdateForm,
)
from commonweal.governance.needs.models import NeedCategory, NeedStatus, Project, Task
from commonweal.governance.needs.services import needs as need_services
from commonweal.governance.needs.services import projects as project_services
from commonweal.governance.needs.services import tasks as task_services
from commonweal.partners.models import Partnership, PartnershipStatus
from commonweal.partners.registry.models import PartnerRepresentative
from commonweal.platform.accounts.roles import OFFICE_ROLES
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.errors import DomainError, NotFound
from commonweal.welfaremap.coordinates import to_gcj02


def _context(request):
    if getattr(request, "tenant", None) is None:
        raise Http404
    return request.tenant, roles_in_current_community(request)


def _refusal(request, roles, *, office_only=False):
    """The answer for someone who may not go on — a sign-in page or 403 — or None."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not roles or (office_only and not roles & OFFICE_ROLES):
        raise PermissionDenied
    return None


def _attempt(request, action, success: str) -> bool:
    """Run `action` in one transaction; tell the person what happened either way."""
    try:
        with transaction.atomic():
            action()
    except DomainError as error:
        messages.error(request, str(error.message))
        return False
    messages.success(request, success)
    return True


def _need(request, pk):
    _community, roles = _context(request)
    try:
        return selectors.access_need(actor=request.user, roles=roles, need_id=pk)
    except NotFound as missing:
        raise Http404 from missing


def needs_board(request):
    community, roles = _context(request)
    status = request.GET.get("status") or ""
    category = request.GET.get("category") or ""
    needs = selectors.needs_for(actor=request.user, roles=roles)
    if status in NeedStatus.values:
        needs = needs.filter(status=status)
    if category in NeedCategory.values:
        needs = needs.filter(category=category)
    months = board.monthly_figures()
    shown = [
        (value, label)
        for value, label in NeedStatus.choices
        if roles & OFFICE_ROLES or value in need_services.PUBLIC_STATUSES
    ]
    status_chips = [(_("All"), "/needs/", not status)] + [
        (label, f"/needs/?status={value}", status == value) for value, label in shown
    ]
    return render(
        request,
        "needs/board.html",
        {
            "community": community,
            "needs": needs.order_by("-created_at", "-id")[:100],
            "tasks": selectors.tasks_for(roles=roles).filter(status="published")[:20],
            "projects": selectors.projects().order_by("-started_at")[:20],
            "months": months[-12:],
            "chart": board_chart(months[-12:]),
            "status_chips": status_chips,
            "categories": NeedCategory.choices,
            "status": status,
            "category": category,
            "is_office": bool(roles & OFFICE_ROLES),
        },
    )


def _gcj02(data) -> tuple[float | None, float | None]:
    """The form's point in GCJ-02: the browser's own position comes as WGS-84."""
    lat, lng = data.get("lat"), data.get("lng")
    if lat is None or lng is None:
        return None, None
    return to_gcj02(lat, lng, data.get("system") or "gcj02")


def needs_board_csv(request):
    _context(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="needs-board.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 Chinese only with a BOM
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Month"),
            _("Received"),
            _("Accepted"),
            _("Resolved"),
            _("Response rate"),
            _("Median days to resolve"),
            _("Satisfaction"),
            _("Ratings"),
        ]
    )
    for m in board.monthly_figures():
        writer.writerow(
            [
                m.month.strftime("%Y-%m"),
                m.received,
                m.accepted,
                m.resolved,
                "" if m.response_rate is None else f"{m.response_rate:.0%}",
                "" if m.median_days_to_resolve is None else m.median_days_to_resolve,
                "" if m.satisfaction is None else m.satisfaction,
                m.ratings,
            ]
        )
    return response


def need_new(request):
    community, roles = _context(request)
    if refused := _refusal(request, roles):
        return refused
    offline = bool(roles & selectors.NEED_OFFICE)
    form_class = OfflineNeedForm if offline else NeedForm
    form = form_class(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["confirmed"]:
            duplicates = matching.likely_duplicates(
                title=data["title"],
                description=data["description"],
                category=data["category"],
                lat=_gcj02(data)[0],
                lng=_gcj02(data)[1],
            )
        if not duplicates:
            fields = {
                k: data[k] for k in ("title", "description", "category", "place", "lat", "lng")
            }
            created = []

            def raise_it():
                if offline and data.get("origin"):
                    created.append(
                        need_services.need_record_offline(
                            actor=request.user,
                            community=community,
                            origin=data["origin"],
                            residents_note=data["residents_note"],
                            **fields,
                        )
                    )
                else:
                    created.append(
                        need_services.need_raise(actor=request.user, community=community, **fields)
                    )

            if _attempt(
                request,
                raise_it,
                _("Thank you: your need was raised. We will tell you at each step."),
            ):
                return redirect(f"/needs/{created[0].pk}/")
        form.data = form.data.copy()
        form.data["confirmed"] = "on"
    return render(
        request,
        "needs/new.html",
        {"community": community, "form": form, "duplicates": duplicates, "offline": offline},
    )


def need_detail(request, pk: int):
    community, roles = _context(request)
    need = _need(request, pk)
    is_office = bool(roles & OFFICE_ROLES)
    user = request.user
    mine = user.is_authenticated and need.raised_by_id == user.pk
    seconded = user.is_authenticated and need.supports.filter(user=user).exists()
    may_rate = (
        (mine or seconded)
        and need.status in need_services.RATEABLE_STATUSES
        and not need.ratings.filter(user=user).exists()
    )
    return render(
        request,
        "needs/detail.html",
        {
            "community": community,
            "need": need,
            "transitions": need.transitions.order_by("at", "pk"),
            "mine": mine,
            "seconded": seconded,
            "may_second": user.is_authenticated
            and bool(roles)
            and not mine
            and not seconded
            and need.status in need_services.OPEN_STATUSES,
            "rating_form": RatingForm() if may_rate else None,
            "is_office": is_office,
            "reason_form": ReasonForm() if is_office else None,
            "task_form": TaskForm(initial={"title": need.title, "description": need.description})
            if is_office and need.status == NeedStatus.ACCEPTED
            else None,
            "suggestions": matching.suggestions_for(need, limit=5) if is_office else [],
            "duplicates": matching.likely_duplicates(
                title=need.title,
                description=need.description,
                category=need.category,
                lat=need.lat,
                lng=need.lng,
                exclude=need.pk,
            )
            if is_office
            else [],
            "tasks": need.tasks.all(),
        },
    )


@require_POST
def need_act(request, pk: int, verb: str):
    """A resident's or staff member's move on a need, posted from its page."""
    community, roles = _context(request)
    if refused := _refusal(request, roles):
        return refused
    office = bool(roles & OFFICE_ROLES)
    if verb not in ("second", "rate") and not office:
        raise PermissionDenied
    need = _need(request, pk)
    actor = request.user
    reason = ReasonForm(request.POST)
    actions = {
        "second": (
            True,
            lambda: need_services.need_second(actor=actor, community=community, need=need),
            _("Thank you: you seconded this need."),
        ),
        "accept": (
            office,
            lambda: need_services.need_accept(actor=actor, community=community, need=need),
            _("Accepted into the needs list."),
        ),
        "wish": (
            office,
            lambda: need_services.need_mark_wish(actor=actor, community=community, need=need),
            _("Marked as a small wish."),
        ),
        "decline": (
            office,
            lambda: need_services.need_decline(
                actor=actor, community=community, need=need, reason=reason.data.get("reason", "")
            ),
            _("Declined; the raiser is told why."),
        ),
        "close": (
            office,
            lambda: need_services.need_close(actor=actor, community=community, need=need),
            _("Closed."),
        ),
        "rate": (True, lambda: _rate(request, community, need), _("Thank you for your rating.")),
    }
    if verb not in actions:
        raise Http404
    allowed, action, success = actions[verb]
    if not allowed:
        raise PermissionDenied
    _attempt(request, action, success)
    return redirect(f"/needs/{need.pk}/")


def _rate(request, community, need):
    form = RatingForm(request.POST)
    if not form.is_valid():
        raise DomainError(NeedErrorCode.INVALID_RATING, _("Give 1 to 5 stars."), field="score")
    need_services.need_rate(
        actor=request.user,
        community=community,
        need=need,
        score=form.cleaned_data["score"],
        comment=form.cleaned_data["comment"],
    )


def _represented(user):
    if not user.is_authenticated:
        return []
    organisations = PartnerRepresentative.objects.filter(user=user).values("organisation_id")
    return list(
        Partnership.objects.filter(
            status=PartnershipStatus.ACTIVE, organisation_id__in=organisations
        ).select_related("organisation")
    )


def task_detail(request, pk: int):
    community, roles = _context(request)
    try:
        task = selectors.access_task(roles=roles, task_id=pk)
    except NotFound as missing:
        raise Http404 from missing
    partnerships = _represented(request.user)
    form = ResponseForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST":
        if refused := _refusal(request, roles):
            return refused
        if not partnerships:
            raise PermissionDenied
        if not form.is_valid():
            messages.error(request, _("Please say what you offer."))
            return redirect(f"/needs/tasks/{task.pk}/")

        def respond():
            partnership = task_services.represented_partnership(
                actor=request.user, partnership_id=form.cleaned_data["partner"]
            )
            task_services.task_respond(
                actor=request.user,
                community=community,
                task=task,
                partnership=partnership,
                offer=form.cleaned_data["offer"],
            )

        _attempt(request, respond, _("Thank you: the community will choose and tell you."))
        return redirect(f"/needs/tasks/{task.pk}/")
    return render(
        request,
        "needs/task.html",
        {
            "community": community,
            "task": task,
            "responses": selectors.responses_for(actor=request.user, roles=roles, task=task),
            "form": form if partnerships and task.status == "published" else None,
            "is_office": bool(roles & OFFICE_ROLES),
            "project": Project.objects.filter(task=task).first(),
        },
    )


@require_POST
def task_choose(request, pk: int):
    community, roles = _context(request)
    if refused := _refusal(request, roles, office_only=True):
        return refused
    task = Task.objects.filter(pk=pk).first()
    if task is None:
        raise Http404
    chosen = [int(v) for v in request.POST.getlist("response") if v.isdigit()]
    made = []
    ok = _attempt(
        request,
        lambda: made.append(
            task_services.task_choose(
                actor=request.user, community=community, task=task, response_ids=chosen
            )
        ),
        _("The task is taken on: a project has started."),
    )
    return redirect(f"/needs/projects/{made[0].pk}/" if ok else f"/needs/tasks/{task.pk}/")


def project_detail(request, pk: int):
    community, roles = _context(request)
    try:
        project = selectors.access_project(project_id=pk)
    except NotFound as missing:
        raise Http404 from missing
    may_report = request.user.is_authenticated and project_services.may_report(
        actor=request.user, roles=roles, project=project
    )
    form = UpdateForm(request.POST or None)
    if request.method == "POST":
        if refused := _refusal(request, roles):
            return refused
        if not may_report:
            raise PermissionDenied
        if form.is_valid():
            _attempt(
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
            "may_complete": bool(roles & OFFICE_ROLES) and project.status == "active",
            "partners": project.partnerships.select_related("organisation"),
        },
    )


@require_POST
def need_task_publish(request, pk: int):
    """Staff publish a task from an accepted need in one step (社区发布任务)."""
    community, roles = _context(request)
    if refused := _refusal(request, roles, office_only=True):
        return refused
    need = _need(request, pk)
    form = TaskForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give the task a title, what is asked and a date."))
        return redirect(need.path)
    data = form.cleaned_data
    budget = data["budget_yuan"]
    made = []

    def publish():
        task = task_services.task_create(
            actor=request.user,
            community=community,
            need_ids=[need.pk],
            title=data["title"],
            description=data["description"],
            due_on=data["due_on"],
            budget=None if budget is None else int(budget * 100),
        )
        made.append(task_services.task_publish(actor=request.user, community=community, task=task))

    if _attempt(request, publish, _("The task is published; partners are told.")):
        return redirect(made[0].path)
    return redirect(need.path)


@require_POST
def project_complete(request, pk: int):
    community, roles = _context(request)
    if refused := _refusal(request, roles, office_only=True):
        return refused
    try:
        project = selectors.access_project(project_id=pk)
    except NotFound as missing:
        raise Http404 from missing
    _attempt(
        request,
        lambda: project_services.project_complete(
            actor=request.user, community=community, project=project
        ),
        _("The project is complete; the residents behind it are asked to rate it."),
    )
    return redirect(project.path)
