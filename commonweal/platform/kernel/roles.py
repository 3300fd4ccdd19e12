from django.db import models
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
