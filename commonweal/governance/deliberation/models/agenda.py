"""A meeting's agenda items, their options and the votes of those present."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonweal.governance.deliberation.models.meetings import Meeting
from commonweal.governance.deliberation.models.proposals import Proposal, VoteRule
from commonweal.platform.kernel.references import platform_reference


class VoteOutcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted (通过)")
    REJECTED = "rejected", _("Rejected (未通过)")
    TIED = "tied", _("Tied, not adopted (票数相同，未通过)")
    NO_QUORUM = "no_quorum", _("Quorum not reached (未达法定人数)")


class AgendaItem(models.Model):
    """One item of a meeting: from a proposal or free; with notes and, if set, a vote."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    # Joint meetings also take a need, task or project of the needs list as an item.
    need = models.ForeignKey(
        "needs.Need", null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    task = models.ForeignKey(
        "needs.Task", null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    project = models.ForeignKey(
        "needs.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    title = models.CharField(_("title"), max_length=80)
    notes = models.TextField(_("discussion notes"), max_length=5000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    vote_opens_at = models.DateTimeField(_("vote opens"), null=True, blank=True)
    vote_closes_at = models.DateTimeField(_("vote closes"), null=True, blank=True)
    # Recorded once, when the vote is tallied; never changed after.
    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(null=True, blank=True)
    present = models.PositiveIntegerField(_("members present"), null=True, blank=True)
    rule = models.CharField(max_length=16, choices=VoteRule.choices, blank=True)
    quorum = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=VoteOutcome.choices, blank=True)
    # Of a vote among the item's own options (方案一/方案二): the one adopted, if any.
    winning_option = models.ForeignKey(
        "VoteOption", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tallied_at = models.DateTimeField(_("tallied"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item (议程)")
        verbose_name_plural = _("agenda items (议程)")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vote_opens_at__isnull=True, vote_closes_at__isnull=True)
                | Q(vote_opens_at__lt=models.F("vote_closes_at")),
                name="agenda_vote_window",
            ),
            models.CheckConstraint(
                condition=Q(
                    Q(proposal__isnull=True, need__isnull=True, task__isnull=True)
                    | Q(proposal__isnull=True, need__isnull=True, project__isnull=True)
                    | Q(proposal__isnull=True, task__isnull=True, project__isnull=True)
                    | Q(need__isnull=True, task__isnull=True, project__isnull=True)
                ),
                name="agenda_item_one_source",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def has_vote(self) -> bool:
        return self.vote_opens_at is not None

    @property
    def source(self):
        """The proposal, need, task or project the item deliberates, if any."""
        return self.proposal or self.need or self.task or self.project


class VoteOption(models.Model):
    """One of the choices staff set for an item's vote instead of for/against/abstain; fixed
    once the vote opens. `votes` is recorded at the tally and never changed after."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"))
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)

    class Meta:
        verbose_name = _("vote option (表决方案)")
        verbose_name_plural = _("vote options (表决方案)")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "label"], name="vote_option_label_once"),
            models.UniqueConstraint(fields=["item", "position"], name="vote_option_position_once"),
        ]

    def __str__(self):
        return self.label


class VoteChoice(models.TextChoices):
    FOR = "for", _("For (赞成)")
    AGAINST = "against", _("Against (反对)")
    ABSTAIN = "abstain", _("Abstain (弃权)")


class Vote(models.Model):
    """One voter, one vote per item: the database's unique constraint is the last word."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    voter = platform_reference(settings.AUTH_USER_MODEL, related_name="+")
    # For/against/abstain, or (blank) one of the item's options.
    choice = models.CharField(_("choice"), max_length=8, choices=VoteChoice.choices, blank=True)
    option = models.ForeignKey(
        VoteOption, null=True, blank=True, on_delete=models.PROTECT, related_name="cast"
    )
    cast_at = models.DateTimeField(_("cast"))

    class Meta:
        verbose_name = _("vote (表决)")
        verbose_name_plural = _("votes (表决)")
        constraints = [
            models.UniqueConstraint(fields=["item", "voter"], name="one_vote_per_voter"),
            models.CheckConstraint(
                condition=Q(option__isnull=True) & ~Q(choice="")
                | Q(option__isnull=False, choice=""),
                name="vote_choice_or_option",
            ),
        ]

    def __str__(self):
        return f"{self.item_id}: {self.choice or self.option_id}"
