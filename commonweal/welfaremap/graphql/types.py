"""GraphQL types of the welfare map."""

from datetime import datetime

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info

from commonweal.platform.kernel.choices import CoordinateSystem, ServiceTier
from commonweal.platform.kernel.graphql.errors import error_type
from commonweal.welfaremap import selectors
from commonweal.welfaremap.categories import COLOURS, ServiceCategory
from commonweal.welfaremap.coordinates import gcj02_to_wgs84
from commonweal.welfaremap.error_codes import MapErrorCode
from commonweal.welfaremap.models import Compound, FacilityType, ServicePoint

MapError = error_type(MapErrorCode, "MapError")
ServiceCategoryEnum = strawberry.enum(
    ServiceCategory, name="ServiceCategory", description="What a service point offers."
)


def _shared_enum(enum, name: str, description: str):
    """Enums of platform.choices are used by several apps: declare each once."""
    if hasattr(enum, "__strawberry_definition__"):
        return enum
    return strawberry.enum(enum, name=name, description=description)


ServiceTierEnum = _shared_enum(ServiceTier, "ServiceTier", "公益 / 低偿 / 市场.")
CoordinateSystemEnum = _shared_enum(
    CoordinateSystem, "CoordinateSystem", "WGS-84, GCJ-02 or BD-09."
)


@strawberry.type(description="A point as latitude and longitude in degrees.")
class LatLng:
    lat: float = strawberry.field(description="Latitude.")
    lng: float = strawberry.field(description="Longitude.")


@strawberry_django.type(
    ServicePoint, name="ServicePoint", description="A place on the public welfare map (公益地图)."
)
class ServicePointType(relay.Node):
    name: str = strawberry_django.field(description="Name.")
    category: ServiceCategoryEnum = strawberry_django.field(description="What it offers.")
    facility_type: str = strawberry_django.field(
        description="Living-circle facility type code it counts as (may be empty)."
    )
    description: str = strawberry_django.field(description="What residents get there.")
    address: str = strawberry_django.field(description="Street address.")
    lat: float = strawberry_django.field(description="Latitude, GCJ-02 (as AMap/Tencent).")
    lng: float = strawberry_django.field(description="Longitude, GCJ-02.")
    raw_system: CoordinateSystemEnum = strawberry_django.field(
        description="Datum the coordinates were entered in."
    )
    tier: ServiceTierEnum = strawberry_django.field(description="Free, low-fee or market.")
    operator_name: str = strawberry_django.field(description="Who runs it.")
    opening_hours: str = strawberry_django.field(description="Opening hours as written.")
    phone: str = strawberry_django.field(description="Phone number.")
    is_public: bool = strawberry_django.field(description="Shown on the public map.")
    retired_at: datetime | None = strawberry_django.field(description="When it was retired.")

    @strawberry_django.field(only=["category"], description="Category in the request's language.")
    def category_label(self) -> str:
        return str(ServiceCategory(self.category).label)

    @strawberry_django.field(only=["category"], description="Marker colour of its category.")
    def colour(self) -> str:
        return COLOURS[ServiceCategory(self.category)]

    @strawberry_django.field(only=["lat", "lng"], description="Position in WGS-84 (GPS, OSM).")
    def wgs84(self) -> LatLng:
        lat, lng = gcj02_to_wgs84(self.lat, self.lng)
        return LatLng(lat=lat, lng=lng)

    @strawberry_django.field(
        description="Metres from the query's `near` point (null when not asked)."
    )
    def distance_m(self) -> float | None:
        distance = getattr(self, "distance_m", None)
        return None if distance is None else round(distance, 1)

    @classmethod
    def get_queryset(cls, queryset, info: Info, **kwargs):
        if selectors.is_office(info.context.request):
            return queryset
        return queryset.filter(is_public=True, retired_at__isnull=True)


