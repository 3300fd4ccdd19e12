from django.core.mail import send_mail
from django.utils.translation import gettext as _

from commonweal.platform.kernel.jobs import platform_task


@platform_task(retry=5)
def notify_application_decided(*, application_id: int) -> None:
    from commonweal.tenants.links import community_url
    from commonweal.tenants.models import ApplicationStatus, CommunityApplication

    application = CommunityApplication.objects.get(pk=application_id)
    if not application.applicant_email:
        return
    if application.status == ApplicationStatus.APPROVED:
        subject = _("%(name)s has joined Commonweal") % {"name": application.name}
        body = _("Your community is ready at %(url)s — sign in with your account.") % {
            "url": community_url(application)
        }
    else:
        subject = _("Your application for %(name)s") % {"name": application.name}
        body = _("It was not approved. Reason: %(reason)s") % {
            "reason": application.rejection_reason
        }
    send_mail(subject, body, None, [application.applicant_email])


SPARES_LOCK = "tenants.spare-schemas"


@platform_task(queueing_lock=SPARES_LOCK)
def keep_spare_schemas() -> None:
    """Make spare schemas up to the setting, dropping those of an older template."""
    from commonweal.tenants import spares

    spares.refresh()
