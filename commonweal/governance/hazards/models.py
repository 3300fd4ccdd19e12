"""Grids (网格 → 微网格) and hazard reports (安全隐患随手报).

A report is routed to the innermost grid whose outline contains its point (holes excepted),
then handled level by level — grid worker → community → sub-district → department — each level
with a time limit in working hours. Its state moves only through the lifecycle's transition
table (`services/lifecycle.py`), and every move is recorded. The reporter is never public.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonweal.governance.hazards.geometry import PolygonField
from commonweal.governance.needs.models import Transition
from commonweal.platform.kernel.references import platform_reference


class Grid(models.Model):
    """网格, or 微网格 when it has a parent. `boundary` is the outline; `bbox`, a column
    PostgreSQL generates from it (see migration 0002), is what the GiST index prefilters."""

    name = models.CharField(_("name"), max_length=60)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="micro_grids",
        verbose_name=_("grid (for a micro-grid)"),
    )
    boundary = PolygonField(_("outline (GCJ-02)"))
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    covers = models.CharField(_("courtyards and buildings covered"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("drawn"), auto_now_add=True)

    class Meta:
        verbose_name = _("grid (网格)")
        verbose_name_plural = _("grids (网格)")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def is_micro(self) -> bool:
        return self.parent_id is not None


class GridHole(models.Model):
    """A part inside the outline that the grid does not cover (a courtyard of another grid,
    a school). Its boundary belongs to the hole."""

    grid = models.ForeignKey(Grid, on_delete=models.CASCADE, related_name="holes")
    ring = PolygonField(_("hole (GCJ-02)"))

    class Meta:
        verbose_name = _("grid hole")
        verbose_name_plural = _("grid holes")

    def __str__(self):
        return f"{self.grid_id}: hole {self.pk}"


class GridRole(models.TextChoices):
    LEADER = "leader", _("Grid leader (网格长)")
    WORKER = "worker", _("Grid worker (网格员)")


class GridMember(models.Model):
    grid = models.ForeignKey(Grid, on_delete=models.CASCADE, related_name="members")
    user = platform_reference(settings.AUTH_USER_MODEL, related_name="+")
    role = models.CharField(_("role"), max_length=8, choices=GridRole.choices)

    class Meta:
        verbose_name = _("grid member")
        verbose_name_plural = _("grid members")
        constraints = [
            models.UniqueConstraint(fields=["grid", "user"], name="one_grid_role_per_person")
        ]

    def __str__(self):
        return f"{self.grid_id}: {self.user_id} ({self.role})"


class Department(models.Model):
    """A body the community blows the whistle to (社区吹哨、部门报到): the sub-district office
    or a department (职能部门). It has no account: it answers through a signed link."""

    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("contact e-mail"))
    is_subdistrict = models.BooleanField(_("sub-district office (街道)"), default=False)
    categories = models.JSONField(_("hazards it handles"), default=list, blank=True)

    class Meta:
        verbose_name = _("department (职能部门)")
        verbose_name_plural = _("departments (职能部门)")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class HazardCategory(models.TextChoices):
    ROAD = "road", _("Broken road (道路破损)")
    FACILITY = "facility", _("Damaged facility (设施损坏)")
    GAS = "gas", _("Gas (燃气隐患)")
    FIRE_EXIT = "fire_exit", _("Blocked fire exit (消防通道堵塞)")
    EBIKE_INDOORS = "ebike_indoors", _("E-bike charging indoors (电动车入户充电)")
    FALLING_OBJECTS = "falling_objects", _("Falling objects (高空坠物)")
    ELECTRICITY = "electricity", _("Wiring (私拉乱接)")
    OTHER = "other", _("Other (其他)")


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted (待核实)")
    CONFIRMED = "confirmed", _("Confirmed (已核实)")
    IN_PROGRESS = "in_progress", _("Being handled (处置中)")
    REFERRED = "referred", _("Referred to a department (已转办)")
    FIXED = "fixed", _("Fixed (已整改)")
    UNABLE = "unable", _("Unable to fix (无法整改)")
    DUPLICATE = "duplicate", _("Duplicate (重复上报)")
    NOT_A_HAZARD = "not_a_hazard", _("Not a hazard (非隐患)")


class StateKind(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    FIXED = "fixed", _("Fixed")


S = ReportState
STATE_KINDS = {
    S.SUBMITTED: StateKind.OPEN,
    S.CONFIRMED: StateKind.OPEN,
    S.IN_PROGRESS: StateKind.OPEN,
    S.REFERRED: StateKind.OPEN,
    S.FIXED: StateKind.FIXED,
    S.UNABLE: StateKind.CLOSED,
    S.DUPLICATE: StateKind.CLOSED,
    S.NOT_A_HAZARD: StateKind.CLOSED,
}
OPEN_STATES = frozenset(s for s, kind in STATE_KINDS.items() if kind == StateKind.OPEN)


class Level(models.IntegerChoices):
    GRID = 1, _("Grid worker (网格员)")
    COMMUNITY = 2, _("Community (社区)")
    SUBDISTRICT = 3, _("Sub-district (街道)")
    DEPARTMENT = 4, _("Department (职能部门)")


class WarningLevel(models.IntegerChoices):
    NONE = 0, _("On time")
    YELLOW = 1, _("Yellow warning (黄色预警)")
    RED = 2, _("Red warning (红色预警)")


class HazardReport(models.Model):
    category = models.CharField(_("category"), max_length=16, choices=HazardCategory.choices)
    description = models.TextField(_("what is wrong"), max_length=1000)
    lat = models.FloatField(_("latitude (GCJ-02)"))
    lng = models.FloatField(_("longitude (GCJ-02)"))
    place = models.CharField(_("place"), max_length=80, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    # Never published; kept for anonymous reports too, so the reporter hears back and is rewarded.
    reporter = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    grid = models.ForeignKey(
        Grid, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    state = models.CharField(_("state"), max_length=16, choices=S.choices, default=S.SUBMITTED)
    state_changed_at = models.DateTimeField(_("state changed"))
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.GRID)
    # The SLA clock of the current level starts here (an escalation's exact due time).
    level_since = models.DateTimeField(_("at this level since"))
    warning = models.PositiveSmallIntegerField(
        _("warning"), choices=WarningLevel.choices, default=WarningLevel.NONE
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    me_too_count = models.PositiveIntegerField(_("“me too”"), default=0)
    created_at = models.DateTimeField(_("reported"), db_index=True)
    fixed_at = models.DateTimeField(_("fixed"), null=True, blank=True)
    # When the next warning or escalation of the current level falls due; null once closed
    # (see services/escalation.py). The job reads only rows whose time has come.
    next_due_at = models.DateTimeField(_("next step due"), null=True, blank=True)

    class Meta:
        verbose_name = _("hazard report (隐患随手报)")
        verbose_name_plural = _("hazard reports (隐患随手报)")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "level"]),
            models.Index(
                fields=["next_due_at"],
                condition=Q(next_due_at__isnull=False),
                name="hazard_report_next_due",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} · {self.place or self.pk}"

    @property
    def kind(self) -> str:
        return STATE_KINDS[self.state]

    def get_state_display(self) -> str:
        """The community's name for the state (pages, notifications, CSV, Open311)."""
        from commonweal.governance.hazards.states import state_name

        return state_name(self.state)

    @property
    def path(self) -> str:
        return f"/hazards/{self.pk}/"


