"""A grid's buildings and households over GraphQL (office only: door numbers are the office's
and the grid workers' working lists, never public)."""

import strawberry

from commonweal.governance.hazards import selectors
from commonweal.governance.hazards.graphql.mutations.households import (
    GRID,
    BuildingType,
    building_of,
)
from commonweal.governance.hazards.graphql.mutations.shared import pk
from commonweal.governance.hazards.graphql.types import GridType
from commonweal.governance.hazards.models import Building
from commonweal.platform.kernel.graphql.permissions import HasRole
from commonweal.platform.kernel.roles import OFFICE_ROLES


@strawberry.type
class HouseholdQuery:
    @strawberry.field(
        description="A grid's buildings and households (office roles).",
        extensions=[HasRole(*OFFICE_ROLES)],
    )
    def hazard_grid_buildings(self, grid_id: GRID) -> list[BuildingType]:
        grid = selectors.access_grid(grid_id=pk(grid_id, GridType))
        return [
            building_of(b)
            for b in Building.objects.filter(grid=grid).prefetch_related("households")
        ]
