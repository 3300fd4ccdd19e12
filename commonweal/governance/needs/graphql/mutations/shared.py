"""What the needs mutations share: the typed error and ids read back to rows."""

from strawberry import relay

from commonweal.governance.needs.error_codes import NeedErrorCode
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.graphql.errors import error_type
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import roles
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role

NeedError = error_type(NeedErrorCode, "NeedError")
NEED_GATHERERS = roles(*OFFICE_ROLES, Role.GRID_WORKER)
WISH_ADOPTERS = roles(*OFFICE_ROLES, Role.VOLUNTEER, Role.PARTNER_REPRESENTATIVE)
PROJECT_REPORTERS = roles(*OFFICE_ROLES, Role.PARTNER_REPRESENTATIVE)


def pk(global_id: relay.GlobalID, type_) -> str:
    return pk_of(global_id, type_, NeedErrorCode)


def roles_of(who) -> frozenset:
    return roles_in_current_community(who.request)
