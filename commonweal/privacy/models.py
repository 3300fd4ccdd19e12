"""What the privacy requests leave behind: prepared downloads, erasures, community closures.
All in the public schema: a person's export spans communities, and a closure outlives the
community's schema."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed")


class DataExport(models.Model):
    """A zip of JSON and CSV prepared by a job: a person's data (下载我的数据), or a whole
    community's (`community` set). Kept for `EXPORT_LIFETIME`, downloadable by whoever asked."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # Null: the person's own data across communities; else that community's whole schema.
    community = models.ForeignKey(
        "tenants.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.PREPARING
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    content = models.BinaryField(_("zip file"), null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self):
        return f"export #{self.pk} ({self.status})"

    @property
    def download_path(self) -> str | None:
        """On the host it was asked on: the community's for a community's export."""
        if self.status != ExportStatus.READY:
            return None
        prefix = "/privacy/exports/" if self.community_id else "/me/data/exports/"
        return f"{prefix}{self.pk}/"

    @property
    def filename(self) -> str:
        stamp = f"{self.requested_at:%Y%m%d}"
        if self.community_id:
            return f"community-{self.community.slug}-{stamp}.zip"
        return f"my-data-{stamp}.zip"


class Erasure(models.Model):
    """注销: the person's account was anonymised; `pseudonym` is what others now see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=40)
    erased_at = models.DateTimeField(_("erased"), auto_now_add=True)
    rows_changed = models.PositiveIntegerField(_("rows changed"), default=0)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self):
        return self.pseudonym


class CommunityClosure(models.Model):
    """A platform admin's decision to delete a community: the schema is dropped by a job once
    `due_at` has passed, unless cancelled before."""

    community = models.ForeignKey(
        "tenants.Community", null=True, on_delete=models.SET_NULL, related_name="closures"
    )
    # Kept after the community row is gone, for the record.
    schema_name = models.CharField(_("schema"), max_length=63)
    community_name = models.CharField(_("community"), max_length=60)
    reason = models.TextField(_("reason"), blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    scheduled_at = models.DateTimeField(_("scheduled"), auto_now_add=True)
    due_at = models.DateTimeField(_("deleted after"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    class Meta:
        ordering = ["-scheduled_at"]
        verbose_name = _("community closure")
        verbose_name_plural = _("community closures")
        constraints = [
            # One pending closure per community at a time.
            models.UniqueConstraint(
                fields=["community"],
                condition=models.Q(cancelled_at__isnull=True, deleted_at__isnull=True),
                name="privacy_one_pending_closure",
            )
        ]

    def __str__(self):
        return f"{self.community_name} → {self.due_at:%Y-%m-%d}"

    @property
    def is_pending(self) -> bool:
        return self.cancelled_at is None and self.deleted_at is None
