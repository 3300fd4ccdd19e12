from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnerRegistryConfig(AppConfig):
    """Partner organisations' one identity across communities (public schema)."""

    name = "commonweal.partners.registry"
    label = "partner_registry"
    verbose_name = _("Partner organisations")