class ReportTransition(Transition):
    statuses = ReportState
    report = models.ForeignKey(HazardReport, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        verbose_name = _("report transition")
        verbose_name_plural = _("report transitions")


class MeToo(models.Model):
    """“我也遇到”: another person confirms an open report instead of filing a new one."""

    report = models.ForeignKey(HazardReport, on_delete=models.CASCADE, related_name="me_too")
    user = platform_reference(settings.AUTH_USER_MODEL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="one_me_too_per_person")
        ]

    def __str__(self):
        return f"{self.report_id} ← {self.user_id}"


class Stage(models.TextChoices):
    YELLOW = "yellow", _("Yellow warning (黄色预警)")
    RED = "red", _("Red warning (红色预警)")
    ESCALATED = "escalated", _("Escalated (升级)")
    WHISTLE = "whistle", _("Whistle blown (吹哨)")


class Escalation(models.Model):
    """One step of the graded warning at one level; unique per report, level and stage, so a
    job that runs twice (or two workers at once) records and notifies it once."""

    report = models.ForeignKey(HazardReport, on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    stage = models.CharField(max_length=10, choices=Stage.choices)
    due_at = models.DateTimeField(_("due"))
    recorded_at = models.DateTimeField(_("recorded"))
    actor = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "level", "stage"], name="one_escalation_step_per_level"
            )
        ]

    def __str__(self):
        return f"{self.report_id}: {self.stage} at level {self.level}"


