"""Welfare-map queries of the community endpoint."""

from collections.abc import Iterable
from typing import Annotated

import strawberry
import strawberry_django
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from commonweal.platform.kernel.choices import CoordinateSystem
from commonweal.platform.kernel.graphql.permissions import HasRole
from commonweal.platform.kernel.roles import OFFICE_ROLES
from commonweal.welfaremap import geojson, selectors
from commonweal.welfaremap.coordinates import to_gcj02
from commonweal.welfaremap.graphql.types import (
    CompoundType,
    CoordinateSystemEnum,
    CoverageReportType,
    FacilityTypeType,
    ServiceCategoryEnum,
    ServicePointType,
    coverage_to_graphql,
)
from commonweal.welfaremap.living_circle import ensure_facility_types, living_circle_coverage
from commonweal.welfaremap.models import Compound, FacilityType, ServicePoint


@strawberry.input(description="A bounding box in degrees.")
class BoundingBoxInput:
    south: float = strawberry.field(description="Southern latitude.")
    west: float = strawberry.field(description="Western longitude.")
    north: float = strawberry.field(description="Northern latitude.")
    east: float = strawberry.field(description="Eastern longitude.")


@strawberry.input(description="A point in degrees.")
class PointInput:
    lat: float = strawberry.field(description="Latitude.")
    lng: float = strawberry.field(description="Longitude.")


def _request(info: Info):
    return info.context.request


def _points(info, bbox, near, radius_m, categories, include_hidden, system):
    box = near_point = None
    if bbox is not None:
        south, west = to_gcj02(bbox.south, bbox.west, system)
        north, east = to_gcj02(bbox.north, bbox.east, system)
        box = {"south": south, "west": west, "north": north, "east": east}
    if near is not None:
        near_point = to_gcj02(near.lat, near.lng, system)
    return selectors.search_points(
        _request(info),
        bbox=box,
        near=near_point,
        radius_m=radius_m,
        categories=[c.value for c in categories or ()],
        include_hidden=include_hidden,
    )


@strawberry.type
class MapQuery:
    @strawberry_django.connection(
        DjangoListConnection[ServicePointType],
        description=(
            "Service points on the welfare map. Filters combine: `bbox` keeps points inside the "
            "box; `near` orders by distance (take `first: N` for the nearest N), and with "
            "`radiusM` keeps only points within that many metres."
        ),
    )
    def service_points(
        self,
        info: Info,
        bbox: Annotated[
            BoundingBoxInput | None, strawberry.argument(description="Only points inside this box.")
        ] = strawberry.UNSET,
        near: Annotated[
            PointInput | None,
            strawberry.argument(description="Nearest first from here (with `radiusM`: within it)."),
        ] = strawberry.UNSET,
        radius_m: Annotated[
            float | None,
            strawberry.argument(description="With `near`: keep points within this many metres."),
        ] = None,
        categories: Annotated[
            list[ServiceCategoryEnum] | None,
            strawberry.argument(description="Only these categories."),
        ] = None,
        include_hidden: Annotated[
            bool,
            strawberry.argument(description="Office roles: include private and retired points."),
        ] = False,
        system: Annotated[
            CoordinateSystemEnum, strawberry.argument(description="Datum of `bbox` and `near`.")
        ] = CoordinateSystem.GCJ02,
    ) -> Iterable[ServicePoint]:
        return _points(
            info,
            bbox or None,
            near or None,
            radius_m,
            categories,
            include_hidden,
            system,
        )

    @strawberry_django.field(
        description="The listed service points as a GeoJSON FeatureCollection (a JSON string)."
    )
    def service_points_geojson(
        self,
        info: Info,
        crs: Annotated[
            CoordinateSystemEnum, strawberry.argument(description="GCJ02 (as stored) or WGS84.")
        ] = CoordinateSystem.GCJ02,
        categories: Annotated[
            list[ServiceCategoryEnum] | None,
            strawberry.argument(description="Only these categories."),
        ] = None,
    ) -> str:
        points = selectors.in_categories(
            selectors.listed_points(), [c.value for c in categories or ()]
        ).order_by("name", "id")
        return geojson.dumps(geojson.feature_collection(points, crs=crs))

    @strawberry_django.connection(
        DjangoListConnection[CompoundType],
        description="Residential compounds (office roles).",
        extensions=[HasRole(*OFFICE_ROLES)],
    )
    def compounds(self, info: Info) -> Iterable[Compound]:
        return selectors.compounds()

    @strawberry_django.field(
        description="Living-circle facility types and this community's radii (office roles).",
        extensions=[HasRole(*OFFICE_ROLES)],
    )
    def facility_types(self, info: Info) -> list[FacilityTypeType]:
        ensure_facility_types()
        return list(selectors.facility_types())

    @strawberry_django.field(
        description="15-minute living-circle coverage per compound, score and gaps (office roles).",
        extensions=[HasRole(*OFFICE_ROLES)],
    )
    def living_circle_coverage(
        self,
        info: Info,
        first: Annotated[
            int,
            strawberry.argument(
                description="At most this many compounds in `compounds` (gaps: all)."
            ),
        ] = 50,
    ) -> CoverageReportType | None:
        return coverage_to_graphql(living_circle_coverage(), first=max(0, min(first, 100)))


__all__ = ["FacilityType", "MapQuery"]
