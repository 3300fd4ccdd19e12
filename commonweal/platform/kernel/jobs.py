"""Background jobs on PostgreSQL (Procrastinate).

Jobs are rows in the public schema, written through Django's connection: deferring inside a
transaction commits or rolls back with the change that caused it. A community's job carries
its schema name and runs inside that schema, in the community's time zone.
"""

import functools
import json
import zoneinfo
from collections.abc import Sequence

from django.db import connection, models
from django.utils import timezone
from django_tenants.utils import get_tenant_model
from procrastinate.contrib.django import app

from commonweal.platform.kernel.db import insert_once_sql, saved


def community_task(**task_options):
    """Decorate `fn(*, community, **kwargs)`; defer it with `community_schema=<schema>`."""

    def decorate(fn):
        @functools.wraps(fn)
        def run(*, community_schema: str, **kwargs):
            community = get_tenant_model().objects.get(schema_name=community_schema)
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


def _waking(task, queueing_lock: str, schedule_at, task_kwargs: dict, source: str):
    """A job of `task` for each row of `source` unless one with `queueing_lock` is waiting.

    Written as SQL rather than `task.configure(queueing_lock=…).defer()`, which raises a
    unique violation while a twin waits (nearly always, under load): an error logged by
    PostgreSQL, and the end of any transaction around it. It inserts the columns
    Procrastinate's own `procrastinate_defer_jobs_v1` inserts, and its triggers wake a worker
    as for any job (`tests/microfund/test_webhook_inbox.py` reads such a job back through
    Procrastinate and has a worker run one)."""
    sql = (
        "INSERT INTO public.procrastinate_jobs"
        " (queue_name, task_name, priority, lock, queueing_lock, args, scheduled_at)"
        f" SELECT %s, %s, %s, NULL, %s, %s::jsonb, %s {source}"
        " ON CONFLICT (queueing_lock) WHERE status = 'todo' DO NOTHING"
    )
    job = [task.queue, task.name, task.priority, queueing_lock, json.dumps(task_kwargs)]
    return sql, [*job, schedule_at]


def defer_unless_waiting(task, *, queueing_lock: str, schedule_at=None, **task_kwargs) -> bool:
    """Defer a job of `task` unless one with the same `queueing_lock` waits already (or is
    scheduled); True when deferred. Never an error, so safe inside a transaction."""
    sql, values = _waking(task, queueing_lock, schedule_at, task_kwargs, "")
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.rowcount == 1


def insert_once_and_wake(
    obj: models.Model, *, unique: Sequence[str], task, queueing_lock: str, **task_kwargs
) -> bool:
    """`insert_once(obj)`, and when it inserted, `defer_unless_waiting(task, …)`: one
    statement, one round trip, no error either way. For a row a job will pick up (an inbox):
    a waiting job runs after this statement commits, so it sees the row; a running one may
    not, and then the new job runs after it."""
    sql, values = insert_once_sql(obj, unique=unique)
    wake, job = _waking(task, queueing_lock, None, task_kwargs, "FROM stored")
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH stored AS ({sql}), woken AS ({wake}) SELECT * FROM stored", values + job
        )
        row = cursor.fetchone()
    if row is None:
        return False
    saved(obj, row[0])
    return True
