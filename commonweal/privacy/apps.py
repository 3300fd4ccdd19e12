from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "commonweal.privacy"
    label = "privacy"
    verbose_name = _("Personal data (个人信息)")

    def ready(self):
        # Each app declares its personal data in its own `personal.py`, next to its models;
        # tests/privacy/test_registry.py fails for a model that refers to a person undeclared.
        autodiscover_modules("personal")
