"""Thirty-five models shaped like what a community will own: partners, the welfare map, the
micro-fund ledger, the time bank and governance. Only their DDL matters to the benchmarks."""

# ruff: noqa: DJ008

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from commonweal.platform.kernel.references import platform_reference

USER = settings.AUTH_USER_MODEL


# --- partners ---------------------------------------------------------------------------


class PartnerKind(models.TextChoices):
    ENTERPRISE = "enterprise"
    INDIVIDUAL = "individual"
    WELFARE = "welfare"


class Partner(models.Model):
    kind = models.CharField(max_length=16, choices=PartnerKind.choices)
    name = models.CharField(max_length=120)
    credit_code = models.CharField(max_length=18, blank=True)
    introduction = models.TextField(blank=True)
    phone = models.CharField(max_length=11, blank=True)
    is_public = models.BooleanField(default=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    representative = platform_reference(USER, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="partner_credit_unique"
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"])]


class PartnerTag(models.Model):
    name = models.CharField(max_length=40, unique=True)


class PartnerTagging(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="taggings")
    tag = models.ForeignKey(PartnerTag, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "tag"], name="partner_tagging_unique")
        ]


class PartnerContact(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=60)
    role = models.CharField(max_length=60, blank=True)
    phone = models.CharField(max_length=11, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="partner_contact_reachable"
            )
        ]


class Resource(models.Model):
    """资源清单: what a partner offers."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=120)
    tier = models.CharField(max_length=10)  # 公益 / 低偿 / 市场
    price_fen = models.PositiveIntegerField(default=0)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(tier__in=["free", "low", "market"]), name="resource_tier_valid"
            ),
            models.CheckConstraint(
                condition=Q(tier="free", price_fen=0) | ~Q(tier="free"), name="resource_free_zero"
            ),
        ]
        indexes = [models.Index(fields=["tier", "-created_at"])]


class Need(models.Model):
    """需求清单: what residents ask for."""

    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    raised_by = platform_reference(USER, null=True, related_name="+")
    status = models.CharField(max_length=16, default="open")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"])]


class Match(models.Model):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="matches")
    score = models.DecimalField(max_digits=5, decimal_places=2)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["need", "resource"], name="match_unique"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="match_score"),
        ]


# --- welfare map ------------------------------------------------------------------------


class Grid(models.Model):
    """网格."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=60)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )


class GridAssignment(models.Model):
    grid = models.ForeignKey(Grid, on_delete=models.CASCADE, related_name="assignments")
    worker = platform_reference(USER, related_name="+")
    since = models.DateField()
    until = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                name="grid_assignment_dates",
            ),
            models.UniqueConstraint(
                fields=["grid", "worker"],
                condition=Q(until__isnull=True),
                name="grid_assignment_current_unique",
            ),
        ]


class Compound(models.Model):
    """小区/院落."""

    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="compounds")
    name = models.CharField(max_length=60)
    households = models.PositiveIntegerField(default=0)
    lat = models.FloatField()
    lng = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["grid", "name"], name="compound_name_unique"),
            models.CheckConstraint(
                condition=Q(lat__gte=-90, lat__lte=90, lng__gte=-180, lng__lte=180),
                name="compound_coordinates",
            ),
        ]
        indexes = [models.Index(fields=["lat", "lng"])]


class Building(models.Model):
    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="buildings")
    number = models.CharField(max_length=10)
    floors = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["compound", "number"], name="building_unique")
        ]


class Category(models.Model):
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=60)
    threshold_m = models.PositiveIntegerField(default=1000)


class ServicePoint(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="points")
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="points"
    )
    name = models.CharField(max_length=120)
    address = models.CharField(max_length=200)
    lat = models.FloatField()
    lng = models.FloatField()
    raw_lat = models.FloatField()
    raw_lng = models.FloatField()
    raw_system = models.CharField(max_length=8, default="gcj02")
    is_public = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(raw_system__in=["wgs84", "gcj02", "bd09"]), name="point_system"
            )
        ]
        indexes = [
            models.Index(fields=["category", "is_public"]),
            models.Index(fields=["lat", "lng"], name="point_position_idx"),
        ]


class OpeningHours(models.Model):
    point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField()
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="hours_weekday"),
            models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="hours_order"),
            models.UniqueConstraint(fields=["point", "weekday", "opens"], name="hours_unique"),
        ]


class CoverageThreshold(models.Model):
    category = models.OneToOneField(Category, on_delete=models.CASCADE, related_name="override")
    metres = models.PositiveIntegerField()
    note = models.CharField(max_length=200, blank=True)


# --- micro-fund -------------------------------------------------------------------------


