from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HazardsConfig(AppConfig):
    name = "commonweal.governance.hazards"
    label = "hazards"
    verbose_name = _("Micro-grids and hazard reports (微网实格 · 安全隐患随手报)")

    def ready(self):
        from commonweal.governance.hazards import states

        states.connect()
