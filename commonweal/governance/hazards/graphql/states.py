"""The community's names of report states over GraphQL: read by anyone, renamed by the office."""

from typing import Annotated

import strawberry
from strawberry.types import Info

from commonweal.governance.hazards import states
from commonweal.governance.hazards.graphql.mutations.shared import HazardError
from commonweal.governance.hazards.graphql.types import ReportStateEnum, StateKindEnum
from commonweal.governance.hazards.services.states import state_rename
from commonweal.platform.kernel.graphql.mutations import OFFICE, arg, caller, mutation, payload


@strawberry.type(name="HazardStateName", description="A report state and how it reads here.")
class StateNameType:
    state: ReportStateEnum = strawberry.field(description="The state.")
    kind: StateKindEnum = strawberry.field(description="Open, closed or fixed (fixed by the app).")
    default_name: str = strawberry.field(description="The platform's name.")
    name: str = strawberry.field(description="The name shown in this community.")


def _all() -> list[StateNameType]:
    return [
        StateNameType(state=code, kind=kind, default_name=default, name=custom or default)
        for code, kind, default, custom in states.states()
    ]


StatesPayload = payload(
    "HazardStatesPayload", HazardError, states=(list[StateNameType], "Every state, as renamed.")
)


@strawberry.type
class StateQuery:
    @strawberry.field(description="Report states with their kind and this community's names.")
    def hazard_states(self) -> list[StateNameType]:
        return _all()


@strawberry.type
class StateMutation:
    @mutation(
        StatesPayload,
        allow=OFFICE,
        description="Rename a report state for this community (its kind stays); an empty name "
        "restores the platform's.",
    )
    def rename_hazard_state(
        self,
        info: Info,
        state: Annotated[ReportStateEnum, arg("The state.")],
        name: Annotated[str, arg("The name to show (≤ 40 characters).")],
    ) -> StatesPayload:
        who = caller(info)
        state_rename(
            actor=who.user, state=state.value if hasattr(state, "value") else state, name=name
        )
        return StatesPayload(states=_all())
