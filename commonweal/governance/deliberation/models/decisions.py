"""落议题: decisions with owners and due dates, carried out and rated."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonweal.governance.deliberation.models.agenda import AgendaItem
from commonweal.governance.needs.models import Transition
from commonweal.platform.kernel.references import platform_reference


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("To do (待落实)")
    IN_PROGRESS = "in_progress", _("In progress (落实中)")
    DONE = "done", _("Done (已落实)")


class Decision(models.Model):
    """落议题: what a meeting decided, with owners and a due date, followed to done."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="decisions")
    title = models.CharField(_("title"), max_length=80)
    description = models.TextField(_("what is to be done"), max_length=2000, blank=True)
    owners = models.JSONField(_("owners (user ids)"), default=list)
    due_on = models.DateField(_("due"))
    task = models.ForeignKey(
        "needs.Task", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    status_changed_at = models.DateTimeField(_("status changed"))
    progress = models.TextField(_("progress"), max_length=2000, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision (决议)")
        verbose_name_plural = _("decisions (决议)")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.title

    @property
    def path(self) -> str:
        return f"/deliberation/decisions/{self.pk}/"


class DecisionTransition(Transition):
    statuses = DecisionStatus
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        pass


class DecisionRating(models.Model):
    """满意度: a resident rates a decision carried out."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="ratings")
    user = platform_reference(settings.AUTH_USER_MODEL, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("rated"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision rating")
        verbose_name_plural = _("decision ratings")
        constraints = [
            models.UniqueConstraint(fields=["decision", "user"], name="one_decision_rating"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="decision_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.decision_id}: {self.score}"
