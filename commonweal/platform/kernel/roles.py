import functools

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a member may do inside one community."""

    ADMIN = "admin", _("Administrator")
    STAFF = "staff", _("Staff")
    GRID_WORKER = "grid_worker", _("Grid worker")
    PARTNER_REPRESENTATIVE = "partner_representative", _("Partner representative")
    VOLUNTEER = "volunteer", _("Volunteer")
    RESIDENT = "resident", _("Resident")
    DONOR = "donor", _("Donor")


# Roles that run the community's office: they see every member and the community admin.
OFFICE_ROLES = frozenset({Role.ADMIN, Role.STAFF})


def roles_in_current_community(request) -> frozenset[Role]:
    """The request's user's roles in the request's community (none for a visitor).

    Memberships belong to accounts, which sits above the kernel; the kernel's permissions ask
    through `COMMUNITY_ROLES_LOOKUP`, as Django's own code reaches the user model through
    `AUTH_USER_MODEL`, so the layers stay one-way.
    """
    return _lookup()(request)


@functools.cache
def _lookup():
    return import_string(settings.COMMUNITY_ROLES_LOOKUP)
