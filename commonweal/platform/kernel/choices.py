"""Vocabulary shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceTier(models.TextChoices):
    """公益 + 低偿 + 市场: how a partner's service is paid for."""

    FREE = "free", _("Free (公益)")
    LOW_FEE = "low_fee", _("Low-fee (低偿)")
    MARKET = "market", _("Market (市场)")


class CoordinateSystem(models.TextChoices):
    """Datums people type coordinates in; the platform stores GCJ-02 (DESIGN.md, Maps)."""

    WGS84 = "wgs84", "WGS-84"
    GCJ02 = "gcj02", "GCJ-02"
    BD09 = "bd09", "BD-09"
