"""Writes of the time bank: thin resolvers, each calling one service."""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import (
    MEMBERS,
    OFFICE,
    arg,
    caller,
    mutation,
    payload,
    roles,
)
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.error_codes import not_found
from commonweal.timebank.graphql.types import (
    CertificateType,
    CheckInResult,
    MyRedemptionType,
    OfferType,
    SignUpType,
    TaskCategoryEnum,
    TaskType,
    TeamType,
    TimebankError,
)
from commonweal.timebank.models import Offer, Task
from commonweal.timebank.roles import PUBLISHERS
from commonweal.timebank.services import (
    certificates,
    checkins,
    offers,
    redemptions,
    series,
    signups,
    tasks,
    volunteers,
)

ORGANISERS = roles(*PUBLISHERS)
VOLUNTEERS = roles(Role.VOLUNTEER)
MERCHANTS = roles(Role.PARTNER_REPRESENTATIVE, *OFFICE_ROLES)

TaskPayload = payload("VolunteerTaskPayload", TimebankError, task=(TaskType, "The task."))
TeamPayload = payload("VolunteerTeamPayload", TimebankError, team=(TeamType, "The team."))
VolunteerPayload = payload(
    "RegisterVolunteerPayload",
    TimebankError,
    team=(TeamType, "Your team, if any."),
    registered=(bool, "True once you are a volunteer."),
)
ProfilePayload = payload(
    "UpdateMyVolunteerPayload",
    TimebankError,
    team=(TeamType, "Your team, if any."),
    skills=(list[str], "Your skills as kept."),
    on_leaderboard=(bool, "Whether you are listed on the leaderboard."),
)
SeriesStopPayload = payload(
    "StopTaskSeriesPayload",
    TimebankError,
    cancelled=(list[TaskType], "The days not yet started, now cancelled."),
)
SignUpPayload = payload("TaskSignUpPayload", TimebankError, sign_up=(SignUpType, "The sign-up."))
CheckInPayload = payload(
    "CheckInPayload", TimebankError, result=(CheckInResult, "What it credited.")
)
OfferPayload = payload("RedemptionOfferPayload", TimebankError, offer=(OfferType, "The offer."))
RedemptionPayload = payload(
    "RedemptionPayload", TimebankError, redemption=(MyRedemptionType, "The exchange.")
)
VerifyPayload = payload(
    "VerifyRedemptionPayload",
    TimebankError,
    item=(str, "What to hand over."),
    points=(int, "Points exchanged."),
)
SeriesPayload = payload(
    "RecurringTaskPayload", TimebankError, tasks=(list[TaskType], "Occurrences made now.")
)
CertificatePayload = payload(
    "ServiceCertificatePayload", TimebankError, certificate=(CertificateType, "The certificate.")
)


def _task(id) -> Task:
    task = Task.objects.filter(pk=pk_of(id, TaskType, E)).first()
    if task is None:
        raise not_found()
    return task


@strawberry.input(description="A volunteer task as its publisher writes it.")
class TaskInput:
    title: str = strawberry.field(description="Title.")
    place_name: str = strawberry.field(description="Where it happens.")
    slots: int = strawberry.field(description="How many volunteers it takes.")
    hours: Decimal = strawberry.field(description="Service hours credited (0–24).")
    category: TaskCategoryEnum = strawberry.field(description="Kind of task.")
    description: str = strawberry.field(default="", description="What volunteers will do.")
    points: int | None = strawberry.field(
        default=None, description="Points; null: the community's default (50)."
    )
    what_to_bring: str = strawberry.field(default="", description="What to bring.")
    lat: float | None = strawberry.field(default=None, description="Latitude (GCJ-02).")
    lng: float | None = strawberry.field(default=None, description="Longitude (GCJ-02).")
    geofence_metres: int | None = strawberry.field(
        default=None, description="Check in only within this distance (20–5,000 m)."
    )
    team_ids: list[relay.GlobalID] = strawberry.field(
        default_factory=list, description="Teams that may sign up; empty: everyone."
    )
    partnership_id: strawberry.ID | None = strawberry.field(
        default=None, description="Publish for this partner (representatives)."
    )


