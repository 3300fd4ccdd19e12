"""Who may call the time bank's writes."""

from commonweal.platform.kernel.graphql.mutations import roles
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role
from commonweal.timebank.roles import PUBLISHERS

ORGANISERS = roles(*PUBLISHERS)
VOLUNTEERS = roles(Role.VOLUNTEER)
MERCHANTS = roles(Role.PARTNER_REPRESENTATIVE, *OFFICE_ROLES)
