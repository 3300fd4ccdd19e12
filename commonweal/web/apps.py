from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "commonweal.web"
    label = "web"
    verbose_name = _("Web shell")

    def ready(self):
        # Each app declares its tiles, queues and links in its own `web.py` (see registry).
        autodiscover_modules("web")
