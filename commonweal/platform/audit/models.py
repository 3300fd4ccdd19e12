"""操作日志: who changed what, when, in which community, from where. Append-only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One write by a member of a community's office or a platform admin that succeeded.

    Rows are only ever inserted: PostgreSQL refuses UPDATE, DELETE and TRUNCATE of the table
    (migration 0001), so not even the admin whose act it records can take it back."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("who (as shown then)"), max_length=200, blank=True)
    # The community's schema name, not a foreign key: the log outlives a deleted community.
    community = models.CharField(_("community"), max_length=63, blank=True, db_index=True)
    channel = models.CharField(_("through"), max_length=16)  # "graphql" or "admin"
    action = models.CharField(_("action"), max_length=120)
    target = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("what changed"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry (操作日志)")
        verbose_name_plural = _("audit log (操作日志)")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"
