"""What the meeting page offers for its agenda: the needs, tasks and projects a joint meeting
(联席会) may take as items, and an options vote's tally as bars."""

from django.http import Http404

SOURCE_LIMIT = 30


def item_sources() -> list[tuple[str, str]]:
    """Public needs still open, published or awarded tasks and projects under way, newest
    first, as choices "need:12" etc. (only what the public may read goes on an agenda)."""
    from commonweal.governance.needs.models import Need, Project, ProjectStatus, Task
    from commonweal.governance.needs.services.needs import OPEN_STATUSES, PUBLIC_STATUSES
    from commonweal.governance.needs.services.tasks import PUBLIC_STATUSES as PUBLIC_TASKS

    needs = Need.objects.filter(status__in=set(OPEN_STATUSES) & set(PUBLIC_STATUSES))
    tasks = Task.objects.filter(status__in=PUBLIC_TASKS)
    projects = Project.objects.filter(status=ProjectStatus.ACTIVE)
    choices = []
    for prefix, label, rows in (
        ("need", "需求", needs),
        ("task", "任务", tasks),
        ("project", "项目", projects),
    ):
        for row in rows.order_by("-pk")[:SOURCE_LIMIT]:
            choices.append((f"{prefix}:{row.pk}", f"{label} · {row.title}"))
    return choices


def read_source(value: str) -> dict:
    """The need, task or project a choice names (refused by the service if not public)."""
    from commonweal.governance.needs.models import Need, Project, Task

    if not value:
        return {}
    kind, _, pk = value.partition(":")
    model = {"need": Need, "task": Task, "project": Project}.get(kind)
    found = model.objects.filter(pk=pk).first() if model and pk.isdigit() else None
    if found is None:
        raise Http404
    return {kind: found}


def with_bars(item) -> list:
    """The item's options; once tallied each carries `share` (0–100, of the votes cast) and
    `winner`, for the result's bar picture."""
    options = list(item.options.all())
    if item.tallied_at is not None:
        cast = sum(o.votes or 0 for o in options)
        for option in options:
            option.share = round(100 * (option.votes or 0) / cast) if cast else 0
            option.winner = option.pk == item.winning_option_id
    return options
