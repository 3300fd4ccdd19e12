"""What the time bank puts into the web shell (see commonweal.web.registry)."""

from django.utils.translation import gettext_lazy as _

from commonweal.web.registry import home_tile, me_link, search_kind, workbench_queue

home_tile("timebank", _("Time bank"), "/timebank/", glyph="时", colour="#6a4c93", order=40)
me_link("timebank-mine", _("My points and service hours"), "/timebank/me/", signed_in=True)
me_link("timebank-verify", _("Verify a redemption code"), "/timebank/verify/", signed_in=True)
search_kind("volunteer_task", _("Volunteer task"))
search_kind("timebank_offer", _("Points offer"))


def _drafts(request) -> int:
    from commonweal.timebank.models import Task, TaskStatus

    return Task.objects.filter(status=TaskStatus.DRAFT).count()


def _to_close(request) -> int:
    from django.utils import timezone

    from commonweal.timebank.models import Task, TaskStatus

    return Task.objects.filter(
        status__in=[TaskStatus.PUBLISHED, TaskStatus.IN_PROGRESS], ends_at__lt=timezone.now()
    ).count()


workbench_queue(
    "timebank-drafts",
    _("Volunteer tasks in draft"),
    "/admin/timebank/task/?status__exact=draft",
    count=_drafts,
    order=40,
)
workbench_queue(
    "timebank-to-close",
    _("Volunteer tasks over, to mark completed"),
    "/admin/timebank/task/?status__in=published,in_progress",
    count=_to_close,
    order=41,
)
