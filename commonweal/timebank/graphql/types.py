"""GraphQL types of the time bank: the volunteer's view, the merchant's and the office's."""

from datetime import date, datetime
from decimal import Decimal

import strawberry
import strawberry_django
from strawberry import relay

from commonweal.platform.kernel.graphql.errors import error_type
from commonweal.timebank.error_codes import TimebankErrorCode
from commonweal.timebank.models import (
    CheckInMethod,
    Offer,
    Redemption,
    RedemptionStatus,
    ServiceRecord,
    SignUp,
    SignUpStatus,
    Task,
    TaskCategory,
    TaskStatus,
    Team,
)

TimebankError = error_type(TimebankErrorCode, "TimebankError")
TaskCategoryEnum = strawberry.enum(
    TaskCategory, name="VolunteerTaskCategory", description="What kind of volunteering."
)
TaskStatusEnum = strawberry.enum(
    TaskStatus, name="VolunteerTaskStatus", description="Where a volunteer task stands."
)
SignUpStatusEnum = strawberry.enum(
    SignUpStatus, name="TaskSignUpStatus", description="Signed up or cancelled."
)
RedemptionStatusEnum = strawberry.enum(
    RedemptionStatus, name="RedemptionStatus", description="Where an exchange stands."
)
CheckInMethodEnum = strawberry.enum(
    CheckInMethod, name="CheckInMethod", description="Scanned, or checked in by the organiser."
)


@strawberry_django.type(Team, name="VolunteerTeam", description="志愿服务队: a volunteer team.")
class TeamType(relay.Node):
    name: str = strawberry_django.field(description="Name, e.g. 春熙嬢嬢.")
    description: str = strawberry_django.field(description="What the team does.")


@strawberry_django.type(Task, name="VolunteerTask", description="A volunteer task (志愿任务).")
class TaskType(relay.Node):
    title: str = strawberry_django.field(description="Title.")
    description: str = strawberry_django.field(description="What volunteers will do.")
    category: TaskCategoryEnum = strawberry_django.field(description="Kind of task.")
    place_name: str = strawberry_django.field(description="Where it happens.")
    lat: float | None = strawberry_django.field(description="Latitude of the place (GCJ-02).")
    lng: float | None = strawberry_django.field(description="Longitude of the place (GCJ-02).")
    geofence_metres: int | None = strawberry_django.field(
        description="Check-in only within this distance of the place; null: anywhere."
    )
    starts_at: datetime = strawberry_django.field(description="Start.")
    ends_at: datetime = strawberry_django.field(description="End.")
    slots: int = strawberry_django.field(description="How many volunteers it takes.")
    points: int = strawberry_django.field(description="Points credited at check-in.")
    hours: Decimal = strawberry_django.field(description="Service hours credited.")
    what_to_bring: str = strawberry_django.field(description="What to bring.")
    status: TaskStatusEnum = strawberry_django.field(description="Where it stands.")
    status_reason: str = strawberry_django.field(description="Why it was last moved, if said.")
    eligible_teams: list[TeamType] = strawberry_django.field(
        description="Teams that may sign up; empty: everyone."
    )

    @strawberry_django.field(
        only=["slots"], description="Slots still free (counted in the same query as the list)."
    )
    def slots_left(self) -> int:
        taken = getattr(self, "taken", None)
        if taken is None:
            taken = self.sign_ups.filter(status=SignUpStatus.ACTIVE).count()
        return max(0, self.slots - taken)


@strawberry_django.type(SignUp, name="TaskSignUp", description="Your sign-up for a task.")
class SignUpType(relay.Node):
    task: TaskType = strawberry_django.field(description="The task.")
    status: SignUpStatusEnum = strawberry_django.field(description="Signed up or cancelled.")
    signed_up_at: datetime = strawberry_django.field(description="When.")


@strawberry_django.type(
    ServiceRecord, name="ServiceRecord", description="志愿服务记录: hours credited for a task."
)
class ServiceRecordType(relay.Node):
    task: TaskType = strawberry_django.field(description="The task served.")
    hours: Decimal = strawberry_django.field(description="Hours credited.")
    points: int = strawberry_django.field(description="Points credited with them.")
    served_on: date = strawberry_django.field(description="Day served.")


@strawberry_django.type(
    Offer, name="RedemptionOffer", description="What a partner gives for points."
)
class OfferType(relay.Node):
    item: str = strawberry_django.field(description="The item or service.")
    description: str = strawberry_django.field(description="Details.")
    price: int = strawberry_django.field(description="Price in points.")
    stock: int = strawberry_django.field(description="How many are left.")
    per_person_limit: int | None = strawberry_django.field(
        description="At most this many per volunteer; null: no limit."
    )
    valid_from: date = strawberry_django.field(description="First day.")
    valid_until: date = strawberry_django.field(description="Last day.")

    @strawberry_django.field(
        select_related=["partnership__organisation"], description="The merchant's name."
    )
    def merchant_name(self) -> str:
        return self.partnership.organisation.legal_name


@strawberry_django.type(
    Redemption, name="MyRedemption", description="Your exchange, with its one-time code."
)
class MyRedemptionType(relay.Node):
    offer: OfferType = strawberry_django.field(description="What you exchanged for.")
    points: int = strawberry_django.field(description="Points it costs.")
    code: str = strawberry_django.field(description="Six digits to show the merchant.")
    status: RedemptionStatusEnum = strawberry_django.field(description="Where it stands.")
    created_at: datetime = strawberry_django.field(description="When you redeemed.")
    expires_at: datetime = strawberry_django.field(description="When the code expires.")


