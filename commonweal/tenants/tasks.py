from django.core.mail import send_mail
from django.utils.translation import gettext as _

from commonweal.platform.jobs import platform_task


@platform_task(retry=5)
def notify_application_decided(*, application_id: int) -> None:
    from commonweal.tenants.models import ApplicationStatus, CommunityApplication
    from commonweal.tenants.validators import domain_for

    application = CommunityApplication.objects.get(pk=application_id)
    if not application.applicant_email:
        return
    if application.status == ApplicationStatus.APPROVED:
        subject = _("%(name)s has joined Commonweal") % {"name": application.name}
        body = _("Your community is ready at http://%(domain)s/ — sign in with your account.") % {
            "domain": domain_for(application.slug)
        }
    else:
        subject = _("Your application for %(name)s") % {"name": application.name}
        body = _("It was not approved. Reason: %(reason)s") % {
            "reason": application.rejection_reason
        }
    send_mail(subject, body, None, [application.applicant_email])
