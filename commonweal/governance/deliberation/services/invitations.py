"""Departments invited to a meeting confirm (报到) through the link they were e-mailed, without
an account — the same signed links as hazards' referrals (`platform/signed_links.py`), salted
for this purpose so a hazard link opens no meeting and the reverse.

A token names the community's schema and the invitation, and lasts `LINK_LIFETIME`; a forged,
altered, foreign or expired token is refused and changes nothing. A genuine one records the
confirmation once (the invitation row's lock decides): opening it again shows the answer given.
A cancelled or published meeting takes no confirmation.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.deliberation.error_codes import DeliberationErrorCode
from commonweal.governance.deliberation.models import MeetingInvitation
from commonweal.governance.deliberation.services.lifecycle import lock
from commonweal.governance.deliberation.services.meetings import open_meeting
from commonweal.governance.deliberation.services.text import required_text
from commonweal.platform.kernel import signed_links
from commonweal.platform.kernel.errors import DomainError

SALT = "commonweal.deliberation.department-invitation"
LINK_LIFETIME = dt.timedelta(days=30)


def token_for(invitation: MeetingInvitation) -> str:
    return signed_links.sign(SALT, i=invitation.pk)


def confirm_path(invitation: MeetingInvitation) -> str:
    return f"/deliberation/confirm/{token_for(invitation)}/"


def read_token(token: str) -> MeetingInvitation:
    """The department's invitation a link names, in this community; refused otherwise."""
    invalid = DomainError(DeliberationErrorCode.INVALID_LINK, _("This link is not valid."))
    try:
        data = signed_links.read(token, salt=SALT, max_age=LINK_LIFETIME)
    except signed_links.LinkExpired:
        raise DomainError(
            DeliberationErrorCode.LINK_EXPIRED,
            _("This link has expired. Ask the community for a new one."),
        ) from None
    except signed_links.LinkInvalid:
        raise invalid from None
    invitation = (
        MeetingInvitation.objects.filter(pk=data.get("i"), department__isnull=False)
        .select_related("meeting", "department")
        .first()
    )
    if invitation is None:
        raise invalid
    return invitation


def attendance_confirm(*, community, token: str, note: str = "") -> tuple[MeetingInvitation, bool]:
    """报到: the department confirms it will attend; (the invitation, True the first time)."""
    invitation = read_token(token)
    note = required_text(note, field="note", limit=500, required=False)
    open_meeting(invitation.meeting)
    invitation = lock(MeetingInvitation, invitation.pk)
    if invitation.confirmed_at is not None:
        return invitation, False
    invitation.confirmed_at = timezone.now()
    invitation.confirmation_note = note
    invitation.save(update_fields=["confirmed_at", "confirmation_note"])
    return invitation, True