class Account(models.Model):
    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=16)
    currency = models.CharField(max_length=3, default="CNY")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["asset", "liability", "income", "expense", "equity"]),
                name="account_kind",
            )
        ]


class Entry(models.Model):
    kind = models.CharField(max_length=20)
    external_id = models.CharField(max_length=80, null=True, blank=True, unique=True)
    memo = models.CharField(max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal"
    )
    posted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "-posted_at"])]


class Leg(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="legs")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="legs")
    amount_fen = models.BigIntegerField()
    currency = models.CharField(max_length=3, default="CNY")

    class Meta:
        constraints = [models.CheckConstraint(condition=~Q(amount_fen=0), name="leg_nonzero")]
        indexes = [models.Index(fields=["account", "entry"])]


class Project(models.Model):
    title = models.CharField(max_length=120)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="projects")
    goal_fen = models.PositiveBigIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=16, default="draft")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="project_dates")
        ]
        indexes = [models.Index(fields=["status", "starts_on"])]


class Donation(models.Model):
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="donations"
    )
    donor = platform_reference(
        USER,
        null=True,
        blank=True,
    )
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="donation")
    amount_fen = models.PositiveBigIntegerField()
    anonymous = models.BooleanField(default=False)
    received_at = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="donation_pos")]


class Grant(models.Model):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="grants")
    committed_fen = models.PositiveBigIntegerField()
    decided_at = models.DateTimeField()
    commitment = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="+")


class Disbursement(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="disbursements")
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="+")
    amount_fen = models.PositiveBigIntegerField()
    paid_at = models.DateTimeField()


class Statement(models.Model):
    month = models.DateField(unique=True)
    opening_fen = models.BigIntegerField()
    closing_fen = models.BigIntegerField()
    published_at = models.DateTimeField(null=True, blank=True)


# --- time bank --------------------------------------------------------------------------


class Volunteer(models.Model):
    user = platform_reference(USER, one_to_one=True, related_name="+")
    skills = models.CharField(max_length=200, blank=True)
    points = models.IntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(points__gte=0), name="volunteer_points")]


class Activity(models.Model):
    title = models.CharField(max_length=120)
    point = models.ForeignKey(
        ServicePoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    points_per_hour = models.PositiveSmallIntegerField(default=10)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="activity_times")
        ]
        indexes = [models.Index(fields=["starts_at"])]


class Shift(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="shifts")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    seats = models.PositiveSmallIntegerField()


class Signup(models.Model):
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="signups")
    attended = models.BooleanField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["shift", "volunteer"], name="signup_once")]


class PointsMovement(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="movements")
    signup = models.OneToOneField(
        Signup, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delta = models.IntegerField()
    reason = models.CharField(max_length=120)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=~Q(delta=0), name="movement_nonzero")]
        indexes = [models.Index(fields=["volunteer", "-at"])]


class Reward(models.Model):
    name = models.CharField(max_length=80, unique=True)
    cost_points = models.PositiveIntegerField()
    stock = models.PositiveIntegerField(default=0)
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="rewards"
    )


class Redemption(models.Model):
    reward = models.ForeignKey(Reward, on_delete=models.PROTECT, related_name="redemptions")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="redemptions")
    movement = models.OneToOneField(PointsMovement, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)


# --- governance -------------------------------------------------------------------------


class Meeting(models.Model):
    """联席会 / 坝坝会."""

    kind = models.CharField(max_length=16)
    title = models.CharField(max_length=120)
    held_at = models.DateTimeField()
    compound = models.ForeignKey(
        Compound, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    minutes = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["-held_at"])]


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    need = models.ForeignKey(Need, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position_unique")
        ]


class Vote(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    voter = platform_reference(USER, related_name="+")
    choice = models.CharField(max_length=8)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "voter"], name="vote_once"),
            models.CheckConstraint(
                condition=Q(choice__in=["yes", "no", "abstain"]), name="vote_choice"
            ),
        ]


class HazardReport(models.Model):
    """安全隐患随手报."""

    reporter = platform_reference(USER, null=True, related_name="+")
    grid = models.ForeignKey(Grid, null=True, blank=True, on_delete=models.SET_NULL)
    description = models.TextField()
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=16, default="new")
    reported_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(resolved_at__gte=F("reported_at")),
                name="hazard_resolution_after_report",
            )
        ]
        indexes = [models.Index(fields=["status", "-reported_at"])]


class HazardComment(models.Model):
    report = models.ForeignKey(HazardReport, on_delete=models.CASCADE, related_name="comments")
    author = platform_reference(USER, null=True, related_name="+")
    body = models.TextField()
    at = models.DateTimeField(auto_now_add=True)
