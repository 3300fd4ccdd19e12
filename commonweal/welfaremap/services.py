"""Writes of the welfare map: service points, compounds and facility-type overrides.

Callers check roles (GraphQL permission extensions, the community admin); these functions keep
the data valid and the search documents in step, inside one transaction.
"""

import math

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.choices import CoordinateSystem, ServiceTier
from commonweal.platform.kernel.errors import DomainError, NotFound
from commonweal.search.documents import DocumentKind, index_document, remove_document
from commonweal.welfaremap.categories import DEFAULT_FACILITY_TYPE, ServiceCategory, parse_category
from commonweal.welfaremap.coordinates import to_gcj02
from commonweal.welfaremap.error_codes import MapErrorCode
from commonweal.welfaremap.living_circle import default_codes, ensure_facility_types
from commonweal.welfaremap.models import Compound, FacilityType, ServicePoint

SEARCH_KIND = DocumentKind.SERVICE_POINT
POINT_FIELDS = (
    "name",
    "category",
    "facility_type",
    "description",
    "address",
    "tier",
    "operator_name",
    "opening_hours",
    "phone",
    "is_public",
)


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def clean_coordinates(lat, lng, system) -> tuple[float, float, str]:
    """(lat, lng, system) checked: numbers in range and a known datum."""
    system_text = str(system or CoordinateSystem.GCJ02).strip().lower().replace("-", "")
    aliases = {"wgs84": "wgs84", "gps": "wgs84", "gcj02": "gcj02", "bd09": "bd09"}
    if system_text not in aliases:
        raise DomainError(
            MapErrorCode.COORDINATE_SYSTEM_UNKNOWN,
            _("Unknown coordinate system: use WGS-84, GCJ-02 or BD-09."),
            field="system",
        )
    lat_n, lng_n = _number(lat), _number(lng)
    if lat_n is None or not -90 <= lat_n <= 90:
        raise DomainError(
            MapErrorCode.COORDINATES_INVALID,
            _("Latitude must be a number between -90 and 90."),
            field="lat",
        )
    if lng_n is None or not -180 <= lng_n <= 180:
        raise DomainError(
            MapErrorCode.COORDINATES_INVALID,
            _("Longitude must be a number between -180 and 180."),
            field="lng",
        )
    return lat_n, lng_n, aliases[system_text]


def clean_point(data: dict, *, partial_of: ServicePoint | None = None) -> dict:
    """Validated model fields from user input (a form, a GraphQL input or a sheet row).

    `data` uses model field names plus `lat`, `lng`, `system` for the coordinates as entered.
    With `partial_of`, missing keys keep that point's values.
    """
    current = partial_of
    cleaned: dict = {}

    def given(key):
        return key in data and data[key] is not None

    if given("name") or current is None:
        name = str(data.get("name") or "").strip()
        if not name:
            raise DomainError(MapErrorCode.NAME_REQUIRED, _("A name is required."), field="name")
        cleaned["name"] = name
    if given("category") or current is None:
        category = parse_category(str(data.get("category") or ""))
        if category is None:
            raise DomainError(
                MapErrorCode.CATEGORY_UNKNOWN,
                _("Unknown category: %(value)s.") % {"value": data.get("category") or "—"},
                field="category",
            )
        cleaned["category"] = category.value
    if given("facility_type") or "category" in cleaned:
        code = str(data.get("facility_type") or "").strip()
        if not code and "category" in cleaned:
            code = DEFAULT_FACILITY_TYPE[cleaned["category"]]
        known = default_codes() | set(FacilityType.objects.values_list("code", flat=True))
        if code and code not in known:
            raise DomainError(
                MapErrorCode.FACILITY_TYPE_UNKNOWN,
                _("Unknown living-circle facility type: %(value)s.") % {"value": code},
                field="facility_type",
            )
        cleaned["facility_type"] = code
    if given("tier") or current is None:
        tier = str(data.get("tier") or ServiceTier.FREE).strip().lower()
        by_label = {str(label).lower(): value for value, label in ServiceTier.choices}
        tier = by_label.get(tier, tier)
        if tier not in ServiceTier.values:
            raise DomainError(
                MapErrorCode.TIER_UNKNOWN,
                _("Unknown service tier: use free, low_fee or market."),
                field="tier",
            )
        cleaned["tier"] = tier
    # Their lengths are the columns' limits, checked when the point is saved.
    for key in ("address", "operator_name", "opening_hours", "phone"):
        if given(key):
            cleaned[key] = str(data[key]).strip()
    if given("description"):
        cleaned["description"] = str(data["description"]).strip()
    if given("is_public"):
        cleaned["is_public"] = bool(data["is_public"])
    if given("lat") or given("lng") or current is None:
        lat, lng, system = clean_coordinates(
            data.get("lat"), data.get("lng"), data.get("system") or CoordinateSystem.GCJ02
        )
        cleaned["raw_lat"], cleaned["raw_lng"], cleaned["raw_system"] = lat, lng, system
        cleaned["lat"], cleaned["lng"] = to_gcj02(lat, lng, system)
    return cleaned


