"""GraphQL types of grids and hazard reports.

Who reported is never shown: `reportedByYou` tells a signed-in reader whether a report is
theirs, and nothing tells anyone else.
"""

from datetime import datetime

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info

from commonweal.governance.hazards.models import (
    STATE_KINDS,
    Department,
    Grid,
    HazardCategory,
    HazardReport,
    ReportState,
    StateKind,
    WarningLevel,
)
from commonweal.governance.photos.graphql.types import PhotoType
from commonweal.platform.kernel.graphql.ids import global_id
from commonweal.privacy.masking import resident_text

HazardCategoryEnum = strawberry.enum(
    HazardCategory, name="HazardCategory", description="What kind of hazard (燃气, 消防通道 …)."
)
ReportStateEnum = strawberry.enum(
    ReportState, name="HazardReportState", description="Where a hazard report stands."
)
StateKindEnum = strawberry.enum(
    StateKind, name="HazardStateKind", description="Whether a state is open, closed or fixed."
)


LEVEL_NAMES = {1: "GRID", 2: "COMMUNITY", 3: "SUBDISTRICT", 4: "DEPARTMENT"}
WARNING_NAMES = {WarningLevel.NONE: "NONE", WarningLevel.YELLOW: "YELLOW", WarningLevel.RED: "RED"}


@strawberry.type(name="HazardPoint", description="A corner of a grid, in GCJ-02.")
class LatLng:
    lat: float = strawberry.field(description="Latitude (GCJ-02).")
    lng: float = strawberry.field(description="Longitude (GCJ-02).")


@strawberry.input(name="HazardPointInput", description="A corner of a grid, in GCJ-02.")
class LatLngInput:
    lat: float = strawberry.field(description="Latitude (GCJ-02).")
    lng: float = strawberry.field(description="Longitude (GCJ-02).")


def _ring(ring) -> list[LatLng]:
    return [LatLng(lat=lat, lng=lng) for lat, lng in ring]


@strawberry_django.type(
    Grid, name="HazardGrid", description="A grid (网格) or micro-grid (微网格)."
)
class GridType(relay.Node):
    name: str = strawberry_django.field(description="Name.")
    households: int | None = strawberry_django.field(description="Households it covers.")
    covers: str = strawberry_django.field(description="Courtyards and buildings it covers.")

    @strawberry_django.field(only=["parent_id"], description="True for a micro-grid.")
    def is_micro(self) -> bool:
        return self.parent_id is not None

    @strawberry_django.field(only=["parent_id"], description="The grid a micro-grid lies under.")
    def parent_id(self) -> relay.GlobalID | None:
        return None if self.parent_id is None else global_id("HazardGrid", self.parent_id)

    @strawberry_django.field(only=["boundary"], description="The outline, corner by corner.")
    def outline(self) -> list[LatLng]:
        return _ring(self.boundary)

    @strawberry_django.field(
        prefetch_related=["holes"], description="Parts inside the outline it does not cover."
    )
    def holes(self) -> list[list[LatLng]]:
        return [_ring(h.ring) for h in self.holes.all()]


@strawberry_django.type(
    Department, name="HazardDepartment", description="A body that answers referred reports."
)
class DepartmentType(relay.Node):
    name: str = strawberry_django.field(description="Name.")
    email: str = strawberry_django.field(description="Where its links are sent.")
    is_subdistrict: bool = strawberry_django.field(description="The sub-district office (街道).")


@strawberry_django.type(
    HazardReport, name="HazardReport", description="A hazard report (安全隐患随手报)."
)
class ReportType(relay.Node):
    category: HazardCategoryEnum = strawberry_django.field(description="Kind of hazard.")
    description: str = resident_text("What is wrong.")
    lat: float = strawberry_django.field(description="Latitude (GCJ-02).")
    lng: float = strawberry_django.field(description="Longitude (GCJ-02).")
    place: str = resident_text("Place, as named.")
    anonymous: bool = strawberry_django.field(description="Filed anonymously.")
    state: ReportStateEnum = strawberry_django.field(description="Where it stands.")
    me_too_count: int = strawberry_django.field(description="How many said “me too”.")
    created_at: datetime = strawberry_django.field(description="When it was reported.")
    fixed_at: datetime | None = strawberry_django.field(description="When it was fixed.")

    photos: list[PhotoType] = strawberry_django.field(
        description="Photos, oldest first: the reporter's and (`ofTheFix`) the fix's; without"
        " metadata and never saying who took them."
    )

    @strawberry_django.field(only=["state"], description="Open, closed or fixed.")
    def state_kind(self) -> StateKindEnum:
        return STATE_KINDS[self.state]

    @strawberry_django.field(
        only=["state", "stage_id"], description="The state as this community names it."
    )
    def state_name(self) -> str:
        return self.get_state_display()

    @strawberry_django.field(
        only=["stage_id"],
        description="The code of the state this community added that it is in (`state` is "
        "then that state's base: IN_PROGRESS, FIXED or UNABLE), or null.",
    )
    def added_state(self) -> str | None:
        return self.stage_id

    @strawberry_django.field(only=["level"], description="Who handles it now.")
    def level(self) -> str:
        return LEVEL_NAMES[self.level]

    @strawberry_django.field(only=["warning"], description="NONE, YELLOW or RED (分级预警).")
    def warning(self) -> str:
        return WARNING_NAMES[self.warning]

    @strawberry_django.field(select_related=["grid"], description="The grid it was routed to.")
    def grid_name(self) -> str | None:
        return self.grid.name if self.grid_id else None

    @strawberry_django.field(
        select_related=["department"], description="The body it is referred to, if any."
    )
    def department_name(self) -> str | None:
        return self.department.name if self.department_id else None

    @strawberry_django.field(
        only=["reporter_id"], description="True when you reported it (never who else did)."
    )
    def reported_by_you(self, info: Info) -> bool:
        user = info.context.request.user
        return bool(user.is_authenticated and self.reporter_id == user.pk)


@strawberry.type(name="SimilarHazardReport", description="An open report like the one being made.")
class SimilarType:
    report: ReportType = strawberry.field(description="The open report.")
    distance_m: float = strawberry.field(description="How far from the new report's point (m).")
