"""The heat map of open reports over GraphQL (see `hazards/heatmap.py`): cells, never reports."""

from typing import Annotated

import strawberry

from commonweal.governance.hazards.heatmap import open_report_heat
from commonweal.platform.kernel.graphql.mutations import arg


@strawberry.type(name="HazardHeatCell", description="A cell of the lattice and its open reports.")
class HeatCellType:
    south: float = strawberry.field(description="Southern edge (GCJ-02).")
    west: float = strawberry.field(description="Western edge (GCJ-02).")
    north: float = strawberry.field(description="Northern edge (GCJ-02).")
    east: float = strawberry.field(description="Eastern edge (GCJ-02).")
    count: int = strawberry.field(description="Open reports in the cell.")


@strawberry.type(name="HazardHeatMap", description="Open reports counted per cell (≤ 1,024).")
class HeatMapType:
    cells: list[HeatCellType] = strawberry.field(description="Cells with reports, busiest first.")
    south: float = strawberry.field(description="The view's southern edge (GCJ-02).")
    west: float = strawberry.field(description="The view's western edge.")
    north: float = strawberry.field(description="The view's northern edge.")
    east: float = strawberry.field(description="The view's eastern edge.")
    total: int = strawberry.field(description="Open reports in the view.")
    max_count: int = strawberry.field(description="The busiest cell's count.")


@strawberry.type
class HeatQuery:
    @strawberry.field(
        description="Open reports per cell of a 32 × 32 lattice over the view (public); the "
        "open reports' extent when no view is given."
    )
    def hazard_heat_map(
        self,
        south: Annotated[float | None, arg("View: southern edge (GCJ-02).")] = None,
        west: Annotated[float | None, arg("View: western edge.")] = None,
        north: Annotated[float | None, arg("View: northern edge.")] = None,
        east: Annotated[float | None, arg("View: eastern edge.")] = None,
    ) -> HeatMapType:
        heat = open_report_heat(south, west, north, east)
        return HeatMapType(
            cells=[
                HeatCellType(south=c.south, west=c.west, north=c.north, east=c.east, count=c.count)
                for c in heat.cells
            ],
            south=heat.south,
            west=heat.west,
            north=heat.north,
            east=heat.east,
            total=heat.total,
            max_count=heat.max_count,
        )
