"""Reads of notifications: only ever the asker's own."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.errors import NotFound
from commonweal.platform.notifications.error_codes import NotificationErrorCode
from commonweal.platform.notifications.models import Notification


def notifications_of(actor, *, unread_only: bool = False) -> QuerySet[Notification]:
    """`actor`'s notifications, newest first."""
    notifications = Notification.objects.filter(user=actor)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-pk")


def access_notification(*, actor, notification_id) -> Notification:
    """One of `actor`'s own notifications; another's is as missing as none."""
    notification = notifications_of(actor).filter(pk=notification_id).first()
    if notification is None:
        raise NotFound(NotificationErrorCode.NOT_FOUND, _("Nothing found with this id."))
    return notification
