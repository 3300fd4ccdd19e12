"""Who is told what about needs, tasks and projects (in-app now, e-mail by a job)."""

from django.utils.translation import gettext as _

from commonweal.platform.notifications.services import notify
from commonweal.tenants.links import community_url as _link


def _office(community):
    from commonweal.platform.accounts.models import User
    from commonweal.platform.kernel.roles import OFFICE_ROLES, Role

    return User.objects.filter(
        is_active=True,
        memberships__community=community,
        memberships__roles__overlap=sorted({*OFFICE_ROLES, Role.GRID_WORKER}),
    )


def _people_behind(need):
    """The raiser and everyone who seconded: they follow the need to the end."""
    from commonweal.governance.needs.models import NeedSupport
    from commonweal.platform.accounts.models import User

    ids = set(NeedSupport.objects.filter(need=need).values_list("user_id", flat=True))
    if need.raised_by_id:
        ids.add(need.raised_by_id)
    return User.objects.filter(pk__in=ids, is_active=True)


def _representatives(partnerships):
    from commonweal.partners.registry.models import PartnerRepresentative

    return [
        r.user
        for r in PartnerRepresentative.objects.filter(
            organisation_id__in=[p.organisation_id for p in partnerships]
        ).select_related("user")
    ]


def need_raised(*, community, need) -> None:
    notify(
        users=_office(community),
        community=community,
        kind="need.raised",
        title=_("%(community)s: a resident raised a need: %(title)s")
        % {"community": community.name, "title": need.title},
        body=need.description,
        url=_link(community, need.path),
    )


def need_status_changed(*, community, need, reason: str = "") -> None:
    notify(
        users=_people_behind(need),
        community=community,
        kind=f"need.{need.status}",
        title=_("%(community)s: your need “%(title)s” is now %(status)s")
        % {"community": community.name, "title": need.title, "status": need.get_status_display()},
        body=reason,
        url=_link(community, need.path),
    )


def need_matched(*, community, match) -> None:
    """The partner behind a confirmed commitment: the community counts on it for this need."""
    notify(
        users=_representatives([match.partnership]),
        community=community,
        kind="need.matched",
        title=_("%(community)s matched your “%(resource)s” with a need: %(title)s")
        % {"community": community.name, "resource": match.title, "title": match.need.title},
        body=match.reason,
        url=_link(community, match.need.path),
    )


def task_published(*, community, task, partnerships) -> None:
    notify(
        users=_representatives(partnerships),
        community=community,
        kind="task.published",
        title=_("%(community)s published a task: %(title)s")
        % {"community": community.name, "title": task.title},
        body=task.description,
        url=_link(community, task.path),
    )


def task_response_received(*, community, response) -> None:
    notify(
        users=_office(community),
        community=community,
        kind="task.response",
        title=_("%(community)s: %(partner)s offers to take on “%(title)s”")
        % {
            "community": community.name,
            "partner": response.partnership.organisation.legal_name,
            "title": response.task.title,
        },
        body=response.offer,
        url=_link(community, f"/needs/tasks/{response.task_id}/"),
    )


def task_awarded(*, community, task, chosen, others) -> None:
    notify(
        users=_representatives(chosen),
        community=community,
        kind="task.chosen",
        title=_("%(community)s chose you for “%(title)s”")
        % {"community": community.name, "title": task.title},
        url=_link(community, task.project.path),
    )
    notify(
        users=_representatives(others),
        community=community,
        kind="task.not_chosen",
        title=_("%(community)s chose another partner for “%(title)s”")
        % {"community": community.name, "title": task.title},
        url=_link(community, task.path),
    )


def overdue(*, community, kind: str, title: str, path: str, partnerships=()) -> None:
    notify(
        users=[*_office(community), *_representatives(partnerships)],
        community=community,
        kind=kind,
        title=_("%(community)s: overdue — %(title)s")
        % {"community": community.name, "title": title},
        url=_link(community, path),
    )
