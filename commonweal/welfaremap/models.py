from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.choices import CoordinateSystem, ServiceTier


class ServicePoint(models.Model):
    """A place on the public welfare map (公益地图): a partner's service point or a facility.

    The one model for both: partners link their points through `Partnership.service_points`.
    Coordinates are stored in GCJ-02, with what the user typed and its datum kept alongside.
    Spatial indexes (migration 0002, cube + earthdistance): GiST on `ll_to_earth(lat, lng)` for
    radius and nearest-N, GiST on `cube(ARRAY[lat, lng])` for bounding boxes, and GiST on
    `(facility_type, ll_to_earth(lat, lng))` for the living-circle check.
    """

    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(_("category"), max_length=64, db_index=True)
    facility_type = models.CharField(
        _("living-circle facility type"),
        max_length=64,
        blank=True,
        help_text=_("Code of the facility type it counts as in the living-circle check."),
    )
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    lat = models.FloatField(
        _("latitude (GCJ-02)"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    lng = models.FloatField(
        _("longitude (GCJ-02)"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    raw_lat = models.FloatField(_("latitude as entered"))
    raw_lng = models.FloatField(_("longitude as entered"))
    raw_system = models.CharField(
        _("coordinate system as entered"),
        max_length=8,
        choices=CoordinateSystem.choices,
        default=CoordinateSystem.GCJ02,
    )
    tier = models.CharField(
        _("service tier"), max_length=16, choices=ServiceTier.choices, default=ServiceTier.FREE
    )
    operator_name = models.CharField(_("run by"), max_length=100, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def is_listed(self) -> bool:
        """On the public map and in search."""
        return self.is_public and self.retired_at is None


class LivingCircleLevel(models.TextChoices):
    FIVE = "5min", _("5-minute circle")
    TEN = "10min", _("10-minute circle")
    FIFTEEN = "15min", _("15-minute circle")


class FacilityType(models.Model):
    """A living-circle facility type and the walking distance within which it serves a compound.

    Seeded per community from the package's `living_circle.csv` (GB 50180-2018 and the 2020
    完整居住社区建设标准); a community may override the radius or leave a type out of its score.
    """

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=60)
    level = models.CharField(_("level"), max_length=8, choices=LivingCircleLevel.choices)
    radius_m = models.PositiveIntegerField(_("radius (m)"))
    default_radius_m = models.PositiveIntegerField(_("default radius (m)"))
    source = models.CharField(_("source"), max_length=120, blank=True)
    confidence = models.CharField(_("confidence"), max_length=16, blank=True)
    counts_toward_score = models.BooleanField(_("counts toward the score"), default=True)

    class Meta:
        verbose_name = _("living-circle facility type (生活圈设施)")
        verbose_name_plural = _("living-circle facility types (生活圈设施)")
        ordering = ["level", "code"]

    def __str__(self):
        return f"{self.name} ({self.radius_m} m)"


class Compound(models.Model):
    """A residential compound (小区/院落) whose residents the living circle must serve.

    `entrances` is a list of {"lat": …, "lng": …} in GCJ-02; distances are measured from the
    nearest entrance, or from `lat`/`lng` when none is recorded.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    households = models.PositiveIntegerField(_("households"), default=0)
    population = models.PositiveIntegerField(_("population"), default=0)
    lat = models.FloatField(
        _("latitude (GCJ-02)"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    lng = models.FloatField(
        _("longitude (GCJ-02)"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    entrances = models.JSONField(_("entrances (GCJ-02)"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("residential compound (小区/院落)")
        verbose_name_plural = _("residential compounds (小区/院落)")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def entrance_points(self) -> list[tuple[float, float]]:
        points = [(float(e["lat"]), float(e["lng"])) for e in self.entrances or ()]
        return points or [(self.lat, self.lng)]
