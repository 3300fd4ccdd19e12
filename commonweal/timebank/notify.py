"""What the time bank tells volunteers and merchants (in-app, and e-mail from a job)."""

from django.utils.translation import gettext as _

from commonweal.platform.notifications.services import notify


def _link(community, path: str) -> str:
    from commonweal.tenants.links import community_url

    return community_url(community, path)


def _users(ids):
    from commonweal.platform.accounts.models import User

    return User.objects.filter(pk__in=list(ids), is_active=True)


def _when(task) -> str:
    from django.utils import timezone

    start = timezone.localtime(task.starts_at)
    end = timezone.localtime(task.ends_at)
    return f"{start:%m-%d %H:%M}–{end:%H:%M}"


def signed_up(*, community, task, volunteer) -> None:
    notify(
        users=[volunteer],
        community=community,
        kind="timebank.signed_up",
        title=_("Signed up: %(task)s") % {"task": task.title},
        body=_("%(when)s at %(place)s. Scan the organiser's code on site to check in.")
        % {"when": _when(task), "place": task.place_name},
        url=_link(community, f"/timebank/tasks/{task.pk}/"),
    )


def task_cancelled(*, community, task, volunteer_ids) -> None:
    notify(
        users=_users(volunteer_ids),
        community=community,
        kind="timebank.task_cancelled",
        title=_("Cancelled: %(task)s") % {"task": task.title},
        body=_("The task of %(when)s is cancelled. Reason: %(reason)s")
        % {"when": _when(task), "reason": task.status_reason},
        url=_link(community, f"/timebank/tasks/{task.pk}/"),
    )


def reminder(*, community, task, volunteer_ids) -> None:
    notify(
        users=_users(volunteer_ids),
        community=community,
        kind="timebank.reminder",
        title=_("Tomorrow: %(task)s") % {"task": task.title},
        body=_("%(when)s at %(place)s. Bring: %(bring)s")
        % {"when": _when(task), "place": task.place_name, "bring": task.what_to_bring or "—"},
        url=_link(community, f"/timebank/tasks/{task.pk}/"),
    )


def points_credited(*, community, task, volunteer, points) -> None:
    notify(
        users=[volunteer],
        community=community,
        kind="timebank.points_credited",
        title=_("+%(points)s points: %(task)s") % {"points": points, "task": task.title},
        body=_("Thank you for volunteering. Your points can be redeemed at partner merchants."),
        url=_link(community, "/timebank/me/"),
    )


def redemption_code(*, community, redemption) -> None:
    notify(
        users=[redemption.volunteer],
        community=community,
        kind="timebank.redemption_code",
        title=_("Your code for %(item)s: %(code)s")
        % {"item": redemption.offer.item, "code": redemption.code},
        body=_("Show it to the merchant before it expires; otherwise the points come back."),
        url=_link(community, f"/timebank/redemptions/{redemption.pk}/"),
    )


def redemption_expired(*, community, redemption) -> None:
    notify(
        users=[redemption.volunteer],
        community=community,
        kind="timebank.redemption_expired",
        title=_("Code expired: %(item)s") % {"item": redemption.offer.item},
        body=_("%(points)s points are back in your balance.") % {"points": redemption.points},
        url=_link(community, "/timebank/me/"),
    )
