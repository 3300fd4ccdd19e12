"""Deliberation (议事协商): 提议题 → 审议题 → 议议题 → 落议题, and joint meetings (联席会).

A member proposes (议题), others support it (联名); at the community's threshold it goes to the
council's review, which puts it on an agenda, merges or declines it. A meeting — the residents'
council (居民议事会), a courtyard meeting (坝坝会) or a joint meeting with partners (联席会) —
records who came, lets those present vote on each item within set times, and publishes its
minutes (会议纪要) once the chair signs them off. Each decision is then carried out by its
owners and rated by residents. Every lifecycle has a status column moved only by the services'
transition tables and an append-only transition log (who, when, why).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
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


class MeetingKind(models.TextChoices):
    COUNCIL = "council", _("Residents' council (居民议事会)")
    COURTYARD = "courtyard", _("Courtyard meeting (坝坝会)")
    JOINT = "joint", _("Joint meeting (联席会)")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled (待召开)")
    HELD = "held", _("Held (已召开)")
    PUBLISHED = "published", _("Minutes published (纪要已公开)")
    CANCELLED = "cancelled", _("Cancelled (已取消)")


class Meeting(models.Model):
    """议议题: one meeting with its agenda, attendance, votes and minutes (会议纪要)."""

    title = models.CharField(_("title"), max_length=80)
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place"), max_length=80, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    chair = platform_reference(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+")
    # Joint meetings: the partner whose turn it is to chair (轮值主席).
    chair_partnership = models.ForeignKey(
        "partners.Partnership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    status_changed_at = models.DateTimeField(_("status changed"))
    minutes = models.TextField(_("minutes (会议纪要)"), max_length=10000, blank=True)
    minutes_signed_by = platform_reference(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+"
    )
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    convened_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting (议事会议)")
        verbose_name_plural = _("meetings (议事会议)")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_link=""), name="meeting_place_or_link"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def path(self) -> str:
        return f"/deliberation/meetings/{self.pk}/"


class MeetingTransition(Transition):
    statuses = MeetingStatus
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        pass


class MeetingInvitation(models.Model):
    """Who is asked to come: a member, a partner (its representatives) or a department
    (职能部门), which has no account and confirms (报到) through a signed link."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = platform_reference(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+")
    partnership = models.ForeignKey(
        "partners.Partnership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "hazards.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed (报到)"), null=True, blank=True)
    confirmation_note = models.CharField(_("answer"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, partnership__isnull=True, department__isnull=True)
                | Q(user__isnull=True, partnership__isnull=False, department__isnull=True)
                | Q(user__isnull=True, partnership__isnull=True, department__isnull=False),
                name="invitation_one_invitee",
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="one_invitation_per_user",
            ),
            models.UniqueConstraint(
                fields=["meeting", "partnership"],
                condition=Q(partnership__isnull=False),
                name="one_invitation_per_partner",
            ),
            models.UniqueConstraint(
                fields=["meeting", "department"],
                condition=Q(department__isnull=False),
                name="one_invitation_per_department",
            ),
        ]

    def __str__(self):
        return f"{self.meeting_id} → {self.user_id or self.partnership_id or self.department_id}"


class Attendance(models.Model):
    """到会: a member present, or someone named who came without a phone."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = platform_reference(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=40)
    recorded_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance (到会)")
        verbose_name_plural = _("attendance (到会)")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="one_attendance_per_user",
            ),
            models.UniqueConstraint(
                fields=["meeting", "name"],
                condition=Q(user__isnull=True),
                name="one_attendance_per_name",
            ),
        ]

    def __str__(self):
        return self.name


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
