"""The daily check for overdue decisions (each flagged once and the office told, the flag set
in the same transaction as the notification), votes tallied when their time is up, and the
e-mail carrying a department's invitation link."""

from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonweal.platform.kernel.jobs import app, community_task, platform_task


def flag_overdue(community, today=None) -> int:
    """Flag `community`'s overdue decisions not yet flagged; how many were flagged."""
    from commonweal.governance.deliberation import notify
    from commonweal.governance.deliberation.models import Decision
    from commonweal.governance.deliberation.services.decisions import overdue_decisions

    today = today or timezone.localdate()
    connection.set_tenant(community)
    try:
        with transaction.atomic():
            decisions = list(
                overdue_decisions(today)
                .filter(overdue_flagged_at__isnull=True)
                .select_for_update()
                .order_by("pk")
            )
            for decision in decisions:
                notify.decision_overdue(community=community, decision=decision)
            Decision.objects.filter(pk__in=[d.pk for d in decisions]).update(
                overdue_flagged_at=timezone.now()
            )
        return len(decisions)
    finally:
        connection.set_schema_to_public()


@app.periodic(cron="10 8 * * *")
@platform_task(queueing_lock="deliberation.overdue")
def find_overdue_decisions(timestamp: int) -> int:
    from commonweal.tenants.models import Community, CommunityStatus

    total = 0
    for community in Community.objects.filter(status=CommunityStatus.ACTIVE).order_by("pk"):
        total += flag_overdue(community)
    return total


def tally_community(community, now=None) -> int:
    from commonweal.governance.deliberation.services.votes import votes_close_due

    connection.set_tenant(community)
    try:
        return votes_close_due(community=community, now=now)
    finally:
        connection.set_schema_to_public()


@app.periodic(cron="*/5 * * * *")
@platform_task(queueing_lock="deliberation.tally")
def tally_closed_votes(timestamp: int) -> int:
    from commonweal.tenants.models import Community, CommunityStatus

    total = 0
    for community in Community.objects.filter(status=CommunityStatus.ACTIVE).order_by("pk"):
        total += tally_community(community)
    return total


def invitation_email(*, community, invitation) -> tuple[str, str]:
    from commonweal.governance.deliberation.services.invitations import (
        LINK_LIFETIME,
        confirm_path,
    )
    from commonweal.tenants.links import community_url

    meeting = invitation.meeting
    subject = _("%(community)s invites you: %(title)s, %(when)s") % {
        "community": community.name,
        "title": meeting.title,
        "when": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
    }
    body = "\n".join(
        [
            invitation.department.name,
            meeting.place or meeting.online_link,
            "",
            _("Confirm your attendance (报到) here, no account needed (valid %(days)d days):")
            % {"days": LINK_LIFETIME.days},
            community_url(community, confirm_path(invitation)),
        ]
    )
    return subject, body


@community_task(retry=5)
def email_department_invitation(*, community, invitation_id: int) -> None:
    """The department's invitation with its signed link (a job: no mail for a rollback)."""
    from commonweal.governance.deliberation.models import MeetingInvitation

    invitation = (
        MeetingInvitation.objects.filter(pk=invitation_id, department__isnull=False)
        .select_related("meeting", "department")
        .first()
    )
    if invitation is None:
        return
    subject, body = invitation_email(community=community, invitation=invitation)
    send_mail(subject, body, None, [invitation.department.email])


@community_task(retry=5)
def email_invited_departments(*, community, meeting_id: int, subject: str) -> None:
    """An agenda change or the published results, to each department invited: the subject
    says what, the body links the meeting's public page."""
    from commonweal.governance.deliberation.models import MeetingInvitation
    from commonweal.tenants.links import community_url

    invitations = (
        MeetingInvitation.objects.filter(meeting_id=meeting_id, department__isnull=False)
        .exclude(department__email="")
        .select_related("meeting", "department")
    )
    for invitation in invitations:
        body = "\n".join(
            [invitation.department.name, community_url(community, invitation.meeting.path)]
        )
        send_mail(subject, body, None, [invitation.department.email])
