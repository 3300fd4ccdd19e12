from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfaremapConfig(AppConfig):
    name = "commonweal.welfaremap"
    label = "welfaremap"
    verbose_name = _("Public welfare map")
