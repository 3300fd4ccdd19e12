"""The community's time-bank settings, its volunteer teams and its volunteers."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.references import platform_reference


class TimebankSettings(models.Model):
    """One row per community (pk 1): the rules its office chose."""

    default_points = models.PositiveIntegerField(
        _("default points per task"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(10_000)],
        help_text=_("佳宏路: 50 points for each check-in."),
    )
    check_in_margin_minutes = models.PositiveIntegerField(
        _("check-in margin (minutes)"),
        default=30,
        validators=[MaxValueValidator(720)],
        help_text=_("How long before the start and after the end a code is still accepted."),
    )
    code_step_seconds = models.PositiveIntegerField(
        _("check-in code rotates every (seconds)"),
        default=45,
        validators=[MinValueValidator(30), MaxValueValidator(60)],
    )
    redemption_code_minutes = models.PositiveIntegerField(
        _("redemption code valid for (minutes)"),
        default=60 * 24,
        validators=[MinValueValidator(5), MaxValueValidator(60 * 24 * 30)],
    )
    points_expire_after_months = models.PositiveIntegerField(
        _("points expire after (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Empty: points never expire."),
    )
    leaderboard_enabled = models.BooleanField(_("leaderboard shown"), default=True)
    organisation_name = models.CharField(
        _("organisation issuing certificates"),
        max_length=120,
        blank=True,
        help_text=_("Empty: the community's name."),
    )

    class Meta:
        verbose_name = _("time-bank settings")
        verbose_name_plural = _("time-bank settings")

    def __str__(self):
        return str(_("time-bank settings"))

    @classmethod
    def current(cls) -> "TimebankSettings":
        """The community's settings, or the defaults (unsaved: reading never writes)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class Team(models.Model):
    """志愿服务队, e.g. 春熙嬢嬢, 督院雏鹰, 生态环境保护志愿服务队."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer team (志愿服务队)")
        verbose_name_plural = _("volunteer teams (志愿服务队)")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class VolunteerProfile(models.Model):
    """A registered volunteer of this community (一键注册). The real name is private: only
    the volunteer, the office and their own certificate show it."""

    user = platform_reference(settings.AUTH_USER_MODEL, one_to_one=True, related_name="+")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="volunteers"
    )
    skills = ArrayField(
        models.CharField(max_length=30), default=list, blank=True, verbose_name=_("skills")
    )
    real_name = models.CharField(_("real name (private)"), max_length=40, blank=True)
    on_leaderboard = models.BooleanField(_("shown on the leaderboard"), default=False)
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer (志愿者)")
        verbose_name_plural = _("volunteers (志愿者)")
        ordering = ["registered_at", "id"]

    def __str__(self):
        return str(self.user_id)

    @property
    def account_code(self) -> str:
        return wallet_code(self.user_id)


def wallet_code(user_id) -> str:
    """The ledger account holding a volunteer's points."""
    return f"timebank:volunteer:{user_id}"
