"""Needs, the community's own resources, the task list and projects (需求清单 · 资源清单 ·
任务清单 · 项目).

A resident's need is accepted into the needs list, matched with resources, turned into a task
the community publishes, answered by partners, and carried out as a project; the people who
raised or seconded the need rate the outcome. Each lifecycle has a status column moved only by
the services' transition tables, and an append-only transition log (who, when, why).
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.references import platform_reference


class Transition(models.Model):
    """A status change: who, when, why. Append-only; one concrete table per lifecycle."""

    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    actor = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"

    @property
    def to_status_label(self) -> str:
        return self.statuses(self.to_status).label


class NeedCategory(models.TextChoices):
    FACILITIES = "facilities", _("Facilities (公共设施)")
    ENVIRONMENT = "environment", _("Environment and greening (环境卫生)")
    ELDERLY = "elderly", _("Elderly care (为老服务)")
    CHILDREN = "children", _("Children and youth (一老一小)")
    HEALTH = "health", _("Health (健康医疗)")
    REPAIR = "repair", _("Repairs (维修)")
    SAFETY = "safety", _("Safety (安全)")
    LEGAL = "legal", _("Legal advice and mediation (法律调解)")
    CULTURE = "culture", _("Culture and activities (文体活动)")
    EMPLOYMENT = "employment", _("Jobs and skills (就业技能)")
    OTHER = "other", _("Other (其他)")


class NeedSource(models.TextChoices):
    ONLINE = "online", _("Online (线上)")
    COURTYARD_MEETING = "courtyard_meeting", _("Courtyard meeting (坝坝会)")
    HOME_VISIT = "home_visit", _("Home visit (走访)")
    PHONE = "phone", _("Phone (电话)")


class NeedStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted (待受理)")
    ACCEPTED = "accepted", _("Accepted (已纳入清单)")
    WISH = "wish", _("Small wish (微心愿)")
    IN_PROGRESS = "in_progress", _("Being handled (办理中)")
    RESOLVED = "resolved", _("Resolved (已办结)")
    CLOSED = "closed", _("Closed (已关闭)")
    DECLINED = "declined", _("Declined (不予受理)")
    MERGED = "merged", _("Merged (已合并)")


class Need(models.Model):
    """One resident need (民意清单 entry)."""

    title = models.CharField(_("title"), max_length=80)
    description = models.TextField(_("description"), max_length=2000)
    category = models.CharField(_("category"), max_length=16, choices=NeedCategory.choices)
    source = models.CharField(
        _("source"), max_length=20, choices=NeedSource.choices, default=NeedSource.ONLINE
    )
    place = models.CharField(_("place or courtyard"), max_length=80, blank=True)
    lat = models.FloatField(_("latitude (GCJ-02)"), null=True, blank=True)
    lng = models.FloatField(_("longitude (GCJ-02)"), null=True, blank=True)
    raised_by = platform_reference(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+"
    )
    # Gathered offline: who spoke for it (never published).
    residents_note = models.CharField(_("residents behind it"), max_length=200, blank=True)
    recorded_by = platform_reference(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.SUBMITTED
    )
    status_changed_at = models.DateTimeField(_("status changed"))
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    support_count = models.PositiveIntegerField(_("seconded by"), default=0)
    created_at = models.DateTimeField(_("raised"), db_index=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("need (需求)")
        verbose_name_plural = _("needs (需求清单)")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(lat__isnull=True, lng__isnull=True)
                | Q(lat__isnull=False, lng__isnull=False),
                name="need_point_complete",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def path(self) -> str:
        """Where it lives on its community's host."""
        return f"/needs/{self.pk}/"


class NeedTransition(Transition):
    statuses = NeedStatus
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        verbose_name = _("need transition")
        verbose_name_plural = _("need transitions")


