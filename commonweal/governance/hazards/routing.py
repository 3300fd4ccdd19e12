"""Which grid a point belongs to: point-in-polygon in PostgreSQL, without PostGIS.

The answer is the grid whose outline contains the point (edges and corners included, see
`geometry`) and none of whose holes does (a hole's edge belongs to the hole); a micro-grid is
preferred over its grid; where grids share an edge, the older grid (lower id) takes the point,
so the answer never depends on the plan PostgreSQL picks. None: outside every grid.
Points are compared in the stored unit (micro-degrees, see `geometry`).
"""

from django.db import connection

from commonweal.governance.hazards.geometry import scaled

_ROUTE = """
    SELECT g.id FROM hazards_grid g
    WHERE g.bbox @> box(point(%(x)s, %(y)s), point(%(x)s, %(y)s))
      AND g.boundary @> point(%(x)s, %(y)s)
      AND NOT EXISTS (
        SELECT 1 FROM hazards_gridhole h
        WHERE h.grid_id = g.id
          AND h.bbox @> box(point(%(x)s, %(y)s), point(%(x)s, %(y)s))
          AND h.ring @> point(%(x)s, %(y)s))
    ORDER BY (g.parent_id IS NOT NULL) DESC, g.id
    LIMIT 1
"""

_ROUTE_MANY = """
    SELECT p.n, (
      SELECT g.id FROM hazards_grid g
      WHERE g.bbox @> box(point(p.x, p.y), point(p.x, p.y))
        AND g.boundary @> point(p.x, p.y)
        AND NOT EXISTS (
          SELECT 1 FROM hazards_gridhole h
          WHERE h.grid_id = g.id
            AND h.bbox @> box(point(p.x, p.y), point(p.x, p.y))
            AND h.ring @> point(p.x, p.y))
      ORDER BY (g.parent_id IS NOT NULL) DESC, g.id
      LIMIT 1)
    FROM unnest(%s::float8[], %s::float8[]) WITH ORDINALITY AS p(y, x, n)
    ORDER BY p.n
"""


def grid_id_at(lat: float, lng: float) -> int | None:
    with connection.cursor() as cursor:
        x, y = scaled(lat, lng)
        cursor.execute(_ROUTE, {"x": x, "y": y})
        row = cursor.fetchone()
    return row[0] if row else None


def grid_ids_at(points: list[tuple[float, float]]) -> list[int | None]:
    """`grid_id_at` for many (lat, lng) points in one statement, in order."""
    if not points:
        return []
    with connection.cursor() as cursor:
        xy = [scaled(lat, lng) for lat, lng in points]
        cursor.execute(_ROUTE_MANY, [[y for _x, y in xy], [x for x, _y in xy]])
        return [row[1] for row in cursor.fetchall()]
