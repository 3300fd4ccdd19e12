"""References from a community's schema to platform-wide rows: users, partner organisations.

They are foreign keys without a database constraint, on purpose. A constraint puts two RI
triggers on the referenced public table for every community and every reference, so at 1,000
communities `platform_user` would carry ~30,000 triggers: each `ADD CONSTRAINT` while
provisioning rebuilds that table's relcache entry (provisioning slowed linearly with the number
of communities: 12 ms for these constraints at 10 communities, 190 ms at 300), and every backend
touching the table loads them all.

Integrity rests instead on one rule: platform rows that communities refer to are never deleted.
Accounts are deactivated, organisations withdrawn; the admin offers no delete for them, and
Django's collector ignores these fields (DO_NOTHING) because it cannot see other schemas anyway.
"""

from django.db import models


def platform_reference(to, *, one_to_one: bool = False, **options):
    field = models.OneToOneField if one_to_one else models.ForeignKey
    return field(to, on_delete=models.DO_NOTHING, db_constraint=False, **options)