@strawberry_django.type(
    FacilityType, name="FacilityType", description="A living-circle facility type (生活圈设施)."
)
class FacilityTypeType(relay.Node):
    code: str = strawberry_django.field(description="Stable code, e.g. community_canteen.")
    name: str = strawberry_django.field(description="Name, e.g. 社区食堂.")
    level: str = strawberry_django.field(description="5min, 10min or 15min circle.")
    radius_m: int = strawberry_django.field(description="Distance that counts as served (m).")
    default_radius_m: int = strawberry_django.field(description="The standard's radius (m).")
    source: str = strawberry_django.field(description="Where the default comes from.")
    confidence: str = strawberry_django.field(description="confirmed or approximate.")
    counts_toward_score: bool = strawberry_django.field(
        description="Whether it counts in this community's score."
    )


@strawberry_django.type(
    Compound, name="Compound", description="A residential compound (小区/院落)."
)
class CompoundType(relay.Node):
    name: str = strawberry_django.field(description="Name.")
    households: int = strawberry_django.field(description="Households.")
    population: int = strawberry_django.field(description="Residents.")
    lat: float = strawberry_django.field(description="Latitude, GCJ-02.")
    lng: float = strawberry_django.field(description="Longitude, GCJ-02.")

    @strawberry_django.field(only=["entrances", "lat", "lng"], description="Entrances, GCJ-02.")
    def entrances(self) -> list[LatLng]:
        return [LatLng(lat=lat, lng=lng) for lat, lng in self.entrance_points()]


@strawberry.type(description="One facility type as seen from one compound.")
class CoverageItemType:
    code: str = strawberry.field(description="Facility type code.")
    name: str = strawberry.field(description="Facility type name.")
    radius_m: int = strawberry.field(description="Threshold distance (m).")
    distance_m: float | None = strawberry.field(
        description="Distance from the nearest entrance to the nearest facility; null if none."
    )
    covered: bool = strawberry.field(description="Within the threshold.")
    nearest_point_name: str = strawberry.field(description="The nearest facility's name.")


@strawberry.type(description="Living-circle coverage of one compound.")
class CompoundCoverageType:
    compound: CompoundType = strawberry.field(description="The compound.")
    covered_count: int = strawberry.field(description="Scored types within reach.")
    scored_count: int = strawberry.field(description="Types that count toward the score.")
    share: float = strawberry.field(description="covered / scored, 0–1.")
    items: list[CoverageItemType] = strawberry.field(description="Every facility type.")


@strawberry.type(description="A gap (盲区): a compound beyond reach of a facility type.")
class CoverageGapType:
    compound_name: str = strawberry.field(description="Compound.")
    lat: float = strawberry.field(description="Compound latitude, GCJ-02.")
    lng: float = strawberry.field(description="Compound longitude, GCJ-02.")
    code: str = strawberry.field(description="Facility type code.")
    name: str = strawberry.field(description="Facility type name.")
    radius_m: int = strawberry.field(description="Threshold (m).")
    distance_m: float | None = strawberry.field(description="Nearest distance; null if none.")


@strawberry.type(description="15-minute living-circle coverage (完整社区 check).")
class CoverageReportType:
    score: float = strawberry.field(description="Population-weighted share of covered types.")
    compounds: list[CompoundCoverageType] = strawberry.field(description="Per compound.")
    gaps: list[CoverageGapType] = strawberry.field(description="Every gap (盲区).")


def coverage_to_graphql(report, *, first: int) -> CoverageReportType:
    compounds = []
    for result in report.compounds[:first]:
        compounds.append(
            CompoundCoverageType(
                compound=result.compound,
                covered_count=result.covered_count,
                scored_count=len(result.scored),
                share=round(result.share, 4),
                items=[
                    CoverageItemType(
                        code=i.facility_type.code,
                        name=i.facility_type.name,
                        radius_m=i.facility_type.radius_m,
                        distance_m=None if i.distance_m is None else round(i.distance_m, 1),
                        covered=i.covered,
                        nearest_point_name=i.nearest_point_name,
                    )
                    for i in result.items
                ],
            )
        )
    gaps = [
        CoverageGapType(
            compound_name=compound.name,
            lat=compound.lat,
            lng=compound.lng,
            code=item.facility_type.code,
            name=item.facility_type.name,
            radius_m=item.facility_type.radius_m,
            distance_m=None if item.distance_m is None else round(item.distance_m, 1),
        )
        for compound, item in report.gaps
    ]
    return CoverageReportType(score=round(report.score, 4), compounds=compounds, gaps=gaps)
