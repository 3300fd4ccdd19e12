"""The community's 操作日志 for its admins (community endpoint)."""

from collections.abc import Iterable
from datetime import datetime

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from commonweal.platform.audit.models import AuditEntry
from commonweal.platform.audit.selectors import audit_of
from commonweal.platform.kernel.graphql.permissions import HasRole
from commonweal.platform.kernel.roles import Role


@strawberry_django.type(
    AuditEntry, name="AuditEntry", description="操作日志: one write by the office, as it was made."
)
class AuditEntryType(relay.Node):
    at: datetime = strawberry_django.field(description="When it was written.")
    actor_name: str = strawberry_django.field(description="Who wrote it (their name then).")
    channel: str = strawberry_django.field(description="Through what: graphql or admin.")
    action: str = strawberry_django.field(description="The operation, e.g. createCampaign.")
    target: str = strawberry_django.field(description="The object changed, when known.")
    changes: JSON = strawberry_django.field(description="What changed: the arguments or fields.")
    ip: str | None = strawberry_django.field(description="The address it came from.")


@strawberry.type
class AuditQuery:
    @strawberry_django.connection(
        DjangoListConnection[AuditEntryType],
        description="操作日志: the office's writes in this community, newest first (admins).",
        extensions=[HasRole(Role.ADMIN)],
    )
    def audit_log(self, info: Info) -> Iterable[AuditEntry]:
        return audit_of(info.context.request.tenant)
