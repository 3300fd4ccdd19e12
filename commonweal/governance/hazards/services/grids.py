"""Drawing the community's grids (网格) and micro-grids (微网格), and who works them.

A grid is drawn as an outline with holes (GCJ-02 rings of (lat, lng)); a micro-grid lies under
a grid, one level deep, as 社区 → 网格 → 微网格. Members are the community's own people:
a leader (总网格长 for a grid, 分网格长 for a micro-grid) and grid workers (网格员).
"""

from django.utils.translation import gettext_lazy as _

from commonweal.governance.hazards.error_codes import HazardErrorCode
from commonweal.governance.hazards.geometry import clean_rings
from commonweal.governance.hazards.models import Grid, GridHole, GridMember, GridRole
from commonweal.governance.hazards.services.text import required_text
from commonweal.platform.kernel.errors import DomainError


def _parent(parent: Grid | None, grid: Grid | None) -> Grid | None:
    if parent is None:
        return None
    if parent.parent_id is not None or (grid is not None and parent.pk == grid.pk):
        raise DomainError(
            HazardErrorCode.PARENT_IS_MICRO_GRID,
            _("A micro-grid lies under a grid, not under another micro-grid."),
            field="parent",
        )
    if grid is not None and grid.micro_grids.exists():
        raise DomainError(
            HazardErrorCode.PARENT_IS_MICRO_GRID,
            _("This grid has micro-grids of its own and cannot become one."),
            field="parent",
        )
    return parent


def grid_draw(*, actor, name, rings, parent=None, grid=None, households=None, covers="") -> Grid:
    """Create a grid (or redraw `grid`): outline first, then any holes."""
    outline, holes = clean_rings(rings)
    if households is not None and not (isinstance(households, int) and 0 <= households < 100_000):
        raise DomainError(
            HazardErrorCode.INVALID_SHAPE, _("Give the number of households."), field="households"
        )
    fields = {
        "name": required_text(name, field="name", limit=60, code=HazardErrorCode.NAME_REQUIRED),
        "parent": _parent(parent, grid),
        "boundary": outline,
        "households": households,
        "covers": required_text(covers, field="covers", limit=300, required=False),
    }
    if grid is None:
        grid = Grid.objects.create(**fields)
    else:
        for key, value in fields.items():
            setattr(grid, key, value)
        grid.save()
        grid.holes.all().delete()
    GridHole.objects.bulk_create(GridHole(grid=grid, ring=ring) for ring in holes)
    return grid


def grid_member_set(*, actor, community, grid: Grid, user, role: str) -> GridMember:
    """Make `user` (a member of the community) the grid's leader or one of its workers."""
    from commonweal.platform.accounts.models import Membership

    if role not in GridRole.values:
        raise DomainError(HazardErrorCode.INVALID_ROLE, _("Choose a role."), field="role")
    if user is None or not Membership.objects.filter(user=user, community=community).exists():
        raise DomainError(
            HazardErrorCode.NOT_A_MEMBER,
            _("Only the community's members work its grids."),
            field="user",
        )
    member, _created = GridMember.objects.update_or_create(
        grid=grid, user=user, defaults={"role": role}
    )
    return member


def grid_workers_of(grid: Grid | None):
    """Who handles a report at the grid level: the micro-grid's people, else its grid's."""
    from commonweal.platform.accounts.models import User

    while grid is not None:
        ids = list(GridMember.objects.filter(grid=grid).values_list("user_id", flat=True))
        if ids:
            return User.objects.filter(pk__in=ids, is_active=True)
        grid = grid.parent
    return User.objects.none()
