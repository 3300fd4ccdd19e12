"""Welfare-map mutations of the community endpoint (office roles)."""

from typing import Annotated

import strawberry
from django.utils.translation import gettext as _
from strawberry import relay
from strawberry.types import Info

from commonweal.platform.kernel.choices import CoordinateSystem
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import (
    OFFICE,
    Always,
    arg,
    caller,
    mutation,
    payload,
)
from commonweal.welfaremap import importing, selectors, services
from commonweal.welfaremap.error_codes import MapErrorCode
from commonweal.welfaremap.graphql.types import (
    CompoundType,
    CoordinateSystemEnum,
    FacilityTypeType,
    MapError,
    ServiceCategoryEnum,
    ServicePointType,
    ServiceTierEnum,
)


@strawberry.input(description="A service point's fields; coordinates in `system`.")
class ServicePointInput:
    name: str | None = strawberry.field(default=None, description="Name.")
    category: ServiceCategoryEnum | None = strawberry.field(default=None, description="Category.")
    facility_type: str | None = strawberry.field(
        default=None, description="Living-circle type code; empty: the category's default."
    )
    lat: float | None = strawberry.field(default=None, description="Latitude.")
    lng: float | None = strawberry.field(default=None, description="Longitude.")
    system: CoordinateSystemEnum = strawberry.field(
        default=CoordinateSystem.GCJ02, description="Datum of lat/lng as entered."
    )
    address: str | None = strawberry.field(default=None, description="Street address.")
    tier: ServiceTierEnum | None = strawberry.field(default=None, description="Service tier.")
    operator_name: str | None = strawberry.field(default=None, description="Who runs it.")
    opening_hours: str | None = strawberry.field(default=None, description="Opening hours.")
    phone: str | None = strawberry.field(default=None, description="Phone.")
    description: str | None = strawberry.field(default=None, description="Description.")
    is_public: bool | None = strawberry.field(default=None, description="On the public map.")


@strawberry.input(description="A compound's fields; coordinates in `system`.")
class CompoundInput:
    name: str = strawberry.field(description="Name (unique in the community).")
    households: int = strawberry.field(default=0, description="Households.")
    population: int = strawberry.field(default=0, description="Residents.")
    lat: float = strawberry.field(description="Latitude of its centre.")
    lng: float = strawberry.field(description="Longitude of its centre.")
    entrances: list[list[float]] = strawberry.field(
        default_factory=list, description="Entrances as [lat, lng] pairs."
    )
    system: CoordinateSystemEnum = strawberry.field(
        default=CoordinateSystem.GCJ02, description="Datum of all coordinates."
    )


ServicePointPayload = payload(
    "ServicePointPayload", MapError, point=(ServicePointType, "The service point as saved.")
)
CompoundPayload = payload(
    "CompoundPayload",
    MapError,
    compound=(CompoundType, "The compound as saved; null once removed."),
)
FacilityTypePayload = payload(
    "FacilityTypePayload",
    MapError,
    facility_type=(FacilityTypeType, "The facility type with its override."),
)


@strawberry.type(description="A sheet row that was refused, and why.")
class RejectedRowType:
    row: int = strawberry.field(description="Row number in the sheet (the header is row 1).")
    field: str | None = strawberry.field(description="Column at fault, if one.")
    reason: str = strawberry.field(description="Why.")


ImportPayload = payload(
    "ImportPayload",
    MapError,
    imported_count=(int, "Points created.", Always(0)),
    row_count=(int, "Data rows read.", Always(0)),
    rejected=(list[RejectedRowType], "Refused rows; when any, nothing was imported.", Always(list)),
)


def _point_data(input: ServicePointInput) -> dict:
    data = {k: v for k, v in strawberry.asdict(input).items() if v is not None}
    for key in ("category", "tier", "system"):
        if key in data:
            data[key] = getattr(data[key], "value", data[key])
    return data


_POINT = arg("The service point.")
_COMPOUND = arg("The compound.")


def _point(who, id: relay.GlobalID):
    return selectors.access_point(
        actor=who.user, point_id=pk_of(id, ServicePointType, MapErrorCode.NOT_FOUND)
    )


def _compound(who, id: relay.GlobalID):
    return selectors.access_compound(
        actor=who.user, compound_id=pk_of(id, CompoundType, MapErrorCode.NOT_FOUND)
    )


