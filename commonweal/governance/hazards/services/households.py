"""Recording a grid's buildings and households: by hand, or from a spreadsheet (CSV).

A CSV has three columns — building (楼栋/院落), unit (单元, may be empty) and door (门牌) — one
household a line; a line with only a building records the building (for campaigns that visit
buildings). A first line naming the columns is skipped. `households_preview` reads every line
and says, per line, what is wrong with a code; `households_import` saves all the lines or,
when any line is wrong, none. Names are trimmed; nothing is cut short.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from commonweal.governance.hazards.error_codes import HazardErrorCode
from commonweal.governance.hazards.models import Building, Grid, Household
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.text import check_text

MAX_LINES = 5_000
HEADERS = {"楼栋", "院落", "楼栋/院落", "楼栋院落", "building"}
LIMITS = {"building": 60, "unit": 20, "door": 20}


@dataclass
class Line:
    number: int  # in the file, from 1
    building: str
    unit: str
    door: str
    code: str = ""  # an error code, or "" when the line is good
    message: str = ""
    field: str = ""

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.building, self.unit, self.door) if part)


@dataclass
class Preview:
    lines: list[Line]
    new_buildings: int
    new_households: int

    @property
    def errors(self) -> list[Line]:
        return [line for line in self.lines if line.code]


def _refuse(line: Line, code: str, message, field: str = "door") -> None:
    line.code, line.message, line.field = code, str(message), field


def _check(line: Line, cells: list[str]) -> None:
    if len(cells) not in (1, 2, 3):
        return _refuse(line, HazardErrorCode.WRONG_COLUMNS, _("Give building, unit and door."))
    for field, value in (("building", line.building), ("unit", line.unit), ("door", line.door)):
        if len(value) > LIMITS[field]:
            return _refuse(
                line,
                HazardErrorCode.TOO_LONG,
                _("At most %(limit)d characters.") % {"limit": LIMITS[field]},
                field,
            )
    if not line.building:
        return _refuse(line, HazardErrorCode.BUILDING_REQUIRED, _("Give the building."), "building")
    if line.unit and not line.door:
        return _refuse(line, HazardErrorCode.DOOR_REQUIRED, _("Give the door number."))
    return None


def _read(text: str) -> list[Line]:
    if not isinstance(text, str) or not text.strip():
        raise DomainError(
            HazardErrorCode.NOTHING_TO_IMPORT, _("The file has no lines."), field="csv"
        )
    check_text(text, field="csv")  # NUL or a lone surrogate: refused before csv reads it
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if len(rows) > MAX_LINES + 1:
        raise DomainError(
            HazardErrorCode.TOO_MANY_LINES,
            _("At most %(n)d lines at a time.") % {"n": MAX_LINES},
            field="csv",
        )
    lines = []
    for number, cells in enumerate(rows, start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if number == 1 and cells[0].lower() in HEADERS:
            continue
        padded = [*cells, "", ""][:3]
        line = Line(number, *padded)
        _check(line, cells)
        lines.append(line)
    if not lines:
        raise DomainError(
            HazardErrorCode.NOTHING_TO_IMPORT, _("The file has no lines."), field="csv"
        )
    return lines


def households_preview(*, grid: Grid, text: str) -> Preview:
    """Every line of `text` with its error code, if any; nothing is saved."""
    return _preview(grid, _read(text))


def _preview(grid: Grid, lines: list[Line]) -> Preview:
    buildings = dict(Building.objects.filter(grid=grid).values_list("name", "pk"))
    recorded = set(
        Household.objects.filter(building__grid=grid).values_list("building__name", "unit", "door")
    )
    seen: set[tuple[str, str, str]] = set()
    new_buildings: set[str] = set()
    new_households = 0
    for line in lines:
        if line.code:
            continue
        key = (line.building, line.unit, line.door)
        if key in seen:
            _refuse(line, HazardErrorCode.DUPLICATE_LINE, _("The same as an earlier line."))
            continue
        seen.add(key)
        if line.door and key in recorded:
            _refuse(line, HazardErrorCode.ALREADY_RECORDED, _("Already recorded."))
            continue
        if line.building not in buildings:
            new_buildings.add(line.building)
        new_households += bool(line.door)
    return Preview(lines, len(new_buildings), new_households)


def households_import(*, actor, grid: Grid, text: str) -> Preview:
    """Save every line of `text`, or — when any line has an error — nothing."""
    return _save(grid, _read(text))


def _save(grid: Grid, lines: list[Line]) -> Preview:
    grid = Grid.objects.select_for_update().get(pk=grid.pk)  # one import per grid at a time
    preview = _preview(grid, lines)
    if preview.errors:
        numbers = "、".join(str(line.number) for line in preview.errors[:10])
        raise DomainError(
            HazardErrorCode.LINES_HAVE_ERRORS,
            _("Nothing was saved: lines %(lines)s have errors.") % {"lines": numbers},
            field="csv",
        )
    buildings = dict(Building.objects.filter(grid=grid).values_list("name", "pk"))
    for line in preview.lines:
        if line.building not in buildings:
            buildings[line.building] = Building.objects.create(grid=grid, name=line.building).pk
    Household.objects.bulk_create(
        Household(building_id=buildings[line.building], unit=line.unit, door=line.door)
        for line in preview.lines
        if line.door
    )
    return preview


def household_add(*, actor, grid: Grid, building: str, unit: str = "", door: str = "") -> Line:
    """Record one household by hand (or, with no door, only its building)."""
    cells = [v.strip() if isinstance(v, str) else "" for v in (building, unit, door)]
    for field, value in zip(("building", "unit", "door"), cells, strict=True):
        check_text(value, field=field, multiline=False)
    line = Line(1, *cells)
    _check(line, cells)
    if not line.code:
        _preview(grid, [line])
    known = Building.objects.filter(grid=grid, name=line.building).exists()
    if not line.code and not line.door and known:
        _refuse(line, HazardErrorCode.ALREADY_RECORDED, _("Already recorded."), "building")
    if line.code:
        raise DomainError(line.code, line.message, field=line.field)
    _save(grid, [line])
    return line


def places_of(grid: Grid) -> tuple[list[str], list[str]]:
    """The buildings and the households recorded in `grid`, as campaign items name them."""
    buildings = list(Building.objects.filter(grid=grid).values_list("name", flat=True))
    households = [
        " ".join(part for part in (name, unit, door) if part)
        for name, unit, door in Household.objects.filter(building__grid=grid)
        .order_by("building_id", "id")
        .values_list("building__name", "unit", "door")
    ]
    return buildings, households
