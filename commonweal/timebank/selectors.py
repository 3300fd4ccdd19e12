"""Reads of the time bank, already scoped to who asks."""

from collections import defaultdict
from datetime import date

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from commonweal.ledger.models import Account, Leg
from commonweal.timebank import points
from commonweal.timebank.models import (
    Offer,
    OfferStatus,
    Redemption,
    RedemptionStatus,
    ServiceRecord,
    SignUp,
    SignUpStatus,
    Task,
    TaskStatus,
    Team,
    VolunteerProfile,
)
from commonweal.timebank.models.volunteers import wallet_code


def with_taken(queryset: QuerySet[Task]) -> QuerySet[Task]:
    """Adds `taken`: active sign-ups, one subquery whatever the number of tasks."""
    taken = (
        SignUp.objects.filter(task=OuterRef("pk"), status=SignUpStatus.ACTIVE)
        .order_by()
        .values("task")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return queryset.annotate(taken=Coalesce(Subquery(taken, output_field=IntegerField()), 0))


def open_tasks(*, team_id=None, now=None) -> QuerySet[Task]:
    """Published and running tasks not yet over: what volunteers browse. With `team_id`,
    only tasks that team (or everyone) may join."""
    now = now or timezone.now()
    queryset = Task.objects.filter(
        status__in=[TaskStatus.PUBLISHED, TaskStatus.IN_PROGRESS], ends_at__gt=now
    )
    if team_id is not None:
        queryset = queryset.filter(Q(eligible_teams__isnull=True) | Q(eligible_teams=team_id))
    return with_taken(queryset.distinct().order_by("starts_at", "pk"))


def tasks_nearest(queryset: QuerySet[Task], *, lat: float, lng: float) -> QuerySet[Task]:
    """Order by distance from (lat, lng), tasks without a place last (earthdistance)."""
    from django.db.models.expressions import RawSQL

    distance = RawSQL(
        "earth_distance(ll_to_earth(%s, %s), ll_to_earth(timebank_task.lat, timebank_task.lng))",
        (lat, lng),
    )
    return queryset.annotate(distance_m=distance).order_by(
        F("distance_m").asc(nulls_last=True), "starts_at", "pk"
    )


def my_sign_ups(user, *, upcoming=True, now=None) -> QuerySet[SignUp]:
    now = now or timezone.now()
    queryset = SignUp.objects.filter(volunteer_id=user.pk, status=SignUpStatus.ACTIVE)
    if upcoming:
        queryset = queryset.filter(
            task__ends_at__gt=now, task__status__in=[TaskStatus.PUBLISHED, TaskStatus.IN_PROGRESS]
        )
    return queryset.select_related("task").order_by("task__starts_at", "pk")


def records_of(user) -> QuerySet[ServiceRecord]:
    return ServiceRecord.objects.filter(volunteer_id=user.pk).select_related("task")


def hours_of(user):
    return records_of(user).aggregate(h=Sum("hours"))["h"] or 0


def active_offers(today: date | None = None) -> QuerySet[Offer]:
    today = today or timezone.localdate()
    return (
        Offer.objects.filter(
            status=OfferStatus.ACTIVE, valid_from__lte=today, valid_until__gte=today
        )
        .select_related("partnership__organisation")
        .order_by("price", "pk")
    )


def my_redemptions(user) -> QuerySet[Redemption]:
    return (
        Redemption.objects.filter(volunteer_id=user.pk)
        .select_related("offer__partnership__organisation")
        .order_by("-created_at", "-pk")
    )


def merchant_redemptions(partnership_ids) -> QuerySet[Redemption]:
    return (
        Redemption.objects.filter(offer__partnership_id__in=list(partnership_ids))
        .select_related("offer")
        .order_by("-created_at", "-pk")
    )


# --- 存取平衡: the exchange's balance --------------------------------------------------------

FLOWS = ("issued", "redeemed", "held", "expired")


def _ledger_legs():
    return Leg.objects.filter(account__code__startswith="timebank:")


def balance_by_month() -> list[dict]:
    """Per month: points issued, redeemed, expired, held at the month's end and outstanding
    (issued so far less redeemed and expired: what volunteers hold or have on hold). One
    grouped query over the legs."""
    rows = (
        _ledger_legs()
        .filter(account__kind__in=["tb_issued", "tb_held"])
        .annotate(month=TruncMonth("entry__occurred_at"))
        .values("month", "entry__kind", "account__kind")
        .annotate(total=Sum("amount"))
        .order_by("month")
    )
    months: dict = defaultdict(lambda: dict.fromkeys(FLOWS, 0))
    for row in rows:
        month, kind, account_kind, total = (
            row["month"].date(),
            row["entry__kind"],
            row["account__kind"],
            row["total"],
        )
        figures = months[month]
        if account_kind == "tb_issued" and kind == points.KIND_AWARD:
            figures["issued"] += -total
        elif account_kind == "tb_held":
            figures["held"] += total  # net change of what is on hold
            if kind == points.KIND_REDEEM:
                figures["redeemed"] += -total
    expired = (
        _ledger_legs()
        .filter(account__kind="tb_expired")
        .annotate(month=TruncMonth("entry__occurred_at"))
        .values("month")
        .annotate(total=Sum("amount"))
    )
    for row in expired:
        months[row["month"].date()]["expired"] += row["total"]
    result, held, outstanding = [], 0, 0
    for month in sorted(months):
        figures = months[month]
        held += figures["held"]
        outstanding += figures["issued"] - figures["redeemed"] - figures["expired"]
        result.append({"month": month, **figures, "held": held, "outstanding": outstanding})
    return result


def balance_by_team() -> list[dict]:
    """Per team: points issued to its volunteers, spent (held or redeemed), expired, and
    what they hold now."""
    wallet_of_team = {
        wallet_code(user_id): team
        for user_id, team in VolunteerProfile.objects.values_list("user_id", "team__name")
    }
    rows = (
        _ledger_legs()
        .filter(account__kind="tb_wallet")
        .values("account__code", "entry__kind")
        .annotate(total=Sum("amount"))
    )
    teams: dict = defaultdict(lambda: {"issued": 0, "spent": 0, "expired": 0, "balance": 0})
    for row in rows:
        team = wallet_of_team.get(row["account__code"]) or ""
        figures, kind, total = teams[team], row["entry__kind"], row["total"]
        figures["balance"] += total
        if kind == points.KIND_AWARD:
            figures["issued"] += total
        elif kind in (points.KIND_HOLD, points.KIND_RETURN):
            figures["spent"] += -total
        elif kind == points.KIND_EXPIRE:
            figures["expired"] += -total
    return [{"team": name, **teams[name]} for name in sorted(teams)]


def balance_by_merchant() -> list[dict]:
    """Per partner: redemptions completed and waiting, and the points they took."""
    rows = (
        Redemption.objects.values("offer__partnership_id", "offer__partnership__organisation_id")
        .annotate(
            redeemed=Coalesce(Sum("points", filter=Q(status=RedemptionStatus.COMPLETED)), 0),
            held=Coalesce(Sum("points", filter=Q(status=RedemptionStatus.HELD)), 0),
            exchanges=Count("pk", filter=Q(status=RedemptionStatus.COMPLETED)),
        )
        .order_by("offer__partnership_id")
    )
    from commonweal.partners.registry.models import PartnerOrganisation

    rows = list(rows)
    names = dict(
        PartnerOrganisation.objects.filter(
            pk__in=[r["offer__partnership__organisation_id"] for r in rows]
        ).values_list("pk", "legal_name")
    )
    return [
        {
            "merchant": names.get(r["offer__partnership__organisation_id"], ""),
            "redeemed": r["redeemed"],
            "held": r["held"],
            "exchanges": r["exchanges"],
        }
        for r in rows
    ]


def leaderboard(limit: int = 20) -> list[dict]:
    """Volunteers who opted in, by hours served (points can be spent; hours stay)."""
    from commonweal.platform.accounts.models import User

    rows = list(
        ServiceRecord.objects.filter(
            volunteer_id__in=VolunteerProfile.objects.filter(on_leaderboard=True).values("user_id")
        )
        .values("volunteer_id")
        .annotate(hours=Sum("hours"), tasks=Count("pk"))
        .order_by("-hours", "volunteer_id")[:limit]
    )
    names = dict(
        User.objects.filter(pk__in=[r["volunteer_id"] for r in rows]).values_list(
            "pk", "display_name"
        )
    )
    teams = dict(
        VolunteerProfile.objects.filter(user_id__in=names).values_list("user_id", "team__name")
    )
    return [
        {
            "rank": i + 1,
            "name": names.get(r["volunteer_id"], ""),
            "team": teams.get(r["volunteer_id"]) or "",
            "hours": r["hours"],
            "tasks": r["tasks"],
        }
        for i, r in enumerate(rows)
    ]


def teams() -> QuerySet[Team]:
    return Team.objects.order_by("name", "pk")


def wallets() -> QuerySet[Account]:
    return Account.objects.filter(kind="tb_wallet")