class CheckIn(models.Model):
    """报到: a department answered the report through its link; once per report and body."""

    report = models.ForeignKey(HazardReport, on_delete=models.CASCADE, related_name="check_ins")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("answer"), max_length=500, blank=True)
    at = models.DateTimeField(_("reported for duty"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "department"], name="one_check_in_per_body")
        ]

    def __str__(self):
        return f"{self.report_id}: {self.department_id} 报到"


class ReportReward(models.Model):
    """有奖举报: what a confirmed report earned its reporter (0 once the day's cap is reached)."""

    report = models.OneToOneField(HazardReport, on_delete=models.PROTECT, related_name="reward")
    user = platform_reference(settings.AUTH_USER_MODEL, related_name="+")
    points = models.PositiveIntegerField()
    day = models.DateField()
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "day"])]

    def __str__(self):
        return f"{self.report_id}: {self.points} PTS"


class Holiday(models.Model):
    """The community's calendar: a public holiday on a weekday, or (调休) a weekend day that
    is worked."""

    day = models.DateField(_("day"), unique=True)
    name = models.CharField(_("name"), max_length=40)
    is_workday = models.BooleanField(_("worked (调休)"), default=False)

    class Meta:
        verbose_name = _("calendar day (节假日)")
        verbose_name_plural = _("calendar (节假日)")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day} {self.name}"


class HazardSettings(models.Model):
    """The community's one row of rules (pk 1): working hours, limits per level, rewards."""

    day_starts = models.TimeField(_("working day starts"), default=dt.time(9))
    day_ends = models.TimeField(_("working day ends"), default=dt.time(18))
    grid_hours = models.PositiveSmallIntegerField(_("grid worker limit (h)"), default=4)
    community_hours = models.PositiveSmallIntegerField(_("community limit (h)"), default=8)
    subdistrict_hours = models.PositiveSmallIntegerField(_("sub-district limit (h)"), default=16)
    department_hours = models.PositiveSmallIntegerField(_("department limit (h)"), default=24)
    yellow_percent = models.PositiveSmallIntegerField(
        _("yellow at this percentage of the limit"), default=50
    )
    red_percent = models.PositiveSmallIntegerField(
        _("red at this percentage of the limit"), default=75
    )
    reward_points = models.PositiveIntegerField(_("points per confirmed report"), default=10)
    daily_cap = models.PositiveIntegerField(_("points per person per day, at most"), default=30)

    class Meta:
        verbose_name = _("hazard rules")
        verbose_name_plural = _("hazard rules")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="one_hazard_settings_row"),
            models.CheckConstraint(
                condition=Q(day_starts__lt=models.F("day_ends")), name="working_day_not_empty"
            ),
        ]

    def __str__(self):
        return "hazard rules"

    @classmethod
    def current(cls) -> "HazardSettings":
        return cls.objects.get_or_create(pk=1)[0]

    def hours_at(self, level: int) -> int:
        return {
            Level.GRID: self.grid_hours,
            Level.COMMUNITY: self.community_hours,
            Level.SUBDISTRICT: self.subdistrict_hours,
            Level.DEPARTMENT: self.department_hours,
        }[level]


class ReportStateName(models.Model):
    """The community's own name for a state (“待网格员核实” for submitted). Kinds are fixed
    (`STATE_KINDS`): a name changes how a state reads, never what may happen to it."""

    state = models.CharField(_("state"), max_length=16, choices=S.choices, unique=True)
    name = models.CharField(_("name shown"), max_length=40)

    class Meta:
        verbose_name = _("state name")
        verbose_name_plural = _("state names")
        ordering = ["state"]

    def __str__(self):
        return f"{self.state}: {self.name}"


from commonweal.governance.hazards.models_campaigns import (  # noqa: E402, F401
    Campaign,
    CampaignItem,
)
