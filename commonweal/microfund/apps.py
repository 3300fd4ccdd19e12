from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MicrofundConfig(AppConfig):
    name = "commonweal.microfund"
    label = "microfund"
    verbose_name = _("Micro-fund")
