"""Background jobs on PostgreSQL (Procrastinate).

Jobs are rows in the public schema, written through Django's connection: deferring inside a
transaction commits or rolls back with the change that caused it. A community's job carries
its schema name and runs inside that schema, in the community's time zone.
"""

import functools
import zoneinfo

from django.db import connection
from django.utils import timezone
from procrastinate.contrib.django import app


def community_task(**task_options):
    """Decorate `fn(*, community, **kwargs)`; defer it with `community_schema=<schema>`."""

    def decorate(fn):
        @functools.wraps(fn)
        def run(*, community_schema: str, **kwargs):
            from commonweal.tenants.models import Community

            community = Community.objects.get(schema_name=community_schema)
            connection.set_tenant(community)
            # Dates a job writes into e-mails and records read as its pages do: in the
            # community's time zone, as CommunityTimeZoneMiddleware does for requests.
            if community.time_zone:
                timezone.activate(zoneinfo.ZoneInfo(community.time_zone))
            try:
                return fn(community=community, **kwargs)
            finally:
                timezone.deactivate()
                connection.set_schema_to_public()

        return app.task(name=f"{fn.__module__}.{fn.__name__}", **task_options)(run)

    return decorate


def platform_task(**task_options):
    def decorate(fn):
        return app.task(name=f"{fn.__module__}.{fn.__name__}", **task_options)(fn)

    return decorate
