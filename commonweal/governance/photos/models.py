"""Photos (照片) of residents' needs and of hazard reports, the fix's photos included.

A photo belongs to exactly one need or one report. Two nullable foreign keys and a check
constraint say so in PostgreSQL, where a generic relation (content type + object id) could
point at a deleted row or a table of the wrong kind and be joined by no index; the owners are
two and known, so the explicit keys cost nothing. Deleting the owner deletes its photos' rows
(their files go with `services.photo_remove`'s cleanup, not here).

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
                condition=Q(need__isnull=False, report__isnull=True)
                | Q(need__isnull=True, report__isnull=False),
                name="photo_has_exactly_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(of_the_fix=False) | Q(report__isnull=False),
                name="photo_of_a_fix_is_a_reports",
            ),
        ]

    def __str__(self):
        owner = f"need {self.need_id}" if self.need_id else f"report {self.report_id}"
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
        return f"/needs/{self.need_id}/" if self.need_id else f"/hazards/{self.report_id}/"
