"""Reads of the welfare map, scoped to who asks, with spatial filters that use the GiST indexes.

Every spatial filter is written as the indexed expression (`public.ll_to_earth(lat, lng)`,
`public.cube(ARRAY[lat, lng])`) so PostgreSQL can match it to the index of migration 0003.
"""

from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.errors import NotFound
from commonweal.platform.kernel.roles import OFFICE_ROLES
from commonweal.welfaremap.error_codes import MapErrorCode
from commonweal.welfaremap.models import Compound, FacilityType, ServicePoint

_T = '"welfaremap_servicepoint"'
EARTH = f"public.ll_to_earth({_T}.lat, {_T}.lng)"
CUBE = f"public.cube(ARRAY[{_T}.lat, {_T}.lng])"
# Longest distance the radius filter accepts: beyond a city, nearest-N is the right tool.
MAX_RADIUS_M = 50_000


def is_office(request) -> bool:
    return bool(request is not None and roles_in_current_community(request) & OFFICE_ROLES)


def listed_points() -> QuerySet[ServicePoint]:
    """What the public sees: public points that are not retired."""
    return ServicePoint.objects.filter(is_public=True, retired_at__isnull=True)


def points_for(request, *, include_hidden: bool = False) -> QuerySet[ServicePoint]:
    """The points the request may see; office roles may ask for hidden and retired ones too."""
    if include_hidden and is_office(request):
        return ServicePoint.objects.all()
    return listed_points()


def access_point(*, actor, point_id) -> ServicePoint:
    """Any point of this community, hidden and retired ones included (for office roles,
    whose role the caller has checked)."""
    point = ServicePoint.objects.filter(pk=point_id).first() if str(point_id).isdigit() else None
    if point is None:
        raise NotFound(MapErrorCode.NOT_FOUND, _("No such service point."))
    return point


def access_compound(*, actor, compound_id) -> Compound:
    """A compound of this community (office roles, checked by the caller)."""
    compound = (
        Compound.objects.filter(pk=compound_id).first() if str(compound_id).isdigit() else None
    )
    if compound is None:
        raise NotFound(MapErrorCode.NOT_FOUND, _("No such compound."))
    return compound


def in_bbox(points: QuerySet, *, south: float, west: float, north: float, east: float):
    return points.filter(
        RawSQL(
            f"{CUBE} OPERATOR(public.<@) "
            "public.cube(ARRAY[%s, %s]::float8[], ARRAY[%s, %s]::float8[])",
            [min(south, north), min(west, east), max(south, north), max(west, east)],
            output_field=BooleanField(),
        )
    )


def _distance_sql(lat: float, lng: float) -> RawSQL:
    return RawSQL(
        f"public.earth_distance(public.ll_to_earth(%s, %s), {EARTH})",
        [lat, lng],
        output_field=FloatField(),
    )


def within(points: QuerySet, *, lat: float, lng: float, radius_m: float):
    """Points within `radius_m` metres (great circle), nearest first, with `distance_m`."""
    radius_m = max(0.0, min(float(radius_m), MAX_RADIUS_M))
    return (
        points.filter(
            RawSQL(
                f"public.earth_box(public.ll_to_earth(%s, %s), %s) OPERATOR(public.@>) {EARTH}",
                [lat, lng, radius_m],
                output_field=BooleanField(),
            )
        )
        .annotate(distance_m=_distance_sql(lat, lng))
        .filter(distance_m__lte=radius_m)
        .order_by("distance_m", "id")
    )


def nearest(points: QuerySet, *, lat: float, lng: float):
    """Points ordered nearest first by an index-driven KNN scan; slice for the nearest N."""
    return points.annotate(distance_m=_distance_sql(lat, lng)).order_by(
        RawSQL(f"{EARTH} OPERATOR(public.<->) public.ll_to_earth(%s, %s)", [lat, lng]), "id"
    )


def in_categories(points: QuerySet, categories) -> QuerySet:
    categories = [c for c in categories or () if c]
    return points.filter(category__in=categories) if categories else points


def search_points(
    request,
    *,
    bbox=None,
    near=None,
    radius_m=None,
    categories=None,
    include_hidden=False,
) -> QuerySet[ServicePoint]:
    """One entry for the map's queries: any of bbox, radius around `near`, nearest to `near`."""
    points = in_categories(points_for(request, include_hidden=include_hidden), categories)
    if bbox is not None:
        points = in_bbox(points, **bbox)
    if near is not None and radius_m is not None:
        return within(points, lat=near[0], lng=near[1], radius_m=radius_m)
    if near is not None:
        return nearest(points, lat=near[0], lng=near[1])
    return points.order_by("name", "id")


def compounds() -> QuerySet[Compound]:
    return Compound.objects.order_by("name", "id")


def facility_types() -> QuerySet[FacilityType]:
    return FacilityType.objects.order_by("level", "code")


def point_counts_by_category(points: QuerySet) -> dict[str, int]:
    from django.db.models import Count

    rows = points.order_by().values("category").annotate(n=Count("id"))
    return {row["category"]: row["n"] for row in rows}


def platform_points(*, south=None, west=None, north=None, east=None, category=None):
    """Service points of every active community, from the public search documents."""
    from commonweal.search.documents import DocumentKind, published_documents

    documents = published_documents(kind=DocumentKind.SERVICE_POINT).filter(
        lat__isnull=False, lng__isnull=False
    )
    if None not in (south, west, north, east):
        documents = documents.filter(
            Q(lat__gte=min(south, north), lat__lte=max(south, north))
            & Q(lng__gte=min(west, east), lng__lte=max(west, east))
        )
    if category:
        documents = documents.filter(category=category)
    return documents.order_by("community__name", "title", "id")
