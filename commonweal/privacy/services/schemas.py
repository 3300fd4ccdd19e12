"""Where a declared model's rows live: the public schema, every community's schema, or both
(Django admin's log is in both)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.db import connection

from commonweal.privacy.registry import PersonalData, declarations


def _labels(app_names) -> frozenset[str]:
    return frozenset(
        config.label for config in apps.get_app_configs() if config.name in set(app_names)
    )


def declared_in(*, public: bool) -> list[PersonalData]:
    labels = _labels(settings.SHARED_APPS if public else settings.TENANT_APPS)
    return [d for d in declarations() if d.model._meta.app_label in labels]


@contextmanager
def in_community(community) -> Iterator[None]:
    connection.set_tenant(community)
    try:
        yield
    finally:
        connection.set_schema_to_public()


def communities():
    from commonweal.tenants.models import Community

    return Community.objects.order_by("slug")
