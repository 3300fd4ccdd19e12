"""Proposals (议题): the community's rules, proposing, 联名 and the council's review."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonweal.governance.needs.models import Transition
from commonweal.platform.kernel.references import platform_reference


class VoteRule(models.TextChoices):
    SIMPLE = "simple", _("Simple majority (过半数)")
    TWO_THIRDS = "two_thirds", _("Two-thirds majority (三分之二多数)")


class DeliberationSettings(models.Model):
    """The community's rules of deliberation; one row per community schema (pk 1)."""

    support_threshold = models.PositiveSmallIntegerField(
        _("supporters needed for review (联名人数)"), default=10
    )
    vote_rule = models.CharField(
        _("vote rule"), max_length=16, choices=VoteRule.choices, default=VoteRule.SIMPLE
    )
    quorum = models.PositiveSmallIntegerField(_("quorum: members present (法定人数)"), default=5)
    # Roles that may propose; empty means every member of the community.
    proposer_roles = models.JSONField(_("who may propose"), default=list, blank=True)
    open_votes = models.BooleanField(_("votes are open (names published)"), default=False)

    class Meta:
        verbose_name = _("deliberation settings")
        verbose_name_plural = _("deliberation settings")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="one_deliberation_settings")]

    def __str__(self):
        return str(_("Deliberation settings"))


class ProposalScope(models.TextChoices):
    COMMUNITY = "community", _("Whole community (全社区)")
    PLACE = "place", _("A courtyard or place (院落)")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, gathering support (征集联名)")
    IN_REVIEW = "in_review", _("In review (审议中)")
    ON_AGENDA = "on_agenda", _("On the agenda (已列入议程)")
    MERGED = "merged", _("Merged (已合并)")
    DECLINED = "declined", _("Declined (不予立项)")
    DECIDED = "decided", _("Decided (已议决)")


class Proposal(models.Model):
    """议题: what a member asks the community to deliberate."""

    title = models.CharField(_("title"), max_length=80)
    background = models.TextField(_("background"), max_length=2000, blank=True)
    proposal = models.TextField(_("what is proposed"), max_length=2000)
    scope = models.CharField(
        _("scope"), max_length=16, choices=ProposalScope.choices, default=ProposalScope.COMMUNITY
    )
    place = models.CharField(_("courtyard or place"), max_length=80, blank=True)
    need = models.ForeignKey(
        "needs.Need", null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    proposed_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    status_changed_at = models.DateTimeField(_("status changed"))
    # The published reason of a decline (also in the transition log).
    status_reason = models.TextField(_("reason"), blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    support_count = models.PositiveIntegerField(_("supporters (联名)"), default=0)
    created_at = models.DateTimeField(_("proposed"), db_index=True)

    class Meta:
        verbose_name = _("proposal (议题)")
        verbose_name_plural = _("proposals (议题)")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(scope="place") | ~Q(place=""), name="proposal_place_named"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def path(self) -> str:
        return f"/deliberation/proposals/{self.pk}/"


class ProposalTransition(Transition):
    statuses = ProposalStatus
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        pass


class ProposalSupport(models.Model):
    """联名: one per person and proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = platform_reference(settings.AUTH_USER_MODEL, related_name="+")
    created_at = models.DateTimeField(_("supported"), auto_now_add=True)

    class Meta:
        verbose_name = _("support (联名)")
        verbose_name_plural = _("supports (联名)")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_proposal")
        ]

    def __str__(self):
        return f"{self.proposal_id} ← {self.user_id}"
