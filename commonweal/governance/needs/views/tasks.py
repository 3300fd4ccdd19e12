"""The task list (任务清单): a task's page with partners' responses, choosing one, and staff
publishing a need as a task."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonweal.governance.needs import selectors
from commonweal.governance.needs.forms import (
    ResponseForm,
    TaskForm,
)
from commonweal.governance.needs.models import Project, Task
from commonweal.governance.needs.services import tasks as task_services
from commonweal.governance.needs.views.common import (
    attempt,
    need_or_404,
    page_context,
    refusal,
    represented,
)
from commonweal.platform.kernel.errors import NotFound
from commonweal.platform.kernel.roles import OFFICE_ROLES


def task_detail(request, pk: int):
    community, roles = page_context(request)
    try:
        task = selectors.access_task(roles=roles, task_id=pk)
    except NotFound as missing:
        raise Http404 from missing
    partnerships = represented(request.user)
    form = ResponseForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST":
        if refused := refusal(request, roles):
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

        attempt(request, respond, _("Thank you: the community will choose and tell you."))
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
    community, roles = page_context(request)
    if refused := refusal(request, roles, office_only=True):
        return refused
    task = Task.objects.filter(pk=pk).first()
    if task is None:
        raise Http404
    chosen = [int(v) for v in request.POST.getlist("response") if v.isdigit()]
    made = []
    ok = attempt(
        request,
        lambda: made.append(
            task_services.task_choose(
                actor=request.user, community=community, task=task, response_ids=chosen
            )
        ),
        _("The task is taken on: a project has started."),
    )
    return redirect(f"/needs/projects/{made[0].pk}/" if ok else f"/needs/tasks/{task.pk}/")


@require_POST
def need_task_publish(request, pk: int):
    """Staff publish a task from an accepted need, and any other accepted needs ticked, in one
    step (社区发布任务)."""
    community, roles = page_context(request)
    if refused := refusal(request, roles, office_only=True):
        return refused
    need = need_or_404(request, pk)
    # the ticks' ids are checked by the service (`task_create`), not the form's choices
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
            need_ids=[need.pk, *(pk for pk in data["also"] if pk != need.pk)],
            title=data["title"],
            description=data["description"],
            due_on=data["due_on"],
            budget=None if budget is None else int(budget * 100),
        )
        made.append(task_services.task_publish(actor=request.user, community=community, task=task))

    if attempt(request, publish, _("The task is published; partners are told.")):
        return redirect(made[0].path)
    return redirect(need.path)