@strawberry_django.type(
    Redemption,
    name="MerchantRedemption",
    description="An exchange at your shop (the code stays with the volunteer).",
)
class MerchantRedemptionType(relay.Node):
    offer: OfferType = strawberry_django.field(description="The offer.")
    points: int = strawberry_django.field(description="Points it costs.")
    status: RedemptionStatusEnum = strawberry_django.field(description="Where it stands.")
    created_at: datetime = strawberry_django.field(description="When it was redeemed.")
    settled_at: datetime | None = strawberry_django.field(description="When it was settled.")


@strawberry.type(name="PointsMovement", description="One line of a volunteer's points history.")
class PointsMovement:
    kind: str = strawberry.field(description="points_issued, points_held, points_returned…")
    amount: int = strawberry.field(description="Points in (+) or out (−).")
    memo: str = strawberry.field(description="What it was for.")
    at: datetime = strawberry.field(description="When.")


@strawberry.type(name="CheckInCode", description="The code on the organiser's screen now.")
class CheckInCodeType:
    code: str = strawberry.field(description="The signed code.")
    url: str = strawberry.field(description="What the QR code opens.")
    seconds_left: int = strawberry.field(description="Seconds until the next code.")


@strawberry.type(name="CheckInResult", description="What a check-in credited.")
class CheckInResult:
    task: TaskType = strawberry.field(description="The task.")
    method: CheckInMethodEnum = strawberry.field(description="Scanned or by the organiser.")
    points: int = strawberry.field(description="Points credited for the task.")
    hours: Decimal = strawberry.field(description="Hours credited for the task.")
    credited_now: bool = strawberry.field(
        description="False when this was a replay and nothing new was credited."
    )
    checked_out_at: datetime | None = strawberry.field(description="When checked out, if so.")


@strawberry.type(name="ServiceCertificate", description="志愿服务证明, as issued.")
class CertificateType:
    real_name: str = strawberry.field(description="Name on the certificate.")
    organisation: str = strawberry.field(description="Issuing organisation.")
    hours: Decimal = strawberry.field(description="Hours served in the period.")
    tasks: int = strawberry.field(description="Tasks served in the period.")
    period_from: date = strawberry.field(description="First day of the period.")
    period_to: date = strawberry.field(description="Last day of the period.")
    verification_code: str = strawberry.field(description="Anyone can verify it with this.")
    url: str = strawberry.field(description="The printable page.")


@strawberry.type(name="CertificateVerification", description="What a genuine code certifies.")
class CertificateVerification:
    community_name: str = strawberry.field(description="Community.")
    name_masked: str = strawberry.field(description="The volunteer's name, masked.")
    organisation: str = strawberry.field(description="Issuing organisation.")
    hours: Decimal = strawberry.field(description="Hours.")
    tasks: int = strawberry.field(description="Tasks.")
    period_from: date = strawberry.field(description="From.")
    period_to: date = strawberry.field(description="To.")


@strawberry.type(name="ExchangeMonth", description="存取平衡 of one month, in points.")
class ExchangeMonth:
    month: date = strawberry.field(description="First day of the month.")
    issued: int = strawberry.field(description="Issued to volunteers.")
    redeemed: int = strawberry.field(description="Exchanged at merchants.")
    expired: int = strawberry.field(description="Expired unused.")
    held: int = strawberry.field(description="On hold for waiting codes at the month's end.")
    outstanding: int = strawberry.field(description="Issued so far, not redeemed nor expired.")


@strawberry.type(name="ExchangeTeam", description="存取平衡 of one team.")
class ExchangeTeam:
    team: str = strawberry.field(description="Team name; empty: volunteers without a team.")
    issued: int = strawberry.field(description="Issued to its volunteers.")
    spent: int = strawberry.field(description="Spent (held or exchanged).")
    expired: int = strawberry.field(description="Expired.")
    balance: int = strawberry.field(description="What its volunteers hold now.")


@strawberry.type(name="ExchangeMerchant", description="存取平衡 of one merchant.")
class ExchangeMerchant:
    merchant: str = strawberry.field(description="Partner name.")
    redeemed: int = strawberry.field(description="Points taken in completed exchanges.")
    held: int = strawberry.field(description="Points of codes waiting at this merchant.")
    exchanges: int = strawberry.field(description="Completed exchanges.")


@strawberry.type(name="ExchangeBalance", description="存取平衡: the time bank's books.")
class ExchangeBalance:
    months: list[ExchangeMonth] = strawberry.field(description="Month by month.")
    teams: list[ExchangeTeam] = strawberry.field(description="Team by team.")
    merchants: list[ExchangeMerchant] = strawberry.field(description="Merchant by merchant.")


@strawberry.type(name="LeaderboardRow", description="A volunteer who chose to be listed.")
class LeaderboardRow:
    rank: int = strawberry.field(description="1 for the most hours.")
    name: str = strawberry.field(description="Display name.")
    team: str = strawberry.field(description="Team.")
    hours: Decimal = strawberry.field(description="Hours served.")
    tasks: int = strawberry.field(description="Tasks served.")


@strawberry.type(name="MyVolunteer", description="Your volunteer page.")
class MyVolunteer:
    real_name: str = strawberry.field(description="Your real name (private).")
    team: TeamType | None = strawberry.field(description="Your team.")
    skills: list[str] = strawberry.field(description="Your skills.")
    on_leaderboard: bool = strawberry.field(description="Listed on the leaderboard.")
    balance: int = strawberry.field(description="Points you can spend.")
    hours: Decimal = strawberry.field(description="Service hours so far.")
    history: list[PointsMovement] = strawberry.field(description="Latest 50 points movements.")
    upcoming: list[SignUpType] = strawberry.field(description="Tasks you signed up for.")
    records: list[ServiceRecordType] = strawberry.field(description="Hours credited, newest first.")
    redemptions: list[MyRedemptionType] = strawberry.field(description="Your exchanges.")
