"""What the hazards mutations share: the typed error, who handles reports, ids read back."""

from strawberry import relay

from commonweal.governance.hazards import selectors
from commonweal.governance.hazards.error_codes import HazardErrorCode, not_found
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.graphql.errors import error_type
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import roles
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role

HazardError = error_type(HazardErrorCode, "HazardError")
# Grid workers pass the role check; which reports they may handle is the selector's rule.
HANDLERS = roles(*OFFICE_ROLES, Role.GRID_WORKER)


def pk(global_id: relay.GlobalID, type_) -> int:
    """The row id inside a global id of `type_`; anything else reads as not found."""
    node_id = pk_of(global_id, type_, HazardErrorCode)
    if not node_id.isdigit() or len(node_id) > 18:
        raise not_found()
    return int(node_id)


def report_of(who, id, *, handling=False):
    from commonweal.governance.hazards.graphql.types import ReportType

    return selectors.access_report(
        actor=who.user,
        roles=roles_in_current_community(who.request),
        report_id=pk(id, ReportType),
        handling=handling,
    )
