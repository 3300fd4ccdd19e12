"""Who is told what about deliberation (in-app now, e-mail by a job): the invited, of an
invitation and of agenda changes; the people behind a proposal and those present, of results.
Invited departments have no account: they are e-mailed the agenda changes and the results."""

from django.utils.translation import gettext as _

from commonweal.platform.notifications.services import notify
from commonweal.tenants.links import community_url as _link


def _users(ids):
    from commonweal.platform.accounts.models import User

    return User.objects.filter(pk__in=set(ids), is_active=True)


def invited_people(meeting):
    """Members invited, and the representatives of the partners invited."""
    from commonweal.partners.registry.models import PartnerRepresentative

    ids = set(meeting.invitations.filter(user__isnull=False).values_list("user_id", flat=True))
    organisations = meeting.invitations.filter(partnership__isnull=False).values(
        "partnership__organisation_id"
    )
    ids |= set(
        PartnerRepresentative.objects.filter(organisation_id__in=organisations).values_list(
            "user_id", flat=True
        )
    )
    return ids


def invited(*, community, meeting, user_ids) -> None:
    if not user_ids:
        return
    notify(
        users=_users(user_ids),
        community=community,
        kind="deliberation.invited",
        title=_("%(community)s invites you: %(title)s, %(when)s")
        % {
            "community": community.name,
            "title": meeting.title,
            "when": meeting.starts_at.strftime("%Y-%m-%d %H:%M"),
        },
        body=meeting.place or meeting.online_link,
        url=_link(community, meeting.path),
    )


def _tell_departments(*, community, meeting, subject: str) -> None:
    """One job e-mails every department invited (deferred in this transaction: no mail for a
    change rolled back)."""
    from commonweal.governance.deliberation.tasks import email_invited_departments

    if meeting.invitations.filter(department__isnull=False).exists():
        email_invited_departments.defer(
            community_schema=community.schema_name, meeting_id=meeting.pk, subject=subject
        )


def agenda_changed(*, community, meeting, item) -> None:
    _tell_departments(
        community=community,
        meeting=meeting,
        subject=_("New on the agenda of %(meeting)s: %(item)s")
        % {"meeting": meeting.title, "item": item.title},
    )
    notify(
        users=_users(invited_people(meeting)),
        community=community,
        kind="deliberation.agenda",
        title=_("New on the agenda of %(meeting)s: %(item)s")
        % {"meeting": meeting.title, "item": item.title},
        url=_link(community, meeting.path),
    )


def results_published(*, community, meeting) -> None:
    """Those present, and the proposer and supporters of each proposal decided."""
    from commonweal.governance.deliberation.models import ProposalSupport

    ids = set(meeting.attendance.filter(user__isnull=False).values_list("user_id", flat=True))
    for item in meeting.items.filter(proposal__isnull=False).select_related("proposal"):
        ids |= set(
            ProposalSupport.objects.filter(proposal=item.proposal).values_list("user_id", flat=True)
        )
        if item.proposal.proposed_by_id:
            ids.add(item.proposal.proposed_by_id)
    _tell_departments(
        community=community,
        meeting=meeting,
        subject=_("%(meeting)s: the minutes and results are published")
        % {"meeting": meeting.title},
    )
    notify(
        users=_users(ids),
        community=community,
        kind="deliberation.results",
        title=_("%(meeting)s: the minutes and results are published") % {"meeting": meeting.title},
        url=_link(community, meeting.path),
    )


def decision_overdue(*, community, decision) -> None:
    """The office and the decision's owners."""
    from commonweal.platform.accounts.models import User
    from commonweal.platform.kernel.roles import OFFICE_ROLES

    office = User.objects.filter(
        is_active=True,
        memberships__community=community,
        memberships__roles__overlap=sorted(OFFICE_ROLES),
    ).values_list("pk", flat=True)
    notify(
        users=_users({*office, *decision.owners}),
        community=community,
        kind="deliberation.overdue",
        title=_("Overdue decision: %(title)s (due %(day)s)")
        % {"title": decision.title, "day": decision.due_on.isoformat()},
        url=_link(community, decision.path),
    )