def sync_search(*, community, point: ServicePoint) -> None:
    """Publish a listed point's search document, or withdraw it. Caller holds the transaction."""
    if point.is_listed:
        index_document(
            community=community,
            kind=SEARCH_KIND,
            key=point.pk,
            title=point.name,
            body="\n".join(s for s in (point.description, point.address, point.operator_name) if s),
            category=point.category,
            category_name=ServiceCategory(point.category).label
            if point.category in ServiceCategory.values
            else "",
            tags=[t for t in (point.tier, point.facility_type) if t],
            lat=point.lat,
            lng=point.lng,
            url=f"/map/#point-{point.pk}",
        )
    else:
        remove_document(community=community, kind=SEARCH_KIND, key=point.pk)


@transaction.atomic
def point_create(*, actor, community, data: dict) -> ServicePoint:
    point = ServicePoint.objects.create(**clean_point(data))
    sync_search(community=community, point=point)
    return point


@transaction.atomic
def point_update(*, actor, community, point: ServicePoint, data: dict) -> ServicePoint:
    point = ServicePoint.objects.select_for_update().get(pk=point.pk)
    if point.retired_at is not None:
        raise DomainError(MapErrorCode.ALREADY_RETIRED, _("This point is retired."))
    for key, value in clean_point(data, partial_of=point).items():
        setattr(point, key, value)
    point.save()
    sync_search(community=community, point=point)
    return point


@transaction.atomic
def point_retire(*, actor, community, point: ServicePoint) -> ServicePoint:
    point = ServicePoint.objects.select_for_update().get(pk=point.pk)
    if point.retired_at is not None:
        raise DomainError(MapErrorCode.ALREADY_RETIRED, _("This point is already retired."))
    point.retired_at = timezone.now()
    point.save(update_fields=["retired_at", "updated_at"])
    sync_search(community=community, point=point)
    return point


def _count(value, field: str) -> int:
    number = _number(value)
    if number is None or number < 0 or number != int(number):
        raise DomainError(
            MapErrorCode.FIGURE_INVALID, _("Must be a whole number of 0 or more."), field=field
        )
    return int(number)


def clean_compound(data: dict) -> dict:
    name = str(data.get("name") or "").strip()
    if not name:
        raise DomainError(MapErrorCode.NAME_REQUIRED, _("A name is required."), field="name")
    lat, lng, system = clean_coordinates(data.get("lat"), data.get("lng"), data.get("system"))
    lat, lng = to_gcj02(lat, lng, system)
    entrances = []
    for entrance in data.get("entrances") or ():
        e_lat, e_lng, _system = clean_coordinates(entrance.get("lat"), entrance.get("lng"), system)
        e_lat, e_lng = to_gcj02(e_lat, e_lng, system)
        entrances.append({"lat": round(e_lat, 7), "lng": round(e_lng, 7)})
    return {
        "name": name,
        "households": _count(data.get("households", 0), "households"),
        "population": _count(data.get("population", 0), "population"),
        "lat": lat,
        "lng": lng,
        "entrances": entrances,
    }


@transaction.atomic
def compound_save(*, actor, data: dict, compound: Compound | None = None) -> Compound:
    """Create a compound, or replace the fields of `compound`."""
    cleaned = clean_compound(data)
    clash = Compound.objects.filter(name=cleaned["name"])
    if compound is not None:
        clash = clash.exclude(pk=compound.pk)
    if clash.exists():
        raise DomainError(
            MapErrorCode.NAME_TAKEN, _("A compound with this name exists."), field="name"
        )
    if compound is None:
        return Compound.objects.create(**cleaned)
    for key, value in cleaned.items():
        setattr(compound, key, value)
    compound.save()
    return compound


@transaction.atomic
def compound_delete(*, actor, compound: Compound) -> None:
    compound.delete()


@transaction.atomic
def facility_type_override(
    *, actor, code: str, radius_m=None, counts_toward_score: bool | None = None
) -> FacilityType:
    """Change this community's radius of a facility type, or leave it out of the score.

    A radius of None keeps the current one; 0 restores the default.
    """
    ensure_facility_types()
    facility_type = FacilityType.objects.select_for_update().filter(code=code).first()
    if facility_type is None:
        raise NotFound(MapErrorCode.FACILITY_TYPE_UNKNOWN, _("No such facility type."))
    if radius_m is not None:
        radius = _number(radius_m)
        if radius is None or radius < 0 or radius > 5000 or radius != int(radius):
            raise DomainError(
                MapErrorCode.RADIUS_INVALID,
                _("The radius must be a whole number of metres up to 5000."),
                field="radiusM",
            )
        facility_type.radius_m = int(radius) or facility_type.default_radius_m
    if counts_toward_score is not None:
        facility_type.counts_toward_score = counts_toward_score
    facility_type.save()
    return facility_type
