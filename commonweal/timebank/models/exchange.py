"""The points exchange: partners' offers, volunteers' redemptions, and certificates."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.references import platform_reference


class OfferStatus(models.TextChoices):
    ACTIVE = "active", _("On offer")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Offer(models.Model):
    """What a partner merchant gives for points (coupons, goods, free haircuts, mending).
    It is also one of the partner's commitments (`commitment`), so it shows in 资源清单."""

    partnership = models.ForeignKey(
        "partners.Partnership", on_delete=models.PROTECT, related_name="timebank_offers"
    )
    commitment = models.OneToOneField(
        "partners.ResourceCommitment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="timebank_offer",
    )
    item = models.CharField(_("item"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    price = models.PositiveIntegerField(
        _("price in points"), validators=[MinValueValidator(1), MaxValueValidator(1_000_000)]
    )
    stock = models.PositiveIntegerField(_("left in stock"))
    initial_stock = models.PositiveIntegerField(_("stock offered"))
    per_person_limit = models.PositiveIntegerField(
        _("limit per person"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.ACTIVE
    )
    created_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("redemption offer (兑换商品)")
        verbose_name_plural = _("redemption offers (兑换商品)")
        ordering = ["price", "id"]
        constraints = [
            # The last line of defence behind the row lock in offer_redeem.
            models.CheckConstraint(condition=Q(stock__gte=0), name="offer_stock_not_negative"),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")), name="offer_validity_order"
            ),
        ]

    def __str__(self):
        return self.item


class RedemptionStatus(models.TextChoices):
    HELD = "held", _("Waiting for the merchant")
    COMPLETED = "completed", _("Exchanged")
    EXPIRED = "expired", _("Expired, points returned")
    CANCELLED = "cancelled", _("Cancelled, points returned")


class Redemption(models.Model):
    """积分兑换: points held on the ledger until the merchant verifies the one-time code."""

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="redemptions")
    volunteer = platform_reference(settings.AUTH_USER_MODEL, related_name="+")
    points = models.PositiveIntegerField(_("points"))
    code = models.CharField(_("six-digit code"), max_length=6)
    status = models.CharField(
        _("status"), max_length=12, choices=RedemptionStatus.choices, default="held"
    )
    created_at = models.DateTimeField(_("redeemed"))
    expires_at = models.DateTimeField(_("code expires"), db_index=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    verified_by = platform_reference(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+"
    )
    expiry_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("redemption (积分兑换)")
        verbose_name_plural = _("redemptions (积分兑换)")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A code typed by a merchant names one waiting redemption.
            models.UniqueConstraint(
                fields=["code"], condition=Q(status="held"), name="redemption_code_held_unique"
            )
        ]
        indexes = [models.Index(fields=["volunteer", "offer"], name="redemption_by_volunteer")]

    def __str__(self):
        return f"{self.offer_id}: {self.points} PTS"


class Certificate(models.Model):
    """志愿服务证明: hours over a period as issued on a day; the verification code is signed
    and names this row, so a tampered code does not verify."""

    volunteer = platform_reference(settings.AUTH_USER_MODEL, related_name="+")
    real_name = models.CharField(_("name on the certificate"), max_length=40)
    organisation = models.CharField(_("issuing organisation"), max_length=120)
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)
    tasks = models.PositiveIntegerField(_("tasks"))
    issued_at = models.DateTimeField(_("issued"))
    issued_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")

    class Meta:
        verbose_name = _("service-hours certificate (志愿服务证明)")
        verbose_name_plural = _("service-hours certificates (志愿服务证明)")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")), name="certificate_period"
            )
        ]

    def __str__(self):
        return f"{self.real_name}: {self.hours} h"
