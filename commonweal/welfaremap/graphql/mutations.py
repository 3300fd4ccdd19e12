"""Welfare-map mutations of the community endpoint (office roles)."""

from typing import Annotated

import strawberry
from django.utils.translation import gettext as _
from strawberry import relay
from strawberry.types import Info

from commonweal.platform.accounts.roles import OFFICE_ROLES
from commonweal.platform.choices import CoordinateSystem
from commonweal.platform.errors import DomainError
from commonweal.platform.graphql.errors import refusals_in_payload
from commonweal.platform.graphql.ids import pk_of
from commonweal.platform.graphql.permissions import HasRole, for_mutation
from commonweal.welfaremap import importing, services
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


@strawberry.type
class ServicePointPayload:
    point: ServicePointType | None = None
    errors: list[MapError] = strawberry.field(default_factory=list)


@strawberry.type
class CompoundPayload:
    compound: CompoundType | None = None
    errors: list[MapError] = strawberry.field(default_factory=list)


@strawberry.type
class FacilityTypePayload:
    facility_type: FacilityTypeType | None = None
    errors: list[MapError] = strawberry.field(default_factory=list)


@strawberry.type(description="A sheet row that was refused, and why.")
class RejectedRowType:
    row: int = strawberry.field(description="Row number in the sheet (the header is row 1).")
    field: str | None = strawberry.field(description="Column at fault, if one.")
    reason: str = strawberry.field(description="Why.")


@strawberry.type
class ImportPayload:
    imported_count: int = strawberry.field(default=0, description="Points created.")
    row_count: int = strawberry.field(default=0, description="Data rows read.")
    rejected: list[RejectedRowType] = strawberry.field(
        default_factory=list, description="Refused rows; when any, nothing was imported."
    )
    errors: list[MapError] = strawberry.field(default_factory=list)


def _point_data(input: ServicePointInput) -> dict:
    data = {k: v for k, v in strawberry.asdict(input).items() if v is not None}
    for key in ("category", "tier", "system"):
        if key in data:
            data[key] = getattr(data[key], "value", data[key])
    return data


def _ctx(info: Info):
    request = info.context.request
    return request.user, request.tenant


OFFICE = [for_mutation(HasRole(*OFFICE_ROLES))]


@strawberry.type
class MapMutation:
    @strawberry.mutation(description="Add a service point to the map.", extensions=OFFICE)
    @refusals_in_payload(ServicePointPayload, MapError)
    def create_service_point(self, info: Info, input: ServicePointInput) -> ServicePointPayload:
        actor, community = _ctx(info)
        point = services.point_create(actor=actor, community=community, data=_point_data(input))
        return ServicePointPayload(point=point)

    @strawberry.mutation(description="Change a service point's fields.", extensions=OFFICE)
    @refusals_in_payload(ServicePointPayload, MapError)
    def update_service_point(
        self, info: Info, id: relay.GlobalID, input: ServicePointInput
    ) -> ServicePointPayload:
        actor, community = _ctx(info)
        point = services.access_point(pk_of(id, ServicePointType, MapErrorCode.NOT_FOUND))
        point = services.point_update(
            actor=actor, community=community, point=point, data=_point_data(input)
        )
        return ServicePointPayload(point=point)

    @strawberry.mutation(
        description="Retire a service point: off the map and out of search.", extensions=OFFICE
    )
    @refusals_in_payload(ServicePointPayload, MapError)
    def retire_service_point(self, info: Info, id: relay.GlobalID) -> ServicePointPayload:
        actor, community = _ctx(info)
        point = services.access_point(pk_of(id, ServicePointType, MapErrorCode.NOT_FOUND))
        return ServicePointPayload(
            point=services.point_retire(actor=actor, community=community, point=point)
        )

    @strawberry.mutation(
        description=(
            "Import service points from a CSV or XLSX sheet: all rows or none. Columns: name, "
            "category, lat, lng, system (wgs84/gcj02/bd09), address, tier, operator_name, "
            "opening_hours, phone, description, facility_type, is_public (or their Chinese "
            "headers)."
        ),
        extensions=OFFICE,
    )
    @refusals_in_payload(ImportPayload, MapError)
    def import_service_points(
        self,
        info: Info,
        content: str,
        base64_encoded: Annotated[
            bool, strawberry.argument(description="`content` is base64 (required for XLSX).")
        ] = False,
        filename: Annotated[str, strawberry.argument(description="Original file name.")] = "",
    ) -> ImportPayload:
        actor, community = _ctx(info)
        data = importing.decode_upload(content, base64_encoded=base64_encoded)
        report = importing.points_import(
            actor=actor, community=community, data=data, filename=filename
        )
        return ImportPayload(
            imported_count=len(report.imported),
            row_count=report.rows,
            rejected=[
                RejectedRowType(row=r.row, field=r.field, reason=r.reason) for r in report.rejected
            ],
        )

    @strawberry.mutation(
        description="Register a residential compound (小区/院落).", extensions=OFFICE
    )
    @refusals_in_payload(CompoundPayload, MapError)
    def create_compound(self, info: Info, input: CompoundInput) -> CompoundPayload:
        actor, _community = _ctx(info)
        return CompoundPayload(
            compound=services.compound_save(actor=actor, data=_compound_data(input))
        )

    @strawberry.mutation(description="Replace a compound's fields.", extensions=OFFICE)
    @refusals_in_payload(CompoundPayload, MapError)
    def update_compound(
        self, info: Info, id: relay.GlobalID, input: CompoundInput
    ) -> CompoundPayload:
        actor, _community = _ctx(info)
        compound = services.access_compound(pk_of(id, CompoundType, MapErrorCode.NOT_FOUND))
        return CompoundPayload(
            compound=services.compound_save(
                actor=actor, data=_compound_data(input), compound=compound
            )
        )

    @strawberry.mutation(description="Remove a compound.", extensions=OFFICE)
    @refusals_in_payload(CompoundPayload, MapError)
    def delete_compound(self, info: Info, id: relay.GlobalID) -> CompoundPayload:
        actor, _community = _ctx(info)
        compound = services.access_compound(pk_of(id, CompoundType, MapErrorCode.NOT_FOUND))
        services.compound_delete(actor=actor, compound=compound)
        return CompoundPayload(compound=None)

    @strawberry.mutation(
        description="Override a facility type's radius (0 restores the default) or scoring.",
        extensions=OFFICE,
    )
    @refusals_in_payload(FacilityTypePayload, MapError)
    def set_facility_type(
        self,
        info: Info,
        code: str,
        radius_m: int | None = None,
        counts_toward_score: bool | None = None,
    ) -> FacilityTypePayload:
        actor, _community = _ctx(info)
        return FacilityTypePayload(
            facility_type=services.facility_type_override(
                actor=actor,
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
