from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "commonweal.governance.deliberation"
    label = "deliberation"
    verbose_name = _("Deliberation and joint meetings (议事协商 · 联席会)")