def _fields(task: TaskInput) -> dict:
    return {
        "title": task.title,
        "place_name": task.place_name,
        "slots": task.slots,
        "hours": task.hours,
        "category": task.category.value if task.category else None,
        "description": task.description,
        "points": task.points,
        "what_to_bring": task.what_to_bring,
        "lat": task.lat,
        "lng": task.lng,
        "geofence_metres": task.geofence_metres,
        "team_ids": [pk_of(t, TeamType, E) for t in task.team_ids],
        "partnership_id": int(task.partnership_id) if task.partnership_id else None,
    }


@strawberry.type
class TimebankMutation:
    @mutation(
        VolunteerPayload,
        allow=MEMBERS,
        description="一键注册: a member of the community becomes one of its volunteers.",
    )
    def register_volunteer(
        self,
        info: Info,
        real_name: Annotated[str, arg("Your real name; private, printed on certificates.")] = "",
        team_id: Annotated[relay.GlobalID | None, arg("The team you join.")] = None,
        skills: Annotated[list[str] | None, arg("Your skills.")] = None,
        on_leaderboard: Annotated[bool, arg("Be listed on the leaderboard.")] = False,
    ) -> VolunteerPayload:
        who = caller(info)
        profile = volunteers.volunteer_register(
            community=who.community,
            actor=who.user,
            real_name=real_name,
            team_id=pk_of(team_id, TeamType, E) if team_id else None,
            skills=skills or [],
            on_leaderboard=on_leaderboard,
        )
        return VolunteerPayload(team=profile.team, registered=True)

    @mutation(
        ProfilePayload,
        allow=MEMBERS,
        description="Change your volunteer details; what you leave out stays as it is.",
    )
    def update_my_volunteer(
        self,
        info: Info,
        real_name: Annotated[str | None, arg("Your real name; private.")] = None,
        team_id: Annotated[relay.GlobalID | None, arg("The team you move to.")] = None,
        skills: Annotated[list[str] | None, arg("Your skills (replaces the list).")] = None,
        on_leaderboard: Annotated[bool | None, arg("Be listed on the leaderboard.")] = None,
    ) -> ProfilePayload:
        profile = volunteers.volunteer_update(
            actor=caller(info).user,
            real_name=real_name,
            team_id=pk_of(team_id, TeamType, E) if team_id else None,
            skills=skills,
            on_leaderboard=on_leaderboard,
        )
        return ProfilePayload(
            team=profile.team, skills=profile.skills, on_leaderboard=profile.on_leaderboard
        )

    @mutation(TeamPayload, allow=OFFICE, description="Create a volunteer team (志愿服务队).")
    def create_volunteer_team(
        self,
        info: Info,
        name: Annotated[str, arg("Name, e.g. 督院雏鹰.")],
        description: Annotated[str, arg("What the team does.")] = "",
    ) -> TeamPayload:
        who = caller(info)
        return TeamPayload(
            team=volunteers.team_create(actor=who.user, name=name, description=description)
        )

    @mutation(TaskPayload, allow=ORGANISERS, description="Create a volunteer task.")
    def create_volunteer_task(
        self,
        info: Info,
        input: Annotated[TaskInput, arg("The task.")],
        starts_at: Annotated[datetime, arg("Start.")],
        ends_at: Annotated[datetime, arg("End.")],
        publish: Annotated[bool, arg("Publish now rather than keep a draft.")] = False,
    ) -> TaskPayload:
        who = caller(info)
        task = tasks.task_create(
            community=who.community,
            actor=who.user,
            starts_at=starts_at,
            ends_at=ends_at,
            publish=publish,
            **_fields(input),
        )
        return TaskPayload(task=task)

    @mutation(SeriesPayload, allow=ORGANISERS, description="A task that recurs every week.")
    def create_recurring_volunteer_task(
        self,
        info: Info,
        input: Annotated[TaskInput, arg("The task each time.")],
        weekdays: Annotated[list[int], arg("Weekdays, 0 = Monday … 6 = Sunday.")],
        start_time: Annotated[time, arg("Start time each day.")],
        end_time: Annotated[time, arg("End time each day.")],
        first_day: Annotated[date, arg("First day.")],
        last_day: Annotated[date | None, arg("Last day; null: until stopped.")] = None,
    ) -> SeriesPayload:
        who = caller(info)
        made = series.series_create(
            community=who.community,
            actor=who.user,
            weekdays=weekdays,
            start_time=start_time,
            end_time=end_time,
            first_day=first_day,
            last_day=last_day,
            **_fields(input),
        )
        return SeriesPayload(tasks=list(made.tasks.order_by("starts_at")))

    @mutation(TaskPayload, allow=ORGANISERS, description="Publish a draft task.")
    def publish_volunteer_task(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The task.")]
    ) -> TaskPayload:
        who = caller(info)
        return TaskPayload(
            task=tasks.task_publish(community=who.community, actor=who.user, task=_task(id))
        )

    @mutation(TaskPayload, allow=ORGANISERS, description="Mark a task completed.")
    def complete_volunteer_task(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The task.")],
        note: Annotated[str, arg("A note for the record.")] = "",
    ) -> TaskPayload:
        who = caller(info)
        task = tasks.task_complete(
            community=who.community, actor=who.user, task=_task(id), note=note
        )
        return TaskPayload(task=task)

    @mutation(TaskPayload, allow=ORGANISERS, description="Cancel a task; its volunteers are told.")
    def cancel_volunteer_task(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The task.")],
        reason: Annotated[str, arg("Why, as volunteers will read it.")],
    ) -> TaskPayload:
        who = caller(info)
        task = tasks.task_cancel(
            community=who.community, actor=who.user, task=_task(id), reason=reason
        )
        return TaskPayload(task=task)

    @mutation(
        SeriesStopPayload,
        allow=ORGANISERS,
        description="Stop a weekly task: no more days are made; days not yet started are "
        "cancelled and their volunteers told.",
    )
    def stop_task_series(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("Any day (task) of the weekly task.")],
        reason: Annotated[str, arg("Why, as volunteers will read it.")],
    ) -> SeriesStopPayload:
        who = caller(info)
        task = _task(id)
        if task.series_id is None:
            raise not_found()
        return SeriesStopPayload(
            cancelled=series.series_stop(
                community=who.community, actor=who.user, series=task.series, reason=reason
            )
        )

    @mutation(SignUpPayload, allow=VOLUNTEERS, description="一键参与: sign up for a task.")
    def sign_up_for_task(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The task.")]
    ) -> SignUpPayload:
        who = caller(info)
        return SignUpPayload(
            sign_up=signups.sign_up(community=who.community, actor=who.user, task=_task(id))
        )

    @mutation(SignUpPayload, allow=VOLUNTEERS, description="Cancel your sign-up before the start.")
    def cancel_task_sign_up(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The task.")]
    ) -> SignUpPayload:
        who = caller(info)
        sign = signups.sign_up_cancel(community=who.community, actor=who.user, task=_task(id))
        return SignUpPayload(sign_up=sign)

    @mutation(CheckInPayload, allow=VOLUNTEERS, description="Check in with the scanned code.")
    def check_in(
        self,
        info: Info,
        code: Annotated[str, arg("The code from the organiser's screen.")],
        lat: Annotated[
            float | None, arg("Your latitude (WGS-84, as browsers give it), when the task asks.")
        ] = None,
        lng: Annotated[float | None, arg("Your longitude (WGS-84), when the task asks.")] = None,
    ) -> CheckInPayload:
        who = caller(info)
        arrival = checkins.check_in(
            community=who.community, actor=who.user, code=code, lat=lat, lng=lng
        )
        return CheckInPayload(result=_result(arrival))

    @mutation(CheckInPayload, allow=VOLUNTEERS, description="Check out with the scanned code.")
    def check_out(
        self, info: Info, code: Annotated[str, arg("The code from the organiser's screen.")]
    ) -> CheckInPayload:
        who = caller(info)
        found = checkins.check_out(community=who.community, actor=who.user, code=code)
        record = found.task.service_records.filter(volunteer_id=who.user.pk).first()
        return CheckInPayload(
            result=CheckInResult(
                task=found.task,
                method=found.method,
                points=record.points if record else 0,
                hours=record.hours if record else Decimal(0),
                credited_now=False,
                checked_out_at=found.checked_out_at,
            )
        )

    @mutation(
        CheckInPayload,
        allow=ORGANISERS,
        description="代签到: check in a volunteer without a phone.",
    )
    def check_in_on_behalf(
        self,
        info: Info,
        task_id: Annotated[relay.GlobalID, arg("The task.")],
        volunteer_id: Annotated[strawberry.ID, arg("The volunteer's user id.")],
    ) -> CheckInPayload:
        from commonweal.platform.accounts.models import User

        who = caller(info)
        volunteer = User.objects.filter(
            pk=volunteer_id if str(volunteer_id).isdigit() else 0
        ).first()
        if volunteer is None:
            raise not_found()
        arrival = checkins.proxy_check_in(
            community=who.community, actor=who.user, task=_task(task_id), volunteer=volunteer
        )
        return CheckInPayload(result=_result(arrival))

    @mutation(OfferPayload, allow=MERCHANTS, description="Offer an item or service for points.")
    def create_redemption_offer(
        self,
        info: Info,
        partnership_id: Annotated[strawberry.ID, arg("The partner making the offer.")],
        item: Annotated[str, arg("The item or service, e.g. 义剪一次.")],
        price: Annotated[int, arg("Price in points.")],
        stock: Annotated[int, arg("How many are offered.")],
        valid_from: Annotated[date, arg("First day.")],
        valid_until: Annotated[date, arg("Last day.")],
        description: Annotated[str, arg("Details.")] = "",
        per_person_limit: Annotated[int | None, arg("At most this many per volunteer.")] = None,
    ) -> OfferPayload:
        who = caller(info)
        offer = offers.offer_create(
            community=who.community,
            actor=who.user,
            partnership_id=int(partnership_id) if str(partnership_id).isdigit() else 0,
            item=item,
            price=price,
            stock=stock,
            valid_from=valid_from,
            valid_until=valid_until,
            description=description,
            per_person_limit=per_person_limit,
        )
        return OfferPayload(offer=offer)

    @mutation(OfferPayload, allow=MERCHANTS, description="Stop offering an item.")
    def withdraw_redemption_offer(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The offer.")]
    ) -> OfferPayload:
        who = caller(info)
        offer = offers.access_offer_to_manage(who.community, who.user, pk_of(id, OfferType, E))
        return OfferPayload(
            offer=offers.offer_withdraw(community=who.community, actor=who.user, offer=offer)
        )

    @mutation(RedemptionPayload, allow=VOLUNTEERS, description="积分兑换: redeem an offer.")
    def redeem_offer(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The offer.")]
    ) -> RedemptionPayload:
        who = caller(info)
        offer = Offer.objects.filter(pk=pk_of(id, OfferType, E)).first() or _missing()
        return RedemptionPayload(
            redemption=redemptions.redeem(community=who.community, actor=who.user, offer=offer)
        )

    @mutation(RedemptionPayload, allow=VOLUNTEERS, description="Cancel a waiting exchange.")
    def cancel_redemption(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The exchange.")]
    ) -> RedemptionPayload:
        who = caller(info)
        redemption = redemptions.access_my_redemption(who.user, pk_of(id, MyRedemptionType, E))
        return RedemptionPayload(
            redemption=redemptions.redemption_cancel(
                community=who.community, actor=who.user, redemption=redemption
            )
        )

    @mutation(
        VerifyPayload,
        allow=roles(Role.PARTNER_REPRESENTATIVE),
        description="The merchant's staff confirm a volunteer's code; the exchange completes.",
    )
    def verify_redemption(
        self, info: Info, code: Annotated[str, arg("The six digits the volunteer shows.")]
    ) -> VerifyPayload:
        who = caller(info)
        redemption = redemptions.verify(community=who.community, actor=who.user, code=code)
        return VerifyPayload(item=redemption.offer.item, points=redemption.points)

    @mutation(CertificatePayload, allow=VOLUNTEERS, description="Issue your 志愿服务证明.")
    def issue_service_certificate(
        self,
        info: Info,
        period_from: Annotated[date | None, arg("First day; null: your first service.")] = None,
        period_to: Annotated[date | None, arg("Last day; null: your latest service.")] = None,
    ) -> CertificatePayload:
        who = caller(info)
        made = certificates.certificate_issue(
            community=who.community, actor=who.user, period_from=period_from, period_to=period_to
        )
        code = certificates.verification_code(who.community, made)
        return CertificatePayload(
            certificate=CertificateType(
                real_name=made.real_name,
                organisation=made.organisation,
                hours=made.hours,
                tasks=made.tasks,
                period_from=made.period_from,
                period_to=made.period_to,
                verification_code=code,
                url=f"/timebank/certificates/{made.pk}/",
            )
        )


def _missing():
    raise not_found()


def _result(arrival) -> CheckInResult:
    return CheckInResult(
        task=arrival.check_in.task,
        method=arrival.check_in.method,
        points=arrival.record.points,
        hours=arrival.record.hours,
        credited_now=arrival.credited,
        checked_out_at=arrival.check_in.checked_out_at,
    )
