"""Photos (照片) of residents' needs, of hazard reports (the fix's photos included) and of
projects' progress updates.

A photo belongs to exactly one need, one report or one progress update. Nullable foreign keys
and a check constraint say so in PostgreSQL, where a generic relation (content type + object
id) could point at a deleted row or a table of the wrong kind and be joined by no index; the
owners are three and known, so the explicit keys cost nothing. Deleting the owner deletes its
photos' rows, and each row deleted takes its files once the deletion commits
(`services.files_go_after_commit`).

What is stored is never what was sent: the pixels, turned upright and re-encoded with no
metadata (EXIF with its GPS position, XMP, comments), at most `processing.MAX_SIDE` pixels a
side, and a thumbnail. `image` and `thumbnail` are names in the default storage, under
`photos/<community schema>/`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.references import platform_reference


class Photo(models.Model):
    need = models.ForeignKey(
        "needs.Need",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("need"),
    )
    report = models.ForeignKey(
        "hazards.HazardReport",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("hazard report"),
    )
    # 进展照片: what a project's partner or the office shows of the work, public with the project.
    update = models.ForeignKey(
        "needs.ProjectUpdate",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("progress update"),
    )
    # 整改照片: attached by whoever marked the report fixed, shown apart from the reporter's.
    of_the_fix = models.BooleanField(_("photo of the fix"), default=False)
    # Never published for hazard reports (the reporter is never public).
    uploaded_by = platform_reference(settings.AUTH_USER_MODEL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"))
    image = models.CharField(_("stored photo"), max_length=200)
    thumbnail = models.CharField(_("stored thumbnail"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=20)
    width = models.PositiveIntegerField(_("width (px)"))
    height = models.PositiveIntegerField(_("height (px)"))
    thumbnail_width = models.PositiveIntegerField(_("thumbnail width (px)"))
    thumbnail_height = models.PositiveIntegerField(_("thumbnail height (px)"))
    size = models.PositiveIntegerField(_("bytes stored"))

    class Meta:
        verbose_name = _("photo (照片)")
        verbose_name_plural = _("photos (照片)")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(need__isnull=False, report__isnull=True, update__isnull=True)
                | Q(need__isnull=True, report__isnull=False, update__isnull=True)
                | Q(need__isnull=True, report__isnull=True, update__isnull=False),
                name="photo_has_exactly_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(of_the_fix=False) | Q(report__isnull=False),
                name="photo_of_a_fix_is_a_reports",
            ),
        ]

    def __str__(self):
        if self.need_id:
            owner = f"need {self.need_id}"
        elif self.report_id:
            owner = f"report {self.report_id}"
        else:
            owner = f"progress update {self.update_id}"
        return f"photo {self.pk} of {owner}"

    @property
    def path(self) -> str:
        """The full photo, on its community's host."""
        return f"/photos/{self.pk}/"

    @property
    def thumbnail_path(self) -> str:
        return f"/photos/{self.pk}/thumbnail/"

    @property
    def owner_path(self) -> str:
        if self.need_id:
            return f"/needs/{self.need_id}/"
        if self.report_id:
            return f"/hazards/{self.report_id}/"
        return f"/needs/projects/{self.update.project_id}/"
