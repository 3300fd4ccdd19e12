"""States a community adds to the report flow (`CustomState`), beside the eight built in.

A report in an added state keeps a built-in `state` of the added state's kind — its *base*:
being handled (处置中) for the open kind, fixed (已整改) for the fixed kind, unable to fix
(无法整改) for the closed kind — and records the added state in `stage`. So escalation, Open311's
open/closed, the statistics and search read the base and need nothing new, while pages,
notifications and the history show the added state's name. The transitions into an added
state are declared on it (`sources`); those out of an open one (`targets`) too.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CustomState(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name shown"), max_length=40)
    name_en = models.CharField(_("English name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=8)
    # Where it is listed in the flow: after this state (built-in or added).
    after = models.CharField(_("comes after"), max_length=16)
    sources = models.JSONField(_("may be entered from"), default=list)
    targets = models.JSONField(_("leads to"), default=list, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("added state")
        verbose_name_plural = _("added states")
        ordering = ["id"]

    def __str__(self):
        return f"{self.code}: {self.name}"
