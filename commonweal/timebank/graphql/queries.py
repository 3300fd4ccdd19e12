"""Reads of the time bank on the community endpoint (and certificate checks on both)."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from commonweal.platform.kernel.errors import NotFound
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import arg
from commonweal.platform.kernel.graphql.permissions import HasRole, IsSignedIn
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role
from commonweal.timebank import points, selectors
from commonweal.timebank.error_codes import TimebankErrorCode
from commonweal.timebank.graphql.types import (
    CertificateVerification,
    CheckInCodeType,
    ExchangeBalance,
    ExchangeMerchant,
    ExchangeMonth,
    ExchangeTeam,
    LeaderboardRow,
    MerchantRedemptionType,
    MyVolunteer,
    OfferType,
    PointsMovement,
    TaskType,
    TeamType,
)
from commonweal.timebank.models import Offer, Redemption, Task, Team, VolunteerProfile
from commonweal.timebank.roles import PUBLISHERS
from commonweal.timebank.services.certificates import certificate_verify
from commonweal.timebank.services.partners import represented_partnerships
from commonweal.timebank.services.tasks import access_task


def _request(info: Info):
    return info.context.request


def _verification(code: str) -> CertificateVerification | None:
    found = certificate_verify(code)
    if found is None:
        return None
    return CertificateVerification(
        community_name=found.community_name,
        name_masked=found.name_masked,
        organisation=found.organisation,
        hours=found.hours,
        tasks=found.tasks,
        period_from=found.period_from,
        period_to=found.period_to,
    )


@strawberry.type
class CertificateQuery:
    @strawberry.field(
        description="Verify a 志愿服务证明 by its code: what it certifies, or null if the code "
        "is not genuine."
    )
    def verify_service_certificate(
        self, code: Annotated[str, arg("The code printed on it.")]
    ) -> CertificateVerification | None:
        return _verification(code)


@strawberry.type
class TimebankQuery(CertificateQuery):
    @strawberry_django.connection(
        DjangoListConnection[TaskType],
        description="Open volunteer tasks, soonest first (or nearest first with a position).",
    )
    def volunteer_tasks(
        self,
        team_id: Annotated[
            relay.GlobalID | None, arg("Only tasks this team (or everyone) may join.")
        ] = None,
        near_lat: Annotated[
            float | None, arg("Your latitude (GCJ-02), to sort by distance.")
        ] = None,
        near_lng: Annotated[
            float | None, arg("Your longitude (GCJ-02), to sort by distance.")
        ] = None,
    ) -> Iterable[Task]:
        team_pk = None
        if team_id is not None:
            try:
                team_pk = pk_of(team_id, TeamType, TimebankErrorCode)
            except NotFound:
                return Task.objects.none()
        queryset = selectors.open_tasks(team_id=team_pk)
        if near_lat is not None and near_lng is not None:
            queryset = selectors.tasks_nearest(queryset, lat=near_lat, lng=near_lng)
        return queryset

    @strawberry_django.field(
        description="One task: public ones for everyone, drafts for their organisers."
    )
    def volunteer_task(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The task.")]
    ) -> TaskType | None:
        request = _request(info)
        try:
            return access_task(
                pk_of(id, TaskType, TimebankErrorCode),
                community=request.tenant,
                actor=request.user,
            )
        except NotFound:
            return None

    @strawberry_django.field(description="The community's volunteer teams.")
    def volunteer_teams(self) -> list[TeamType]:
        return selectors.teams()

    @strawberry_django.connection(
        DjangoListConnection[OfferType], description="What partners give for points today."
    )
    def redemption_offers(self) -> Iterable[Offer]:
        return selectors.active_offers()

    @strawberry.field(
        description="Your volunteer page; null until you register.", extensions=[IsSignedIn()]
    )
    def my_volunteer(self, info: Info) -> MyVolunteer | None:
        user = _request(info).user
        profile = VolunteerProfile.objects.select_related("team").filter(user_id=user.pk).first()
        if profile is None:
            return None
        history = [
            PointsMovement(
                kind=leg.entry.kind,
                amount=leg.amount,
                memo=leg.entry.memo,
                at=leg.entry.occurred_at,
            )
            for leg in points.history(user.pk)[:50]
        ]
        return MyVolunteer(
            real_name=profile.real_name,
            team=profile.team,
            skills=profile.skills,
            on_leaderboard=profile.on_leaderboard,
            balance=points.balance_of(user.pk),
            hours=Decimal(selectors.hours_of(user)),
            history=history,
            upcoming=list(selectors.my_sign_ups(user)),
            records=list(selectors.records_of(user)[:100]),
            redemptions=list(selectors.my_redemptions(user)[:50]),
        )

    @strawberry_django.connection(
        DjangoListConnection[TaskType],
        description="Tasks you may organise: all for the office, your own otherwise.",
        extensions=[HasRole(*PUBLISHERS)],
    )
    def organised_volunteer_tasks(self, info: Info) -> Iterable[Task]:
        request = _request(info)
        from commonweal.platform.accounts.selectors import roles_in_current_community

        roles = roles_in_current_community(request)
        queryset = Task.objects.all()
        if not roles & OFFICE_ROLES:
            partnerships = represented_partnerships(request.user).values("pk")
            queryset = queryset.filter(created_by_id=request.user.pk) | queryset.filter(
                partnership__in=partnerships
            )
        return selectors.with_taken(queryset.order_by("-starts_at", "-pk"))

    @strawberry.field(
        description="The check-in code on the organiser's screen now (organisers only).",
        extensions=[HasRole(*PUBLISHERS)],
    )
    def task_check_in_code(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The task.")]
    ) -> CheckInCodeType | None:
        from commonweal.timebank.services.checkins import code_for_screen

        request = _request(info)
        try:
            task = access_task(
                pk_of(id, TaskType, TimebankErrorCode),
                community=request.tenant,
                actor=request.user,
                organiser=True,
            )
        except NotFound:
            return None
        code, left = code_for_screen(task)
        return CheckInCodeType(
            code=code,
            url=request.build_absolute_uri(f"/timebank/check-in/{code}/"),
            seconds_left=left,
        )

    @strawberry_django.connection(
        DjangoListConnection[MerchantRedemptionType],
        description="Exchanges at the partners you represent.",
        extensions=[HasRole(Role.PARTNER_REPRESENTATIVE)],
    )
    def merchant_redemptions(self, info: Info) -> Iterable[Redemption]:
        ids = represented_partnerships(_request(info).user).values_list("pk", flat=True)
        return selectors.merchant_redemptions(ids)

    @strawberry.field(
        description="存取平衡: points issued, redeemed, held, expired and outstanding.",
        extensions=[HasRole(*OFFICE_ROLES)],
    )
    def exchange_balance(self) -> ExchangeBalance | None:
        return ExchangeBalance(
            months=[ExchangeMonth(**row) for row in selectors.balance_by_month()],
            teams=[ExchangeTeam(**row) for row in selectors.balance_by_team()],
            merchants=[ExchangeMerchant(**row) for row in selectors.balance_by_merchant()],
        )

    @strawberry.field(description="Volunteers who chose to be listed, by hours served.")
    def volunteer_leaderboard(self) -> list[LeaderboardRow]:
        from commonweal.timebank.models import TimebankSettings

        if not TimebankSettings.current().leaderboard_enabled:
            return []
        return [LeaderboardRow(**row) for row in selectors.leaderboard()]


__all__ = ["CertificateQuery", "Team", "TimebankQuery"]
