"""Volunteer tasks, who signed up, who checked in, and the service hours credited."""

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.references import platform_reference


class TaskCategory(models.TextChoices):
    GRID_DAILY = "grid_daily", _("Micro-grid daily task (微网实格日常任务)")
    SAFETY_PATROL = "safety_patrol", _("Safety patrol (安全巡逻)")
    GAS_SAFETY = "gas_safety", _("Gas-safety home visit (燃气安全入户)")
    ENVIRONMENT = "environment", _("Environment clean-up (环境整治)")
    ELDER_CARE = "elder_care", _("Visiting seniors (关爱探访)")
    CIVILITY = "civility", _("Civility campaign (文明创建)")
    EXCHANGE_DAY = "exchange_day", _("Exchange day (积分兑换日)")
    OTHER = "other", _("Other (其他)")


class TaskStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


def _code_salt() -> str:
    return secrets.token_hex(8)


class TaskFields(models.Model):
    """What a task and a recurring series share: a series' occurrences copy these."""

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=TaskCategory.choices, default=TaskCategory.OTHER
    )
    place_name = models.CharField(_("place"), max_length=120)
    lat = models.FloatField(
        _("latitude (GCJ-02)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    lng = models.FloatField(
        _("longitude (GCJ-02)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    geofence_metres = models.PositiveIntegerField(
        _("check in within (metres)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(20), MaxValueValidator(5000)],
        help_text=_("Empty: no position asked at check-in."),
    )
    slots = models.PositiveIntegerField(
        _("slots"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )
    points = models.PositiveIntegerField(
        _("points"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )
    hours = models.DecimalField(
        _("service hours credited"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    what_to_bring = models.CharField(_("what to bring"), max_length=200, blank=True)
    eligible_teams = models.ManyToManyField(
        "timebank.Team",
        blank=True,
        related_name="+",
        verbose_name=_("eligible teams"),
        help_text=_("Empty: every volunteer may sign up."),
    )
    partnership = models.ForeignKey(
        "partners.Partnership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The partner that published it, if a partner did."),
    )
    created_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True


class TaskSeries(TaskFields):
    """A recurring task (every Saturday morning): occurrences are generated ahead, each a
    Task of its own that can be edited or cancelled alone."""

    weekdays = ArrayField(
        models.PositiveSmallIntegerField(validators=[MaxValueValidator(6)]),
        verbose_name=_("weekdays (0 = Monday)"),
    )
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"), null=True, blank=True)
    publish = models.BooleanField(_("publish occurrences"), default=True)
    generated_until = models.DateField(_("generated until"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)

    class Meta:
        verbose_name = _("recurring task")
        verbose_name_plural = _("recurring tasks")
        ordering = ["first_day", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="series_time_order"
            )
        ]

    def __str__(self):
        return self.title


class Task(TaskFields):
    """One volunteer task; its status moves only through `services.tasks._move`."""

    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TaskStatus.choices,
        default=TaskStatus.DRAFT,
        db_index=True,
    )
    status_reason = models.TextField(_("reason of the last change"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed"))
    series = models.ForeignKey(
        TaskSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    occurs_on = models.DateField(_("day of the series"), null=True, blank=True)
    code_salt = models.CharField(max_length=16, default=_code_salt, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("volunteer task (志愿任务)")
        verbose_name_plural = _("volunteer tasks (志愿任务)")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="task_time_order"
            ),
            # Not partial, so INSERT … ON CONFLICT can name it; NULLs (no series) never clash.
            models.UniqueConstraint(
                fields=["series", "occurs_on"], name="task_once_per_series_day_all"
            ),
        ]

    def __str__(self):
        return self.title


class TaskTransition(models.Model):
    """Every status change of a task: who, when, why. Append-only."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=16, choices=TaskStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=TaskStatus.choices)
    actor = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        verbose_name = _("task transition")
        verbose_name_plural = _("task transitions")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"


class SignUpStatus(models.TextChoices):
    ACTIVE = "active", _("Signed up")
    CANCELLED = "cancelled", _("Cancelled")


class SignUp(models.Model):
    """一键参与: one row per volunteer and task; cancelling and signing up again reuse it."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="sign_ups")
    volunteer = platform_reference(settings.AUTH_USER_MODEL, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=SignUpStatus.choices, default=SignUpStatus.ACTIVE
    )
    signed_up_at = models.DateTimeField(_("signed up"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["signed_up_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "volunteer"], name="sign_up_once_per_task")
        ]

    def __str__(self):
        return f"{self.volunteer_id} → {self.task_id}"


class CheckInMethod(models.TextChoices):
    SCAN = "scan", _("Scanned the code")
    PROXY = "proxy", _("Checked in by the organiser (代签到)")


class CheckIn(models.Model):
    """Presence at a task: one per volunteer and task, whatever the number of scans."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="check_ins")
    volunteer = platform_reference(settings.AUTH_USER_MODEL, related_name="+")
    method = models.CharField(_("how"), max_length=8, choices=CheckInMethod.choices)
    recorded_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    checked_in_at = models.DateTimeField(_("checked in"))
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("check-in (签到)")
        verbose_name_plural = _("check-ins (签到)")
        ordering = ["checked_in_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "volunteer"], name="check_in_once_per_task")
        ]

    def __str__(self):
        return f"{self.volunteer_id} @ {self.task_id}"


class ServiceRecord(models.Model):
    """志愿服务记录: hours credited for one task, apart from points and never redeemed
    (志愿服务记录与证明出具办法, MCA 2021). `entry_external_id` names the points award."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="service_records")
    volunteer = platform_reference(settings.AUTH_USER_MODEL, related_name="+")
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    points = models.PositiveIntegerField(_("points awarded"))
    served_on = models.DateField(_("served on"), db_index=True)
    credited_at = models.DateTimeField(_("credited"))
    entry_external_id = models.CharField(max_length=200, unique=True)

    class Meta:
        verbose_name = _("service record (志愿服务记录)")
        verbose_name_plural = _("service records (志愿服务记录)")
        ordering = ["-served_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "volunteer"], name="service_once_per_task"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="service_hours_not_negative"),
        ]

    def __str__(self):
        return f"{self.volunteer_id}: {self.hours} h"
