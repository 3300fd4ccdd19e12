"""Reads of grids and hazard reports (community endpoint)."""

from collections.abc import Iterable
from typing import Annotated

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from commonweal.governance.hazards import selectors
from commonweal.governance.hazards.graphql.statistics import StatisticsType, statistics
from commonweal.governance.hazards.graphql.types import (
    DepartmentType,
    GridType,
    HazardCategoryEnum,
    ReportStateEnum,
    ReportType,
    SimilarType,
)
from commonweal.governance.hazards.models import OPEN_STATES, Department, Grid, HazardReport
from commonweal.governance.hazards.services.reports import similar_open_reports
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.graphql.mutations import arg
from commonweal.platform.kernel.graphql.permissions import HasRole
from commonweal.platform.kernel.roles import OFFICE_ROLES


def _who(info: Info):
    request = info.context.request
    return request.user, roles_in_current_community(request)


@strawberry.type
class HazardsQuery:
    @strawberry.field(
        description="Report figures (public): per month, by category and grid, response and "
        "resolution rates, median hours, red warnings by level."
    )
    def hazard_statistics(self) -> StatisticsType:
        return statistics()

    @strawberry_django.field(description="The community's grids and micro-grids (public).")
    def hazard_grids(self) -> list[GridType]:
        return Grid.objects.order_by("parent_id", "name", "pk")

    @strawberry_django.connection(
        DjangoListConnection[ReportType],
        description="Hazard reports, newest first: public ones for everyone (never who reported),"
        " all for office roles, your own and your grids' in any state.",
    )
    def hazard_reports(
        self,
        info: Info,
        state: Annotated[ReportStateEnum | None, arg("Only this state.")] = None,
        mine: Annotated[bool, arg("Only reports you filed.")] = False,
        queue: Annotated[bool, arg("Only open reports you handle (grid worker, office).")] = False,
    ) -> Iterable[HazardReport]:
        user, roles = _who(info)
        reports = selectors.reports_for(actor=user, roles=roles)
        if mine:
            reports = reports.filter(reporter=user) if user.is_authenticated else reports.none()
        if queue:
            handled = selectors.handled_by(actor=user, roles=roles)
            reports = reports.filter(pk__in=handled.values("pk"), state__in=OPEN_STATES)
        if state:
            reports = reports.filter(state=state)
        return reports.order_by("-created_at", "-id")

    @strawberry_django.field(description="One hazard report, if you may see it.")
    def hazard_report(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The report.")]
    ) -> ReportType | None:
        user, roles = _who(info)
        from commonweal.governance.hazards.graphql.mutations.shared import pk as pk_in

        try:
            pk = pk_in(id, ReportType)
        except DomainError:
            return None
        return selectors.reports_for(actor=user, roles=roles).filter(pk=pk).first()

    @strawberry.field(
        description="Open reports of the same category within 250 m: say “me too” instead."
    )
    def similar_hazard_reports(
        self,
        info: Info,
        category: Annotated[HazardCategoryEnum, arg("Kind chosen.")],
        lat: Annotated[float, arg("Latitude (GCJ-02).")],
        lng: Annotated[float, arg("Longitude (GCJ-02).")],
    ) -> list[SimilarType]:
        user, roles = _who(info)
        try:
            found = similar_open_reports(category=category, lat=lat, lng=lng)
        except DomainError:
            return []
        visible = selectors.reports_for(actor=user, roles=roles)
        return [
            SimilarType(report=r, distance_m=round(r.distance_m, 1))
            for r in found.filter(pk__in=visible.values("pk"))[:10]
        ]

    @strawberry_django.field(
        description="Bodies that answer referred reports (office roles).",
        extensions=[HasRole(*OFFICE_ROLES)],
    )
    def hazard_departments(self) -> list[DepartmentType]:
        return Department.objects.all()
