"""Campaigns (专项行动): a checklist worked through door to door by grid workers.

Staff start a campaign — 燃气安全入户检查 for every household of some grids, 文明创建 for every
building — and it becomes one item per household or building of the chosen grids. A grid
worker marks each item done, not at home, or hazard found; a hazard found is filed as a hazard
report linked to its item in the same step. Closing the campaign stops the checklist.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.references import platform_reference


class CampaignUnit(models.TextChoices):
    HOUSEHOLD = "household", _("Every household (入户)")
    BUILDING = "building", _("Every building or courtyard (楼栋院落)")


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("Under way")
    CLOSED = "closed", _("Closed")


class ItemOutcome(models.TextChoices):
    PENDING = "pending", _("Not visited yet")
    DONE = "done", _("Checked (已检查)")
    NOT_HOME = "not_home", _("Nobody at home (未遇)")
    HAZARD = "hazard", _("Hazard found (发现隐患)")


class Campaign(models.Model):
    title = models.CharField(_("title"), max_length=80)
    description = models.CharField(_("what to check"), max_length=500, blank=True)
    unit = models.CharField(_("one item per"), max_length=10, choices=CampaignUnit.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    grids = models.ManyToManyField("hazards.Grid", related_name="campaigns")
    created_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    created_at = models.DateTimeField(_("started"))
    closed_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign (专项行动)")
        verbose_name_plural = _("campaigns (专项行动)")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def path(self) -> str:
        return f"/hazards/campaigns/{self.pk}/"


class CampaignItem(models.Model):
    """One household or building to visit. `report` is set only with the outcome `hazard`."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    grid = models.ForeignKey("hazards.Grid", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    label = models.CharField(_("household or building"), max_length=120)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=ItemOutcome.choices, default=ItemOutcome.PENDING
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    visited_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    visited_at = models.DateTimeField(_("visited"), null=True, blank=True)
    report = models.OneToOneField(
        "hazards.HazardReport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaign_item",
    )

    class Meta:
        verbose_name = _("campaign item")
        verbose_name_plural = _("campaign items")
        ordering = ["campaign", "grid", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "grid", "position"], name="one_item_per_place"
            ),
            models.CheckConstraint(
                condition=Q(report__isnull=True) | Q(outcome="hazard"),
                name="report_only_for_hazard_found",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "grid", "outcome"])]

    def __str__(self):
        return f"{self.campaign_id}: {self.label}"
