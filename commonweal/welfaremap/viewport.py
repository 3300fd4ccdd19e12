"""The map's markers, fetched for what the phone is looking at (`/map/points.json`).

A community with ten thousand points cannot put them all into its page: the page stays small
and the map asks for the points of its view. Up to `LIMIT` come back at once; when more match,
the nearest to the view's centre (or to "near me") are sent with `truncated`, and the map asks
again as the resident pans or zooms in. Small communities get everything on the first answer.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from commonweal.welfaremap import selectors
from commonweal.welfaremap.categories import COLOURS, ServiceCategory
from commonweal.welfaremap.coordinates import gcj02_to_wgs84
from commonweal.welfaremap.error_codes import MapErrorCode

LIMIT = 500


class ViewportError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _numbers(request, field: str, count: int) -> list[float] | None:
    raw = request.GET.get(field, "").strip()
    if not raw:
        return None
    try:
        values = [float(part) for part in raw.split(",")]
    except ValueError:
        values = []
    lats, lngs = values[0::2], values[1::2]
    if (
        len(values) != count
        or not all(-90 <= v <= 90 for v in lats)
        or not all(-180 <= v <= 180 for v in lngs)
    ):
        message = _("Give %(count)s numbers: latitude, longitude.") % {"count": count}
        raise ViewportError(field, message)
    return values


def _categories(request) -> list[str]:
    wanted = [c for c in request.GET.getlist("category") if c]
    unknown = [c for c in wanted if c not in ServiceCategory.values]
    if unknown:
        raise ViewportError("category", _("There is no such category."))
    return wanted


def point_json(point) -> dict:
    wgs_lat, wgs_lng = gcj02_to_wgs84(point.lat, point.lng)
    category = ServiceCategory(point.category)
    found = {
        "id": point.pk,
        "name": point.name,
        "category": point.category,
        "categoryLabel": str(category.label),
        "colour": COLOURS[category],
        "gcj02": [point.lat, point.lng],
        "wgs84": [wgs_lat, wgs_lng],
        "tier": point.tier,
        "tierLabel": str(point.get_tier_display()),
        "operator": point.operator_name,
        "hours": point.opening_hours,
        "address": point.address,
        "phone": point.phone,
    }
    distance = getattr(point, "distance_m", None)
    if distance is not None:
        found["distanceM"] = round(distance)
    return found


def points_in_view(request, *, bbox=None, near=None, categories=()) -> dict:
    """The listed points for a view: all of them up to LIMIT, else the LIMIT nearest."""
    points = selectors.in_categories(selectors.listed_points(), categories)
    if bbox is not None:
        south, west, north, east = bbox
        points = selectors.in_bbox(points, south=south, west=west, north=north, east=east)
    total = points.count()
    if near is None and total > LIMIT:
        if bbox is not None:
            near = ((bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2)
        else:
            near = (request.tenant.centre_lat, request.tenant.centre_lng)
    if near is not None:
        chosen = selectors.nearest(points, lat=near[0], lng=near[1])[:LIMIT]
    else:
        chosen = points.order_by("name", "id")[:LIMIT]
    return {
        "total": total,
        "truncated": total > LIMIT,
        "points": [point_json(p) for p in chosen],
    }


def community_points_json(request):
    try:
        bbox = _numbers(request, "bbox", 4)
        near = _numbers(request, "near", 2)
        categories = _categories(request)
    except ViewportError as refused:
        return JsonResponse(
            {
                "error": {
                    "code": MapErrorCode.COORDINATES_INVALID
                    if refused.field != "category"
                    else MapErrorCode.CATEGORY_UNKNOWN,
                    "field": refused.field,
                    "message": str(refused),
                }
            },
            status=400,
        )
    found = points_in_view(request, bbox=bbox, near=near, categories=categories)
    response = JsonResponse(found, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=60"
    return response
