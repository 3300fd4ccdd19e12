"""What a community keeps about its partners (tenant schema)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonweal.partners.registry.models import OrganisationKind
from commonweal.platform.kernel.choices import ServiceTier
from commonweal.platform.kernel.references import platform_reference


class PartnerCall(models.Model):
    """招募: what the community needs, which kinds may apply, until when."""

    title = models.CharField(_("title"), max_length=120)
    needs = models.TextField(_("what we need"))
    kinds_allowed = ArrayField(
        models.CharField(max_length=16, choices=OrganisationKind.choices),
        verbose_name=_("kinds that may apply"),
    )
    deadline = models.DateField(_("deadline"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("closed early"),
        null=True,
        blank=True,
        help_text=_("Set when the office stops taking applications before the deadline."),
    )
    created_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner call (招募)")
        verbose_name_plural = _("partner calls (招募)")
        ordering = ["-deadline", "-id"]

    def __str__(self):
        return self.title

    def takes_applications_on(self, today) -> bool:
        return self.published_at is not None and self.closed_at is None and self.deadline >= today


class PartnershipStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    UNDER_REVIEW = "under_review", _("Under review")
    INFO_REQUESTED = "info_requested", _("More information requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    EXITED = "exited", _("Exited")


class Partnership(models.Model):
    """One per organisation in this community; its status moves only through the services."""

    organisation = platform_reference("partner_registry.PartnerOrganisation", related_name="+")
    call = models.ForeignKey(
        PartnerCall, null=True, blank=True, on_delete=models.SET_NULL, related_name="partnerships"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PartnershipStatus.choices, db_index=True
    )
    tier = models.CharField(
        _("service tier"), max_length=16, choices=ServiceTier.choices, default=ServiceTier.FREE
    )
    statement = models.TextField(_("application statement"), blank=True)
    offers = ArrayField(
        models.CharField(max_length=60), default=list, blank=True, verbose_name=_("offers")
    )
    status_reason = models.TextField(_("reason of the last decision"), blank=True)
    applied_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    applied_at = models.DateTimeField(_("applied"))
    activated_at = models.DateTimeField(_("first active"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"))
    service_points = models.ManyToManyField(
        "welfaremap.ServicePoint", related_name="partnerships", blank=True
    )

    class Meta:
        verbose_name = _("partnership (合伙关系)")
        verbose_name_plural = _("partnerships (合伙关系)")
        ordering = ["-activated_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="partnership_one_per_org")
        ]

    def __str__(self):
        return f"{self.organisation_id}: {self.status}"


class PartnershipTransition(models.Model):
    """Every status change: who, when, why. Append-only."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=16, choices=PartnershipStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=PartnershipStatus.choices)
    actor = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        verbose_name = _("partnership transition")
        verbose_name_plural = _("partnership transitions")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"


class ResourceKind(models.TextChoices):
    VENUE = "venue", _("Venue (场地)")
    GOODS = "goods", _("Goods (物资)")
    SERVICE = "service", _("Service (服务)")
    MONEY = "money", _("Money (资金)")
    EXPERTISE = "expertise", _("Expertise (专业技能)")
    VOLUNTEERS = "volunteers", _("Volunteers (志愿者)")


class CommitmentTier(models.TextChoices):
    FREE = "free", _("Free (公益)")
    LOW_FEE = "low_fee", _("Low-fee (低偿)")


class ResourceCommitment(models.Model):
    """资源清单 entry: what a partner commits to the community."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="commitments"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=120)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20)
    schedule = models.CharField(_("schedule"), max_length=120, blank=True)
    tier = models.CharField(
        _("free or low-fee"), max_length=16, choices=CommitmentTier.choices, default="free"
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    delivered_quantity = models.DecimalField(
        _("delivered so far"), max_digits=12, decimal_places=2, default=0
    )
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("resource commitment (资源清单)")
        verbose_name_plural = _("resource commitments (资源清单)")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="commitment_quantity_positive")
        ]

    def __str__(self):
        return self.title

    @property
    def is_kept(self) -> bool:
        return self.delivered_quantity >= self.quantity


class Obligation(models.Model):
    """公益义务: what a partner owes in return, e.g. N free services a month."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="obligations"
    )
    description = models.CharField(_("description"), max_length=200)
    free_services_per_month = models.PositiveIntegerField(
        _("free services a month"), null=True, blank=True
    )
    senior_discount_percent = models.PositiveSmallIntegerField(
        _("senior discount (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("public-welfare obligation (公益义务)")
        verbose_name_plural = _("public-welfare obligations (公益义务)")
        ordering = ["id"]

    def __str__(self):
        return self.description


class Fulfilment(models.Model):
    """A delivery against one commitment or obligation."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="fulfilments"
    )
    commitment = models.ForeignKey(
        ResourceCommitment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="fulfilments",
    )
    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.CASCADE, related_name="fulfilments"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, default=1)
    delivered_on = models.DateField(_("delivered on"), db_index=True)
    recipient = platform_reference(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The resident served, if a member."),
    )
    beneficiary = models.CharField(_("for whom"), max_length=120, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    recorded_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("fulfilment")
        verbose_name_plural = _("fulfilments")
        ordering = ["-delivered_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(commitment__isnull=True) & Q(obligation__isnull=False))
                | (Q(commitment__isnull=False) & Q(obligation__isnull=True)),
                name="fulfilment_of_one_thing",
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="fulfilment_quantity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.delivered_on}: {self.quantity}"


class ServiceRating(models.Model):
    """A resident's rating of a service they received: one per fulfilment."""

    fulfilment = models.OneToOneField(Fulfilment, on_delete=models.CASCADE, related_name="rating")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="ratings")
    rater = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("rated"), auto_now_add=True)

    class Meta:
        verbose_name = _("service rating")
        verbose_name_plural = _("service ratings")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="rating_score_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.score}/5"


class Evaluation(models.Model):
    """A periodic evaluation of one partner; the figures are computed when it is made."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="evaluations"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    commitments_due = models.PositiveIntegerField(_("commitments due"))
    commitments_kept = models.PositiveIntegerField(_("commitments kept"))
    services_delivered = models.PositiveIntegerField(_("services delivered"))
    average_rating = models.DecimalField(
        _("average rating"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    staff_score = models.PositiveSmallIntegerField(
        _("staff score (0–100)"), validators=[MaxValueValidator(100)]
    )
    comment = models.TextField(_("comment"), blank=True)
    evaluated_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    created_at = models.DateTimeField(_("evaluated"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "period_start", "period_end"], name="evaluation_per_period"
            )
        ]

    def __str__(self):
        return f"{self.period_start} – {self.period_end}"


class Recognition(models.Model):
    """A public honour, e.g. 最美商家."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="recognitions"
    )
    title = models.CharField(_("title"), max_length=60)
    citation = models.TextField(_("citation"), blank=True)
    awarded_on = models.DateField(_("awarded on"))
    awarded_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")

    class Meta:
        verbose_name = _("recognition (最美商家)")
        verbose_name_plural = _("recognitions (最美商家)")
        ordering = ["-awarded_on", "-id"]

    def __str__(self):
        return self.title