@strawberry.type
class MapMutation:
    @mutation(ServicePointPayload, allow=OFFICE, description="Add a service point to the map.")
    def create_service_point(
        self, info: Info, input: Annotated[ServicePointInput, arg("The point's fields.")]
    ) -> ServicePointPayload:
        who = caller(info)
        point = services.point_create(
            actor=who.user, community=who.community, data=_point_data(input)
        )
        return ServicePointPayload(point=point)

    @mutation(ServicePointPayload, allow=OFFICE, description="Change a service point's fields.")
    def update_service_point(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, _POINT],
        input: Annotated[ServicePointInput, arg("The fields to change; null ones stay.")],
    ) -> ServicePointPayload:
        who = caller(info)
        point = services.point_update(
            actor=who.user, community=who.community, point=_point(who, id), data=_point_data(input)
        )
        return ServicePointPayload(point=point)

    @mutation(
        ServicePointPayload,
        allow=OFFICE,
        description="Retire a service point: off the map and out of search.",
    )
    def retire_service_point(
        self, info: Info, id: Annotated[relay.GlobalID, _POINT]
    ) -> ServicePointPayload:
        who = caller(info)
        return ServicePointPayload(
            point=services.point_retire(
                actor=who.user, community=who.community, point=_point(who, id)
            )
        )

    @mutation(
        ImportPayload,
        allow=OFFICE,
        description=(
            "Import service points from a CSV or XLSX sheet: all rows or none. Columns: name, "
            "category, lat, lng, system (wgs84/gcj02/bd09), address, tier, operator_name, "
            "opening_hours, phone, description, facility_type, is_public (or their Chinese "
            "headers)."
        ),
    )
    def import_service_points(
        self,
        info: Info,
        content: Annotated[str, arg("The sheet: CSV text, or base64 of an XLSX file.")],
        base64_encoded: Annotated[bool, arg("`content` is base64 (required for XLSX).")] = False,
        filename: Annotated[str, arg("Original file name.")] = "",
    ) -> ImportPayload:
        who = caller(info)
        data = importing.decode_upload(content, base64_encoded=base64_encoded)
        report = importing.points_import(
            actor=who.user, community=who.community, data=data, filename=filename
        )
        return ImportPayload(
            imported_count=len(report.imported),
            row_count=report.rows,
            rejected=[
                RejectedRowType(row=r.row, field=r.field, reason=r.reason) for r in report.rejected
            ],
        )

    @mutation(
        CompoundPayload, allow=OFFICE, description="Register a residential compound (小区/院落)."
    )
    def create_compound(
        self, info: Info, input: Annotated[CompoundInput, arg("The compound's fields.")]
    ) -> CompoundPayload:
        return CompoundPayload(
            compound=services.compound_save(actor=caller(info).user, data=_compound_data(input))
        )

    @mutation(CompoundPayload, allow=OFFICE, description="Replace a compound's fields.")
    def update_compound(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, _COMPOUND],
        input: Annotated[CompoundInput, arg("All of the compound's fields.")],
    ) -> CompoundPayload:
        who = caller(info)
        return CompoundPayload(
            compound=services.compound_save(
                actor=who.user, data=_compound_data(input), compound=_compound(who, id)
            )
        )

    @mutation(CompoundPayload, allow=OFFICE, description="Remove a compound.")
    def delete_compound(
        self, info: Info, id: Annotated[relay.GlobalID, _COMPOUND]
    ) -> CompoundPayload:
        who = caller(info)
        services.compound_delete(actor=who.user, compound=_compound(who, id))
        return CompoundPayload(compound=None)

    @mutation(
        FacilityTypePayload,
        allow=OFFICE,
        description="Override a facility type's radius (0 restores the default) or scoring.",
    )
    def set_facility_type(
        self,
        info: Info,
        code: Annotated[str, arg("Facility type code, e.g. community_canteen.")],
        radius_m: Annotated[
            int | None, arg("Walking radius in metres; 0 restores the default; null keeps it.")
        ] = None,
        counts_toward_score: Annotated[
            bool | None, arg("Whether it counts toward the coverage score; null keeps it.")
        ] = None,
    ) -> FacilityTypePayload:
        return FacilityTypePayload(
            facility_type=services.facility_type_override(
                actor=caller(info).user,
                code=code,
                radius_m=radius_m,
                counts_toward_score=counts_toward_score,
            )
        )


def _compound_data(input: CompoundInput) -> dict:
    data = strawberry.asdict(input)
    data["system"] = getattr(data["system"], "value", data["system"])
    entrances = []
    for pair in data["entrances"]:
        if len(pair) != 2:
            raise DomainError(
                MapErrorCode.COORDINATES_INVALID,
                _("Each entrance is a [lat, lng] pair."),
                field="entrances",
            )
        entrances.append({"lat": pair[0], "lng": pair[1]})
    data["entrances"] = entrances
    return data
