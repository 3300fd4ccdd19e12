"""What a joint meeting (联席会) deliberates besides proposals: a need, task or project of the
needs list (需求清单 / 项目清单), linked both ways — the need's page lists the meetings it is on
and, once their minutes are published, what was decided.

Only what the public may read goes on an agenda, because agendas are public: a need in one of
the needs list's public states, a published or awarded task, any project.
"""

from django.utils.translation import gettext_lazy as _

from commonweal.governance.deliberation.error_codes import DeliberationErrorCode
from commonweal.governance.deliberation.models import AgendaItem, Meeting, MeetingKind
from commonweal.platform.kernel.errors import DomainError


def check_sources(meeting: Meeting, *, proposal, need, task, project) -> None:
    given = [source for source in (proposal, need, task, project) if source is not None]
    if len(given) > 1:
        raise DomainError(
            DeliberationErrorCode.ONE_SOURCE,
            _("An agenda item takes one proposal, need, task or project."),
            field="need_id",
        )
    if (need or task or project) is None:
        return
    if meeting.kind != MeetingKind.JOINT:
        raise DomainError(
            DeliberationErrorCode.JOINT_MEETINGS_ONLY,
            _("Needs, tasks and projects go on the agenda of a joint meeting (联席会)."),
            field="need_id",
        )
    from commonweal.governance.needs.selectors import projects
    from commonweal.governance.needs.services.needs import PUBLIC_STATUSES
    from commonweal.governance.needs.services.tasks import PUBLIC_STATUSES as PUBLIC_TASKS

    public = (
        (need is None or need.status in PUBLIC_STATUSES)
        and (task is None or task.status in PUBLIC_TASKS)
        and (project is None or projects().filter(pk=project.pk).exists())
    )
    if not public:
        raise DomainError(
            DeliberationErrorCode.NOT_PUBLIC,
            _("Only what the public may read goes on an agenda."),
            field="need_id",
        )


def agenda_items_of(*, need=None, task=None, project=None):
    """The agenda items taking this need, task or project, with their meetings (newest first);
    a cancelled meeting's items are left out."""
    source = {"need": need} if need else {"task": task} if task else {"project": project}
    return (
        AgendaItem.objects.filter(**source)
        .exclude(meeting__status="cancelled")
        .select_related("meeting", "winning_option")
        .order_by("-meeting__starts_at", "-pk")
    )
