"""Who is told what about hazard reports (in-app now, e-mail by a job).

The reporter hears of every change of state (anonymous or not: anonymity is towards the public);
the grid's people hear of new reports in their grid; the office hears of warnings and
escalations. Departments have no account: they get an e-mail with a signed link (`links`).
"""

from django.utils.translation import gettext as _

from commonweal.platform.notifications.services import notify
from commonweal.tenants.links import community_url as link


def _office(community):
    from commonweal.platform.accounts.models import User
    from commonweal.platform.kernel.roles import OFFICE_ROLES

    return User.objects.filter(
        is_active=True,
        memberships__community=community,
        memberships__roles__overlap=sorted(OFFICE_ROLES),
    )


def _reporter(report):
    from commonweal.platform.accounts.models import User

    return User.objects.filter(pk=report.reporter_id, is_active=True)


def report_filed(*, community, report, grid_people) -> None:
    notify(
        users=list(grid_people) or list(_office(community)),
        community=community,
        kind="hazard.filed",
        title=_("%(community)s: hazard reported: %(category)s")
        % {"community": community.name, "category": report.get_category_display()},
        body=report.description,
        url=link(community, report.path),
    )


def state_changed(*, community, report, reason: str = "") -> None:
    body = reason or ""
    notify(
        users=_reporter(report),
        community=community,
        kind="hazard.state",
        title=_("Your hazard report is now: %(state)s") % {"state": report.get_state_display()},
        body=body,
        url=link(community, report.path),
    )


def escalation(*, community, report, stage_label: str, grid_people=()) -> None:
    notify(
        users=[*_office(community), *grid_people],
        community=community,
        kind="hazard.escalation",
        title=_("%(community)s: %(stage)s — %(category)s (%(level)s)")
        % {
            "community": community.name,
            "stage": stage_label,
            "category": report.get_category_display(),
            "level": report.get_level_display(),
        },
        body=report.description,
        url=link(community, report.path),
    )


def rewarded(*, community, report, points: int) -> None:
    notify(
        users=_reporter(report),
        community=community,
        kind="hazard.reward",
        title=_("Thank you: your hazard report earned %(points)d points") % {"points": points},
        url=link(community, report.path),
    )
