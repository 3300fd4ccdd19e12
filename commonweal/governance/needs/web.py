"""What needs put into the web shell (see commonweal.web.registry)."""

from django.utils.translation import gettext_lazy as _

from commonweal.governance.needs.models import NeedCategory
from commonweal.web.registry import home_tile, search_categories, search_kind, workbench_queue

home_tile("needs", _("Needs (民意)"), "/needs/", glyph="需", colour="#1864ab", order=40)
search_kind("need", _("Need"))
search_kind("needs_task", _("Task for partners"))
search_kind("needs_project", _("Project"))
search_categories(NeedCategory)


def _to_triage(request) -> int:
    from commonweal.governance.needs.models import Need, NeedStatus

    return Need.objects.filter(status=NeedStatus.SUBMITTED).count()


def _responses_to_choose(request) -> int:
    from commonweal.governance.needs.models import ResponseStatus, TaskResponse, TaskStatus

    return (
        TaskResponse.objects.filter(
            status=ResponseStatus.OFFERED, task__status=TaskStatus.PUBLISHED
        )
        .values("task")
        .distinct()
        .count()
    )


workbench_queue(
    "needs-to-triage", _("Needs to triage"), "/needs/?status=submitted", count=_to_triage, order=30
)
workbench_queue(
    "tasks-with-responses",
    _("Tasks with partners' responses"),
    "/needs/",
    count=_responses_to_choose,
    order=35,
)
