"""Your in-app notifications (platform endpoint)."""

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from commonweal.platform.kernel.graphql.errors import error_type
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import SIGNED_IN, arg, caller, mutation, payload
from commonweal.platform.kernel.graphql.permissions import IsSignedIn
from commonweal.platform.notifications import selectors, services
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

    # select_related: without it each notification of a page fetched its community (N+1).
    @strawberry_django.field(
        only=["community__slug"],
        select_related=["community"],
        description="Community it concerns.",
    )
    def community_slug(self) -> str | None:
        return self.community.slug if self.community_id else None


NotificationPayload = payload(
    "NotificationPayload",
    NotificationError,
    notification=(NotificationType, "The notification as it now stands."),
)


@strawberry.type
class NotificationQuery:
    @strawberry_django.connection(
        DjangoListConnection[NotificationType],
        description="Your notifications, newest first.",
        extensions=[IsSignedIn()],
    )
    def notifications(
        self,
        info: Info,
        unread_only: Annotated[bool, arg("Only those not yet read.")] = False,
    ) -> Iterable[Notification]:
        return selectors.notifications_of(info.context.request.user, unread_only=unread_only)

    @strawberry_django.field(description="How many are unread.", extensions=[IsSignedIn()])
    def unread_notification_count(self, info: Info) -> int | None:
        return selectors.notifications_of(info.context.request.user, unread_only=True).count()


@strawberry.type
class NotificationMutation:
    @mutation(NotificationPayload, allow=SIGNED_IN, description="Mark one notification read.")
    def mark_notification_read(
        self, info: Info, id: Annotated[relay.GlobalID, arg("One of your notifications.")]
    ) -> NotificationPayload:
        user = caller(info).user
        notification = selectors.access_notification(
            actor=user,
            notification_id=pk_of(id, NotificationType, NotificationErrorCode.NOT_FOUND),
        )
        return NotificationPayload(
            notification=services.notification_mark_read(actor=user, notification=notification)
        )

    @mutation(
        int,
        allow=SIGNED_IN,
        description="Mark all your notifications read; returns how many changed.",
    )
    def mark_all_notifications_read(self, info: Info) -> int:
        return services.notifications_mark_all_read(actor=caller(info).user)
