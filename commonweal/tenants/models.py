from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from commonweal.tenants.validators import validate_time_zone


class CommunityStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")


class Community(TenantMixin):
    """社区: a tenant with its own schema, reached at <slug>.<base domain>."""

    slug = models.SlugField(_("slug"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60)
    city = models.CharField(_("city"), max_length=30)
    district = models.CharField(_("district"), max_length=30)
    subdistrict = models.CharField(_("sub-district"), max_length=30)
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    population = models.PositiveIntegerField(_("population"))
    households = models.PositiveIntegerField(_("households"))
    # GCJ-02, as AMap and WeChat give it; see DESIGN.md (Maps).
    centre_lat = models.FloatField(
        _("centre latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    centre_lng = models.FloatField(
        _("centre longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    introduction = models.TextField(_("introduction"), blank=True)
    # Every page, export and e-mail of the community shows dates in this zone
    # (commonweal.web.middleware.CommunityTimeZoneMiddleware activates it per request).
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Shanghai",
        validators=[validate_time_zone],
        help_text=_("IANA name, e.g. Asia/Shanghai or Asia/Urumqi."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CommunityStatus.choices, default=CommunityStatus.ACTIVE
    )
    suspended_reason = models.TextField(_("reason for suspension"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Schemas are copied from the template by commonweal.tenants.provisioning, never migrated
    # one by one on save.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    @property
    def is_suspended(self) -> bool:
        return self.status == CommunityStatus.SUSPENDED


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class CommunityApplication(models.Model):
    """A community's request to join the platform; approval provisions it."""

    slug = models.CharField(_("slug"), max_length=30)
    name = models.CharField(_("name"), max_length=60)
    city = models.CharField(_("city"), max_length=30)
    district = models.CharField(_("district"), max_length=30)
    subdistrict = models.CharField(_("sub-district"), max_length=30)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=7, decimal_places=2)
    population = models.PositiveIntegerField(_("population"))
    households = models.PositiveIntegerField(_("households"))
    centre_lat = models.FloatField(_("centre latitude"))
    centre_lng = models.FloatField(_("centre longitude"))
    applicant_name = models.CharField(_("applicant's name"), max_length=60)
    applicant_email = models.EmailField(_("applicant's e-mail"), blank=True)
    applicant_phone = models.CharField(_("applicant's mobile number"), max_length=11, blank=True)
    statement = models.TextField(_("statement"), max_length=2000, blank=True)
    applicant = models.ForeignKey(
        "platform.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    reviewed_by = models.ForeignKey(
        "platform.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    community = models.OneToOneField(
        Community, null=True, blank=True, on_delete=models.SET_NULL, related_name="application"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("community application")
        verbose_name_plural = _("community applications")
        ordering = ["-submitted_at"]
        constraints = [
            # Two applications may not race for one slug while both are undecided.
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(status="pending"),
                name="application_pending_slug_unique",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"


class TemplateSnapshot(models.Model):
    """The template schema's DDL at one migration state, ready to copy into a new community."""

    digest = models.CharField(max_length=64, unique=True)
    script = models.TextField()
    migrations = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("template snapshot")
        verbose_name_plural = _("template snapshots")

    def __str__(self):
        return self.digest[:12]


class SpareSchema(models.Model):
    """A schema made ahead from a template snapshot, waiting to become a community's.

    Onboarding renames one (milliseconds) instead of running the snapshot's script (hundreds
    of milliseconds, growing with the template); only a spare of the template as it is now is
    ever taken (`tenants.spares`).
    """

    name = models.CharField(max_length=63, unique=True)
    snapshot = models.ForeignKey(TemplateSnapshot, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("spare schema")
        verbose_name_plural = _("spare schemas")

    def __str__(self):
        return self.name


class RenderedMigration(models.Model):
    """The SQL one tenant migration ran on the template, replayed as-is on every community.

    Data migrations (RunPython) cannot be rendered and keep `sql` empty: communities that
    need one go through Django's executor instead.
    """

    app = models.CharField(max_length=255)
    name = models.CharField(max_length=255)
    sql = models.TextField(blank=True)
    schema_only = models.BooleanField()
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rendered migration")
        verbose_name_plural = _("rendered migrations")
        constraints = [
            models.UniqueConstraint(fields=["app", "name"], name="rendered_migration_unique")
        ]

    def __str__(self):
        return f"{self.app}.{self.name}"