class NeedSupport(models.Model):
    """附议: a resident says "me too"; one per person and need."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="supports")
    user = platform_reference(settings.AUTH_USER_MODEL, related_name="+")
    created_at = models.DateTimeField(_("seconded"), auto_now_add=True)

    class Meta:
        verbose_name = _("seconding (附议)")
        verbose_name_plural = _("seconding (附议)")
        constraints = [
            models.UniqueConstraint(fields=["need", "user"], name="one_support_per_person")
        ]

    def __str__(self):
        return f"{self.need_id} ← {self.user_id}"


class NeedRating(models.Model):
    """满意度: the raiser or a seconder rates the outcome of a resolved need."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="ratings")
    user = platform_reference(settings.AUTH_USER_MODEL, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("rated"), auto_now_add=True)

    class Meta:
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        constraints = [
            models.UniqueConstraint(fields=["need", "user"], name="one_need_rating_per_person"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="need_rating_score_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.need_id}: {self.score}"


class NeedMatch(models.Model):
    """匹配确认: a resource of the resources list that staff confirmed for a need.

    The resource is named by its source and key (a partner's commitment or the community's
    own), with its title, provider and the matching reason as staff saw them when confirming,
    so the need's page reads the same after the resource changes. Withdrawing keeps the row
    (who, when); at most one live match per need and resource.
    """

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches")
    source = models.CharField(max_length=16)  # matching.Resource.source: partner | community
    key = models.PositiveBigIntegerField()
    # The partner behind a commitment: told of the match.
    partnership = models.ForeignKey(
        "partners.Partnership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="need_matches",
    )
    title = models.CharField(_("resource"), max_length=120)
    provider = models.CharField(_("provided by"), max_length=200, blank=True)
    reason = models.CharField(_("why it was suggested"), max_length=300, blank=True)
    confirmed_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed"))
    withdrawn_by = platform_reference(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("confirmed match (匹配确认)")
        verbose_name_plural = _("confirmed matches (匹配确认)")
        ordering = ["confirmed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "source", "key"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_live_match_per_resource",
            )
        ]

    def __str__(self):
        return f"{self.need_id} ↔ {self.title}"


class ResourceKind(models.TextChoices):
    ROOM = "room", _("Room or venue (场地)")
    EQUIPMENT = "equipment", _("Equipment (设备)")
    VOLUNTEER_TEAM = "volunteer_team", _("Volunteer team (志愿队伍)")
    FUNDS = "funds", _("Funds (资金)")
    SERVICE = "service", _("Service (服务)")


class CommunityResource(models.Model):
    """The community's own entry in the resources list (资源清单); partners' commitments are
    the other entries and live in the partners app."""

    title = models.CharField(_("title"), max_length=80)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices)
    categories = models.JSONField(_("needs it serves"), default=list, blank=True)
    place = models.CharField(_("place"), max_length=80, blank=True)
    lat = models.FloatField(_("latitude (GCJ-02)"), null=True, blank=True)
    lng = models.FloatField(_("longitude (GCJ-02)"), null=True, blank=True)
    available = models.BooleanField(_("available"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("community resource (社区资源)")
        verbose_name_plural = _("community resources (资源清单)")
        ordering = ["title", "id"]

    def __str__(self):
        return self.title


class ResourceTerms(models.Model):
    """The words one resource of the resources list is matched by (`matching.terms` of its
    title and description), cut once instead of on every suggestion.

    A row is a cache that checks itself: it keeps the exact text and the cutter's version it
    was made from, and is used only while both still match the resource (compared in the
    query that reads the resource). A resource edited by any path — services, the admin, a
    bulk update, another process — is therefore never matched by stale words: its row no
    longer matches, its words are cut again and the row rewritten. Partners' commitments are
    keyed here rather than given a column, so the partners app needs no hook for them.
    """

    source = models.CharField(max_length=16)  # matching.Resource.source: partner | community
    key = models.PositiveBigIntegerField()
    version = models.PositiveSmallIntegerField()
    text = models.TextField()
    terms = ArrayField(models.TextField())

    class Meta:
        verbose_name = _("resource terms")
        verbose_name_plural = _("resource terms")
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="one_terms_row_per_resource")
        ]

    def __str__(self):
        return f"{self.source} {self.key}"


class TaskStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (草稿)")
    PUBLISHED = "published", _("Published, open to partners (已发布)")
    AWARDED = "awarded", _("Taken on (已承接)")
    CANCELLED = "cancelled", _("Cancelled (已取消)")


class Task(models.Model):
    """任务清单 entry: what the community asks partners to take on, from one or more needs."""

    title = models.CharField(_("title"), max_length=80)
    description = models.TextField(_("what is asked"), max_length=2000)
    category = models.CharField(_("category"), max_length=16, choices=NeedCategory.choices)
    place = models.CharField(_("where"), max_length=80, blank=True)
    lat = models.FloatField(_("latitude (GCJ-02)"), null=True, blank=True)
    lng = models.FloatField(_("longitude (GCJ-02)"), null=True, blank=True)
    due_on = models.DateField(_("respond by"))
    budget = models.PositiveBigIntegerField(_("budget (fen)"), null=True, blank=True)
    needs = models.ManyToManyField(Need, related_name="tasks", blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.DRAFT
    )
    status_changed_at = models.DateTimeField(_("status changed"))
    created_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("task (任务清单)")
        verbose_name_plural = _("tasks (任务清单)")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.title

    @property
    def path(self) -> str:
        """Where it lives on its community's host."""
        return f"/needs/tasks/{self.pk}/"


class TaskTransition(Transition):
    statuses = TaskStatus
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        pass


class ResponseStatus(models.TextChoices):
    OFFERED = "offered", _("Offered (已响应)")
    CHOSEN = "chosen", _("Chosen (已选定)")
    NOT_CHOSEN = "not_chosen", _("Not chosen (未选定)")
    WITHDRAWN = "withdrawn", _("Withdrawn (已撤回)")


class TaskResponse(models.Model):
    """承接: a partner answers a published task with what it offers."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="responses")
    partnership = models.ForeignKey(
        "partners.Partnership", on_delete=models.PROTECT, related_name="task_responses"
    )
    offer = models.TextField(_("what we offer"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.OFFERED
    )
    responded_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    created_at = models.DateTimeField(_("responded"), auto_now_add=True)

    class Meta:
        verbose_name = _("task response (承接)")
        verbose_name_plural = _("task responses (承接)")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "partnership"], name="one_response_per_partner")
        ]

    def __str__(self):
        return self.offer[:40]


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", _("Under way (实施中)")
    COMPLETED = "completed", _("Completed (已完成)")
    CANCELLED = "cancelled", _("Cancelled (已取消)")


class Project(models.Model):
    """项目: a task taken on by its partner(s), followed to completion."""

    task = models.OneToOneField(Task, on_delete=models.PROTECT, related_name="project")
    title = models.CharField(_("title"), max_length=80)
    partnerships = models.ManyToManyField("partners.Partnership", related_name="projects")
    budget = models.PositiveBigIntegerField(_("budget (fen)"), null=True, blank=True)
    # Where money moves through the micro-fund: a micro-grant proposal of this community.
    grant_proposal = models.ForeignKey(
        "microfund.Proposal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    status_changed_at = models.DateTimeField(_("status changed"))
    started_at = models.DateTimeField(_("started"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("project (项目)")
        verbose_name_plural = _("projects (项目清单)")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def path(self) -> str:
        """Where it lives on its community's host."""
        return f"/needs/projects/{self.pk}/"


class ProjectTransition(Transition):
    statuses = ProjectStatus
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        pass


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=80)
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.title


class ProjectUpdate(models.Model):
    """A progress note, public with the project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("progress"), max_length=2000)
    author = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:40]
