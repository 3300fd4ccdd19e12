from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimebankConfig(AppConfig):
    name = "commonweal.timebank"
    label = "timebank"
    verbose_name = _("Time bank")
