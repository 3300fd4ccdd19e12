"""Grid shapes in core PostgreSQL's geometric types (no PostGIS).

A ring is a list of (lat, lng) pairs in GCJ-02, as the map gives them. PostgreSQL's `polygon`
and `box` take points as (x, y): we store (lng, lat) in **micro-degrees** (× `SCALE`).

Why scaled: every geometric comparison of core PostgreSQL is fuzzy by an absolute
EPSILON = 1e-6, and `polygon @> point` also applies it to a cross product (edge length ×
distance from the edge, in units²). In plain degrees a point up to ~100 m outside a slanted
edge of a 100 m grid counted as on it, hence inside (measured by bench/hazards.py: 337 of
5,000 random points routed to a grid they are not in). In micro-degrees that band shrinks to
~1e-15 degrees, so containment is exact for any point a map can give: closed — a point on an
edge or a vertex is inside. `box @> box(point, point)` (not `box @> point`) is what the GiST
index on the bounding box answers.
"""

import math
import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from commonweal.governance.hazards.error_codes import HazardErrorCode
from commonweal.platform.kernel.errors import DomainError

Ring = list[tuple[float, float]]  # (lat, lng)
SCALE = 1_000_000  # stored unit: micro-degrees
MAX_VERTICES = 500
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_POINT = re.compile(rf"\(\s*({_NUMBER})\s*,\s*({_NUMBER})\s*\)")


def scaled(lat: float, lng: float) -> tuple[float, float]:
    """(x, y) as stored: what routing compares with."""
    return float(lng) * SCALE, float(lat) * SCALE


def polygon_text(ring: Ring) -> str:
    return "(" + ",".join("({!r},{!r})".format(*scaled(lat, lng)) for lat, lng in ring) + ")"


def parse_points(text: str) -> Ring:
    """(lat, lng) pairs from PostgreSQL's text output of a stored polygon or box."""
    return [(float(y) / SCALE, float(x) / SCALE) for x, y in _POINT.findall(text or "")]


class PolygonField(models.Field):
    """A PostgreSQL `polygon`, read and written as a ring of (lat, lng) pairs."""

    description = "A closed ring (PostgreSQL polygon), (lat, lng) pairs in GCJ-02"

    def db_type(self, connection):
        return "polygon"

    def from_db_value(self, value, expression, connection):
        return None if value is None else parse_points(value)

    def to_python(self, value):
        if value is None or isinstance(value, list):
            return value
        return parse_points(value)

    def get_prep_value(self, value):
        if value is None or isinstance(value, str):
            return value
        return polygon_text(value)


def _error(message, field="rings", code=HazardErrorCode.INVALID_SHAPE) -> DomainError:
    return DomainError(code, message, field=field)


def _segments_cross(a, b, c, d) -> bool:
    """Proper crossing of segments ab and cd (touching at an end does not count)."""

    def orient(p, q, r):
        value = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return (value > 0) - (value < 0)

    o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
    return o1 * o2 < 0 and o3 * o4 < 0


def clean_ring(raw) -> Ring:
    """A simple ring of at least three distinct points, on Earth, not crossing itself; a
    closing point equal to the first is dropped (PostgreSQL closes polygons itself)."""
    try:
        ring = [(float(lat), float(lng)) for lat, lng in raw]
    except (TypeError, ValueError):
        raise _error(_("Each corner needs a latitude and a longitude.")) from None
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(set(ring)) < 3:
        raise _error(
            _("A shape needs at least three corners."), code=HazardErrorCode.TOO_FEW_CORNERS
        )
    if len(ring) > MAX_VERTICES:
        raise _error(_("A shape may have at most %(n)d corners.") % {"n": MAX_VERTICES})
    for lat, lng in ring:
        if not (math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90):
            raise _error(_("A corner is not on Earth."))
        if not -180 <= lng <= 180:
            raise _error(_("A corner is not on Earth."))
    edges = list(zip(ring, ring[1:] + ring[:1], strict=True))
    for i, (a, b) in enumerate(edges):
        for c, d in edges[i + 2 :]:
            if (c, d) != edges[i - 1] and _segments_cross(a, b, c, d):
                raise _error(
                    _("The shape crosses itself."), code=HazardErrorCode.SHAPE_CROSSES_ITSELF
                )
    return ring


def contains(ring: Ring, lat: float, lng: float) -> bool:
    """Even-odd rule, boundary excluded: Python's own check (holes lie inside the outline)."""
    inside = False
    for (y1, x1), (y2, x2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lng < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def clean_rings(raw) -> tuple[Ring, list[Ring]]:
    """The outline and its holes; every corner of a hole lies strictly inside the outline."""
    if not raw:
        raise _error(_("Draw the grid's outline."))
    outline, *holes = (clean_ring(r) for r in raw)
    for hole in holes:
        if not all(contains(outline, lat, lng) for lat, lng in hole):
            raise _error(_("A hole must lie inside the outline."))
    return outline, holes


def bounding_box(ring: Ring) -> tuple[float, float, float, float]:
    lats = [p[0] for p in ring]
    lngs = [p[1] for p in ring]
    return min(lats), min(lngs), max(lats), max(lngs)
