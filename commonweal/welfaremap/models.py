from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from commonweal.platform.choices import CoordinateSystem, ServiceTier


class ServicePoint(models.Model):
    """A place on the public welfare map (公益地图): a partner's service point or a facility.

    The one model for both: partners link their points through `Partnership.service_points`.
    Coordinates are stored in GCJ-02, with what the user typed and its datum kept alongside.
    """

    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(_("category"), max_length=64, db_index=True)
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
