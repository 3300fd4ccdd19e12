"""Spare schemas: onboarding takes one made ahead instead of running the template's script.

The script (`provisioning`) costs hundreds of milliseconds of DDL, and grows with every table
the product adds. A few spare schemas, made from the template snapshot in the background
(after each onboarding, and by `commonweal migrate`), turn a community's provisioning into a
rename inside the onboarding's transaction. Only a spare of the template *as it is now* is
taken: after a migration the old ones are dropped and new ones made, and until then
onboarding runs the script as before. Nothing else changes: the community's schema is the
same copy of the template either way (tests compare them), and a failed onboarding rolls the
rename back, leaving the spare on the list.
"""

import secrets

from django.conf import settings
from django.db import connection, transaction

from commonweal.tenants.models import SpareSchema, TemplateSnapshot
from commonweal.tenants.provisioning import provision_schema, snapshot_template

PREFIX = "cw_spare_"
# One process refreshes at a time; another finding the lock taken leaves the work to it.
REFRESH_LOCK = 0x5350_4152  # "SPAR"


def wanted() -> int:
    return settings.COMMONWEAL_SPARE_SCHEMAS


def take(schema_name: str, snapshot: TemplateSnapshot) -> bool:
    """Rename a spare of `snapshot` to `schema_name`, in the caller's transaction.

    False when there is none: the caller runs the script instead. Two onboardings at once
    take two different spares (the row lock is held to the caller's commit).
    """
    spare = (
        SpareSchema.objects.select_for_update(skip_locked=True)
        .filter(snapshot=snapshot)
        .order_by("id")
        .values_list("name", flat=True)
        .first()
    )
    if spare is None:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT public.commonweal_take_spare_schema(%s, %s)", [spare, schema_name])
        return cursor.fetchone()[0]


def make(snapshot: TemplateSnapshot) -> str:
    name = PREFIX + secrets.token_hex(6)
    with transaction.atomic():
        provision_schema(name, snapshot)
        SpareSchema.objects.create(name=name, snapshot=snapshot)
    return name


def drop(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT public.commonweal_drop_spare_schema(%s)", [name])
        return cursor.fetchone()[0]


def refresh(count: int | None = None) -> tuple[int, int]:
    """Drop the spares of an older template and make spares of this one up to `count`
    (the `COMMONWEAL_SPARE_SCHEMAS` setting by default). Returns (dropped, made)."""
    count = wanted() if count is None else count
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [REFRESH_LOCK])
        if not cursor.fetchone()[0]:
            return 0, 0
    try:
        snapshot = snapshot_template()
        stale = list(SpareSchema.objects.exclude(snapshot=snapshot).values_list("name", flat=True))
        dropped = sum(drop(name) for name in stale)
        have = SpareSchema.objects.filter(snapshot=snapshot).count()
        for _ in range(count - have):
            make(snapshot)
        return dropped, max(0, count - have)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REFRESH_LOCK])
