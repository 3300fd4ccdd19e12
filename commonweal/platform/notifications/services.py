"""Tell a user something: an in-app row now, an e-mail from a job after commit."""

from django.db import transaction
from django.utils import timezone

from commonweal.platform.notifications.models import Notification


def notify(*, users, kind: str, title: str, body: str = "", url: str = "", community=None):
    """Create one notification per user and defer its e-mail in the caller's transaction."""
    from commonweal.platform.notifications.tasks import email_notification

    created = []
    for user in {u.pk: u for u in users}.values():
        notification = Notification.objects.create(
            user=user, community=community, kind=kind, title=title[:200], body=body, url=url
        )
        if user.email:
            email_notification.defer(notification_id=notification.pk)
        created.append(notification)
    return created


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
