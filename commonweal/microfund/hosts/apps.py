from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiscalHostsConfig(AppConfig):
    name = "commonweal.microfund.hosts"
    label = "fiscal_hosts"
    verbose_name = _("Fiscal hosts")
    default_auto_field = "django.db.models.BigAutoField"
