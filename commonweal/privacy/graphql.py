"""Personal data over GraphQL: 下载我的数据 and 注销 (platform endpoint), the community's export
(community endpoint, admins), a community's deletion (platform admins)."""

from datetime import datetime
from typing import Annotated

import strawberry
import strawberry_django
from django.contrib.auth import logout
from django.utils.translation import gettext as _
from strawberry import relay
from strawberry.types import Info

from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.graphql.errors import error_type
from commonweal.platform.kernel.graphql.mutations import (
    ADMINS,
    PLATFORM_ADMIN,
    SIGNED_IN,
    arg,
    caller,
    mutation,
    payload,
)
from commonweal.platform.kernel.graphql.permissions import HasRole, IsSignedIn
from commonweal.platform.kernel.roles import Role
from commonweal.privacy.error_codes import PrivacyErrorCode
from commonweal.privacy.models import CommunityClosure, DataExport, ExportStatus
from commonweal.privacy.services import closures, erasure, exports

PrivacyError = error_type(PrivacyErrorCode, "PrivacyError")
ExportStatusEnum = strawberry.enum(
    ExportStatus, name="ExportStatus", description="Where a prepared download stands."
)


@strawberry_django.type(DataExport, name="DataExport", description="A prepared zip download.")
class DataExportType(relay.Node):
    status: ExportStatusEnum = strawberry_django.field(description="Preparing, ready or failed.")
    requested_at: datetime = strawberry_django.field(description="When it was asked for.")
    ready_at: datetime | None = strawberry_django.field(description="When it was ready.")
    expires_at: datetime = strawberry_django.field(description="Deleted after this.")
    size: int = strawberry_django.field(description="Size of the zip, in bytes.")

    @strawberry_django.field(
        only=["status", "community_id"],
        description="Where to download it (this host, signed in as the requester); null until"
        " ready.",
    )
    def download_url(self) -> str | None:
        return self.download_path


@strawberry_django.type(
    CommunityClosure, name="CommunityClosure", description="A community's scheduled deletion."
)
class CommunityClosureType:
    community_name: str = strawberry_django.field(description="The community, as named then.")
    due_at: datetime = strawberry_django.field(description="Deleted after this moment.")
    cancelled_at: datetime | None = strawberry_django.field(description="When it was called off.")
    deleted_at: datetime | None = strawberry_django.field(description="When it was deleted.")


DataExportPayload = payload(
    "DataExportPayload", PrivacyError, export=(DataExportType, "The export, being prepared.")
)
ErasurePayload = payload(
    "ErasurePayload",
    PrivacyError,
    pseudonym=(str, "The name others now see in your place, e.g. 已注销用户 #A1B2C3."),
)
ClosurePayload = payload(
    "ClosurePayload", PrivacyError, closure=(CommunityClosureType, "The deletion as it stands.")
)


def _community_by_slug(slug: str):
    from commonweal.tenants.models import Community

    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise DomainError(
            PrivacyErrorCode.NOT_FOUND, _("No community with this code."), field="slug"
        )
    return community


# --- platform endpoint ------------------------------------------------------------------


@strawberry.type
class PlatformPrivacyQuery:
    @strawberry_django.field(
        description="Your prepared downloads of your data, newest first (kept 7 days).",
        extensions=[IsSignedIn()],
    )
    def my_data_exports(self, info: Info) -> list[DataExportType]:
        return list(exports.exports_of(info.context.request.user))


@strawberry.type
class PlatformPrivacyMutation:
    @mutation(
        DataExportPayload,
        allow=SIGNED_IN,
        description="下载我的数据: prepare a zip of everything the platform holds about you, in"
        " every community; `myDataExports` gives its link when ready.",
    )
    def request_my_data_export(self, info: Info) -> DataExportPayload:
        return DataExportPayload(export=exports.export_request(user=caller(info).user))

    @mutation(
        ErasurePayload,
        allow=SIGNED_IN,
        description="注销并删除个人信息: close your account and anonymise your personal data in"
        " every community. Donations, points and votes stay, under a pseudonym. Cannot be undone.",
    )
    def erase_my_account(
        self, info: Info, password: Annotated[str, arg("Your current password, to confirm.")]
    ) -> ErasurePayload:
        who = caller(info)
        done = erasure.person_erase(user=who.user, password=password)
        logout(who.request)
        return ErasurePayload(pseudonym=done.pseudonym)

    @mutation(
        ClosurePayload,
        allow=PLATFORM_ADMIN,
        description="Schedule a community's deletion after a grace period; its pages say it is"
        " closing meanwhile.",
    )
    def schedule_community_deletion(
        self,
        info: Info,
        slug: Annotated[str, arg("The community's code (its sub-domain).")],
        reason: Annotated[str, arg("Why, as members will read it.")] = "",
        grace_days: Annotated[int, arg("Days before deletion (at least 7).")] = 30,
    ) -> ClosurePayload:
        closure = closures.closure_schedule(
            actor=caller(info).user,
            community=_community_by_slug(slug),
            reason=reason,
            grace_days=grace_days,
        )
        return ClosurePayload(closure=closure)

    @mutation(
        ClosurePayload,
        allow=PLATFORM_ADMIN,
        description="Call off a community's scheduled deletion.",
    )
    def cancel_community_deletion(
        self, info: Info, slug: Annotated[str, arg("The community's code (its sub-domain).")]
    ) -> ClosurePayload:
        closure = closures.closure_cancel(
            actor=caller(info).user, community=_community_by_slug(slug)
        )
        return ClosurePayload(closure=closure)


# --- community endpoint -----------------------------------------------------------------


@strawberry.type
class CommunityPrivacyQuery:
    @strawberry_django.field(
        description="This community's prepared exports you asked for (admins; kept 7 days).",
        extensions=[HasRole(Role.ADMIN)],
    )
    def community_exports(self, info: Info) -> list[DataExportType]:
        request = info.context.request
        return list(exports.exports_of(request.user, community=request.tenant))

    @strawberry.field(description="When this community is to be deleted; null if it is not.")
    def closing_after(self, info: Info) -> datetime | None:
        closure = closures.pending_closure(getattr(info.context.request, "tenant", None))
        return closure.due_at if closure else None


@strawberry.type
class CommunityPrivacyMutation:
    @mutation(
        DataExportPayload,
        allow=ADMINS,
        description="Prepare a zip of every table of this community (CSV and JSON);"
        " `communityExports` gives its link when ready.",
    )
    def request_community_export(self, info: Info) -> DataExportPayload:
        who = caller(info)
        return DataExportPayload(
            export=exports.export_request(user=who.user, community=who.community)
        )
