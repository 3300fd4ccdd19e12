"""The heat map of open reports: counts per cell of a regular lattice, counted in PostgreSQL.

The view (a bounding box in GCJ-02; the extent of the open reports when none is given) is cut
into at most `SIDE` × `SIDE` cells and one GROUP BY counts the open reports in each, so the
answer never lists a report and never holds more than `SIDE`² cells, whatever their number.
Open reports are public (only closed duplicates and non-hazards are hidden), so anyone may
read the map.
"""

import math
from dataclasses import dataclass

from django.db import connection

from commonweal.governance.hazards.models import OPEN_STATES

SIDE = 32
MAX_SPAN = 2.0  # degrees: a view wider than a city is clipped around its centre
MARGIN = 0.002  # degrees (~200 m) around the reports' extent, so a lone report has a cell

_EXTENT = """
    SELECT min(lat), min(lng), max(lat), max(lng) FROM hazards_hazardreport
    WHERE state = ANY(%(open)s)
"""
_CELLS = """
    SELECT c.i, c.j, count(*) AS n FROM (
      SELECT least(floor((lat - %(s)s) / %(dlat)s)::int, %(side)s - 1) AS i,
             least(floor((lng - %(w)s) / %(dlng)s)::int, %(side)s - 1) AS j
      FROM hazards_hazardreport
      WHERE state = ANY(%(open)s)
        AND lat BETWEEN %(s)s AND %(n)s AND lng BETWEEN %(w)s AND %(e)s) c
    GROUP BY c.i, c.j
    ORDER BY n DESC, c.i, c.j
    LIMIT %(limit)s
"""


@dataclass(frozen=True)
class Cell:
    south: float
    west: float
    north: float
    east: float
    count: int


@dataclass(frozen=True)
class HeatMap:
    cells: list[Cell]
    south: float
    west: float
    north: float
    east: float
    total: int  # open reports inside the view
    max_count: int


def _clean_view(south, west, north, east):
    values = (south, west, north, east)
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
        return None
    south, north = max(-90.0, min(south, north)), min(90.0, max(south, north))
    west, east = max(-180.0, min(west, east)), min(180.0, max(west, east))
    if north - south > MAX_SPAN:
        middle = (north + south) / 2
        south, north = middle - MAX_SPAN / 2, middle + MAX_SPAN / 2
    if east - west > MAX_SPAN:
        middle = (east + west) / 2
        west, east = middle - MAX_SPAN / 2, middle + MAX_SPAN / 2
    return float(south), float(west), float(north), float(east)


def open_report_heat(south=None, west=None, north=None, east=None) -> HeatMap:
    """Cells of the view (GCJ-02) holding at least one open report, busiest first."""
    open_states = sorted(OPEN_STATES)
    view = None if None in (south, west, north, east) else _clean_view(south, west, north, east)
    with connection.cursor() as cursor:
        if view is None:
            cursor.execute(_EXTENT, {"open": open_states})
            extent = cursor.fetchone()
            if extent[0] is None:
                return HeatMap([], 0.0, 0.0, 0.0, 0.0, 0, 0)
            s, w, n, e = extent
            view = _clean_view(s - MARGIN, w - MARGIN, n + MARGIN, e + MARGIN)
        s, w, n, e = view
        dlat, dlng = max((n - s) / SIDE, 1e-6), max((e - w) / SIDE, 1e-6)
        cursor.execute(
            _CELLS,
            {
                "open": open_states,
                "s": s,
                "w": w,
                "n": n,
                "e": e,
                "dlat": dlat,
                "dlng": dlng,
                "side": SIDE,
                "limit": SIDE * SIDE,
            },
        )
        rows = cursor.fetchall()
    cells = [
        Cell(s + i * dlat, w + j * dlng, s + (i + 1) * dlat, w + (j + 1) * dlng, count)
        for i, j, count in rows
    ]
    return HeatMap(
        cells=cells,
        south=s,
        west=w,
        north=n,
        east=e,
        total=sum(c.count for c in cells),
        max_count=max((c.count for c in cells), default=0),
    )
