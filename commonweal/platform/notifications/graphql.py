"""Your in-app notifications (platform endpoint)."""

from collections.abc import Iterable
from datetime import datetime

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from commonweal.platform.graphql.errors import error_type, refusals_in_payload
from commonweal.platform.graphql.ids import pk_of
from commonweal.platform.graphql.permissions import IsSignedIn, for_mutation
from commonweal.platform.notifications import services
from commonweal.platform.notifications.error_codes import NotificationErrorCode
from commonweal.platform.notifications.models import Notification

NotificationError = error_type(NotificationErrorCode, "NotificationError")


@strawberry_django.type(Notification, name="Notification", description="Something to know.")
class NotificationType(relay.Node):
    kind: str = strawberry_django.field(description="What it is about, e.g. partnership.approved.")
    title: str = strawberry_django.field(description="Title.")
    body: str = strawberry_django.field(description="Text.")
    url: str = strawberry_django.field(description="Where to look.")
    created_at: datetime = strawberry_django.field(description="When.")
    read_at: datetime | None = strawberry_django.field(description="When you read it.")

    @strawberry_django.field(only=["community__slug"], description="Community it concerns.")
    def community_slug(self) -> str | None:
        return self.community.slug if self.community_id else None


@strawberry.type
class NotificationPayload:
    notification: NotificationType | None = None
    errors: list[NotificationError] = strawberry.field(default_factory=list)


@strawberry.type
class NotificationQuery:
    @strawberry_django.connection(
        DjangoListConnection[NotificationType],
        description="Your notifications, newest first.",
        extensions=[IsSignedIn()],
    )
    def notifications(self, info: Info, unread_only: bool = False) -> Iterable[Notification]:
        queryset = Notification.objects.filter(user=info.context.request.user)
        if unread_only:
            queryset = queryset.filter(read_at__isnull=True)
        return queryset.order_by("-created_at", "-pk")

    @strawberry_django.field(description="How many are unread.", extensions=[IsSignedIn()])
    def unread_notification_count(self, info: Info) -> int | None:
        return Notification.objects.filter(
            user=info.context.request.user, read_at__isnull=True
        ).count()


@strawberry.type
class NotificationMutation:
    @strawberry.mutation(
        description="Mark one notification read.", extensions=[for_mutation(IsSignedIn())]
    )
    @refusals_in_payload(NotificationPayload, NotificationError)
    def mark_notification_read(self, info: Info, id: relay.GlobalID) -> NotificationPayload:
        user = info.context.request.user
        notification = services.access_notification(
            user=user,
            notification_id=pk_of(id, NotificationType, NotificationErrorCode.NOT_FOUND),
        )
        return NotificationPayload(
            notification=services.notification_mark_read(actor=user, notification=notification)
        )

    @strawberry.mutation(
        description="Mark all your notifications read; returns how many changed.",
        extensions=[for_mutation(IsSignedIn())],
    )
    def mark_all_notifications_read(self, info: Info) -> int:
        return services.notifications_mark_all_read(actor=info.context.request.user)
