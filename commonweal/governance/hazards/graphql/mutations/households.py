"""Recording a grid's buildings and households over GraphQL (office only: door numbers are
the office's and the grid workers' working lists, never public)."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.governance.hazards import selectors
from commonweal.governance.hazards.graphql.mutations.shared import HazardError, pk
from commonweal.governance.hazards.graphql.types import GridType
from commonweal.governance.hazards.models import Building
from commonweal.governance.hazards.services import households as services
from commonweal.platform.kernel.graphql.mutations import OFFICE, arg, caller, mutation, payload


@strawberry.type(name="HazardBuilding", description="A building or courtyard of a grid.")
class BuildingType:
    name: str = strawberry.field(description="Its name (楼栋, 院落).")
    households: list[str] = strawberry.field(description="Its households: unit and door.")


@strawberry.type(name="HazardHouseholdLine", description="A line of a households spreadsheet.")
class LineType:
    line: int = strawberry.field(description="Its number in the file, from 1.")
    building: str = strawberry.field(description="Building.")
    unit: str = strawberry.field(description="Unit (may be empty).")
    door: str = strawberry.field(description="Door (empty: the building only).")
    error: str | None = strawberry.field(description="What is wrong, as a code; null if fine.")
    message: str | None = strawberry.field(description="What is wrong, in words.")


ImportPayload = payload(
    "HazardHouseholdImportPayload",
    HazardError,
    lines=(list[LineType], "Every line read, each with its error if any."),
    new_buildings=(int, "Buildings the lines add."),
    new_households=(int, "Households the lines add."),
    saved=(bool, "True when saved; false for a preview."),
)
AddPayload = payload(
    "HazardHouseholdPayload", HazardError, building=(BuildingType, "The building, as recorded.")
)

GRID = Annotated[relay.GlobalID, arg("The grid.")]


def building_of(building: Building) -> BuildingType:
    return BuildingType(name=building.name, households=[str(h) for h in building.households.all()])


@strawberry.type
class HouseholdMutation:
    @mutation(
        ImportPayload,
        allow=OFFICE,
        description="Read a households spreadsheet (CSV: building, unit, door) for a grid: "
        "with preview, only say what each line would do; without, save all lines — or, when "
        "any line is wrong, none (LINES_HAVE_ERRORS).",
    )
    def import_hazard_households(
        self,
        info: Info,
        grid_id: GRID,
        csv: Annotated[str, arg("The spreadsheet's text (UTF-8).")],
        preview: Annotated[bool, arg("Only check the lines.")] = False,
    ) -> ImportPayload:
        who = caller(info)
        grid = selectors.access_grid(grid_id=pk(grid_id, GridType))
        if preview:
            found = services.households_preview(grid=grid, text=csv)
        else:
            found = services.households_import(actor=who.user, grid=grid, text=csv)
        return ImportPayload(
            lines=[
                LineType(
                    line=line.number,
                    building=line.building,
                    unit=line.unit,
                    door=line.door,
                    error=line.code or None,
                    message=line.message or None,
                )
                for line in found.lines
            ],
            new_buildings=found.new_buildings,
            new_households=found.new_households,
            saved=not preview,
        )

    @mutation(
        AddPayload,
        allow=OFFICE,
        description="Record one household of a grid by hand (no door: only its building).",
    )
    def add_hazard_household(
        self,
        info: Info,
        grid_id: GRID,
        building: Annotated[str, arg("Building or courtyard (≤ 60 characters).")],
        unit: Annotated[str, arg("Unit (单元), may be empty.")] = "",
        door: Annotated[str, arg("Door (门牌); empty for the building only.")] = "",
    ) -> AddPayload:
        who = caller(info)
        grid = selectors.access_grid(grid_id=pk(grid_id, GridType))
        line = services.household_add(
            actor=who.user, grid=grid, building=building, unit=unit, door=door
        )
        recorded = Building.objects.prefetch_related("households").get(
            grid=grid, name=line.building
        )
        return AddPayload(building=building_of(recorded))
