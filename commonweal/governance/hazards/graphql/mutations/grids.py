"""Drawing grids, naming who works them, departments, the calendar and the rules (office)."""

import datetime as dt
from typing import Annotated

import strawberry
from django.utils.translation import gettext_lazy as _
from strawberry import relay
from strawberry.types import Info

from commonweal.governance.hazards import selectors
from commonweal.governance.hazards.error_codes import HazardErrorCode, not_found
from commonweal.governance.hazards.graphql.mutations.shared import HazardError, pk
from commonweal.governance.hazards.graphql.types import (
    DepartmentType,
    GridType,
    HazardCategoryEnum,
    LatLngInput,
)
from commonweal.governance.hazards.models import GridRole, HazardSettings, Holiday
from commonweal.governance.hazards.services import departments, escalation, grids
from commonweal.governance.hazards.services.text import required_text
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.graphql.mutations import OFFICE, arg, caller, mutation, payload

GridPayload = payload("HazardGridPayload", HazardError, grid=(GridType, "The grid as drawn."))
DepartmentPayload = payload(
    "HazardDepartmentPayload", HazardError, department=(DepartmentType, "The department.")
)
MemberPayload = payload(
    "HazardGridMemberPayload", HazardError, role=(str, "The role now held in the grid.")
)
RulesPayload = payload(
    "HazardRulesPayload", HazardError, limits=(list[int], "Limits per level, in working hours.")
)
HolidayPayload = payload(
    "HazardHolidayPayload", HazardError, day=(dt.date, "The calendar day recorded.")
)

GridRoleEnum = strawberry.enum(GridRole, name="HazardGridRole", description="Role in a grid.")


@strawberry.input(description="A grid's shape and facts.")
class GridInput:
    name: str = strawberry.field(description="Name (≤ 60 characters).")
    outline: list[LatLngInput] = strawberry.field(description="The outline, corner by corner.")
    holes: list[list[LatLngInput]] = strawberry.field(
        default_factory=list, description="Parts inside the outline it does not cover."
    )
    parent_id: relay.GlobalID | None = strawberry.field(
        default=None, description="For a micro-grid: the grid it lies under."
    )
    households: int | None = strawberry.field(default=None, description="Households covered.")
    covers: str = strawberry.field(default="", description="Courtyards and buildings covered.")


def _rings(input: GridInput) -> list:
    return [[(p.lat, p.lng) for p in ring] for ring in (input.outline, *input.holes)]


def _grid(id):
    return selectors.access_grid(grid_id=pk(id, GridType))


@strawberry.type
class GridMutation:
    @mutation(GridPayload, allow=OFFICE, description="Draw a grid or micro-grid, or redraw one.")
    def draw_hazard_grid(
        self,
        info: Info,
        input: Annotated[GridInput, arg("The grid.")],
        id: Annotated[relay.GlobalID | None, arg("The grid to redraw; new when absent.")] = None,
    ) -> GridPayload:
        who = caller(info)
        return GridPayload(
            grid=grids.grid_draw(
                actor=who.user,
                name=input.name,
                rings=_rings(input),
                parent=_grid(input.parent_id) if input.parent_id else None,
                grid=_grid(id) if id else None,
                households=input.households,
                covers=input.covers,
            )
        )

    @mutation(
        MemberPayload, allow=OFFICE, description="Make a member a grid's leader or grid worker."
    )
    def set_hazard_grid_member(
        self,
        info: Info,
        grid_id: Annotated[relay.GlobalID, arg("The grid.")],
        member_id: Annotated[relay.GlobalID, arg("The member (a Member id).")],
        role: Annotated[GridRoleEnum, arg("Leader (网格长) or worker (网格员).")],
    ) -> MemberPayload:
        from commonweal.platform.accounts.graphql import MemberType
        from commonweal.platform.accounts.models import Membership

        who = caller(info)
        membership = (
            Membership.objects.filter(pk=pk(member_id, MemberType), community=who.community)
            .select_related("user")
            .first()
        )
        if membership is None:
            raise not_found()
        member = grids.grid_member_set(
            actor=who.user,
            community=who.community,
            grid=_grid(grid_id),
            user=membership.user,
            role=role,
        )
        return MemberPayload(role=member.role.upper())

    @mutation(
        DepartmentPayload,
        allow=OFFICE,
        description="Add a department or the sub-district office, with its contact e-mail.",
    )
    def create_hazard_department(
        self,
        info: Info,
        name: Annotated[str, arg("Name (≤ 80 characters).")],
        email: Annotated[str, arg("Where its links are sent.")],
        categories: Annotated[list[HazardCategoryEnum], arg("Hazards it handles.")],
        is_subdistrict: Annotated[bool, arg("The sub-district office (街道).")] = False,
    ) -> DepartmentPayload:
        who = caller(info)
        return DepartmentPayload(
            department=departments.department_create(
                actor=who.user,
                name=name,
                email=email,
                is_subdistrict=is_subdistrict,
                categories=[c.value if hasattr(c, "value") else c for c in categories],
            )
        )

    @mutation(
        RulesPayload,
        allow=OFFICE,
        description="Set the limits per level (working hours) and the reward rules.",
    )
    def set_hazard_rules(
        self,
        info: Info,
        limits: Annotated[list[int], arg("Hours for grid, community, sub-district, department.")],
        reward_points: Annotated[int, arg("Points per confirmed report.")],
        daily_cap: Annotated[int, arg("Points per person per day, at most.")],
    ) -> RulesPayload:
        if len(limits) != 4 or not all(1 <= h <= 720 for h in limits):
            raise DomainError(
                HazardErrorCode.INVALID_HOURS,
                _("Give four limits of 1 to 720 working hours."),
                field="limits",
            )
        if not (0 <= reward_points <= 1000 and 0 <= daily_cap <= 10_000):
            raise DomainError(
                HazardErrorCode.INVALID_AMOUNT, _("Give a reasonable amount."), field="rewardPoints"
            )
        rules = HazardSettings.current()
        (
            rules.grid_hours,
            rules.community_hours,
            rules.subdistrict_hours,
            rules.department_hours,
        ) = limits
        rules.reward_points, rules.daily_cap = reward_points, daily_cap
        rules.save()
        escalation.reschedule_open()
        return RulesPayload(limits=limits)

    @mutation(
        HolidayPayload,
        allow=OFFICE,
        description="Mark a day of the calendar: a holiday, or a worked weekend day (调休).",
    )
    def set_hazard_holiday(
        self,
        info: Info,
        day: Annotated[dt.date, arg("The day.")],
        name: Annotated[str, arg("Its name (国庆节, 调休上班).")],
        is_workday: Annotated[bool, arg("True for a worked day.")] = False,
    ) -> HolidayPayload:
        name = required_text(name, field="name", limit=40, code=HazardErrorCode.NAME_REQUIRED)
        Holiday.objects.update_or_create(day=day, defaults={"name": name, "is_workday": is_workday})
        escalation.reschedule_open()
        return HolidayPayload(day=day)
