"""Meetings — 居民议事会, 坝坝会, 联席会 — their invitations and who came."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonweal.governance.needs.models import Transition
from commonweal.platform.kernel.references import platform_reference


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
