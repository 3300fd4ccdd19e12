from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "commonweal.governance.needs"
    label = "needs"
    verbose_name = _("Needs, tasks and projects (需求 · 任务 · 项目)")
