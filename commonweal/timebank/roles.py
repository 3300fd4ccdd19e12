"""Who may do what in the time bank, in the community's own words."""

from commonweal.platform.accounts.models import Membership
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role

# 发布任务: the office, grid workers (网格员) and partners.
PUBLISHERS = frozenset({Role.ADMIN, Role.STAFF, Role.GRID_WORKER, Role.PARTNER_REPRESENTATIVE})


def roles_of(community, user) -> frozenset[Role]:
    if user is None or not user.is_authenticated or community is None:
        return frozenset()
    row = (
        Membership.objects.filter(user=user, community=community)
        .values_list("roles", flat=True)
        .first()
    )
    return frozenset(Role(r) for r in row or ())


def is_office(community, user) -> bool:
    return bool(roles_of(community, user) & OFFICE_ROLES)
