from django.core.mail import send_mail
from django.utils.translation import gettext as _

from commonweal.platform.jobs import platform_task
from commonweal.tenants.links import community_url


@platform_task(retry=5)
def send_invitation(*, invitation_id: int) -> None:
    from commonweal.platform.accounts.models import Invitation

    invitation = Invitation.objects.select_related("community", "invited_by").get(pk=invitation_id)
    if not invitation.is_open or not invitation.email:
        return
    link = community_url(invitation.community, f"/invitations/{invitation.secret()}/")
    send_mail(
        _("You are invited to join %(community)s") % {"community": invitation.community.name},
        _("%(inviter)s invites you to %(community)s on Commonweal. Accept here: %(link)s")
        % {"inviter": invitation.invited_by, "community": invitation.community.name, "link": link},
        None,
        [invitation.email],
    )
