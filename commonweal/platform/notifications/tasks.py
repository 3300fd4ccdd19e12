from django.core.mail import send_mail
from django.utils import timezone

from commonweal.platform.kernel.jobs import platform_task


@platform_task(retry=5)
def email_notification(*, notification_id: int) -> None:
    from commonweal.platform.notifications.models import Notification

    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at or not notification.user.email:
        return
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{notification.url}"
    send_mail(notification.title, body, None, [notification.user.email])
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
