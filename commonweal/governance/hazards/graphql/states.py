"""The community's report states over GraphQL: read by anyone; renamed, added to and moved
into by the office (moving: by whoever handles the report)."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.governance.hazards import states
from commonweal.governance.hazards.graphql.mutations.shared import HANDLERS, HazardError, report_of
from commonweal.governance.hazards.graphql.types import ReportStateEnum, ReportType, StateKindEnum
from commonweal.governance.hazards.models import CustomState
from commonweal.governance.hazards.services.reports import report_enter_state
from commonweal.governance.hazards.services.states import state_add, state_rename
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


@strawberry.type(name="HazardFlowState", description="A state in this community's flow.")
class FlowStateType:
    code: str = strawberry.field(
        description="Its code: a built-in state's lower-case name, or added_N."
    )
    kind: StateKindEnum = strawberry.field(description="Open, closed or fixed.")
    name: str = strawberry.field(description="The name shown in this community.")
    added: bool = strawberry.field(description="True for a state this community added.")


@strawberry.type(name="HazardAddedState", description="A state this community added to the flow.")
class AddedStateType:
    code: str = strawberry.field(description="Its code (added_N), used to move a report into it.")
    name: str = strawberry.field(description="Name (zh-Hans).")
    name_en: str = strawberry.field(description="English name, if given.")
    kind: StateKindEnum = strawberry.field(description="Open, closed or fixed.")
    after: str = strawberry.field(description="The state it is listed after.")
    sources: list[str] = strawberry.field(description="The states a report may come into it from.")
    targets: list[str] = strawberry.field(
        description="The built-in states a report may go on to from it (open ones only)."
    )


def _added(state: CustomState) -> AddedStateType:
    return AddedStateType(
        code=state.code,
        name=state.name,
        name_en=state.name_en,
        kind=state.kind,
        after=state.after,
        sources=list(state.sources),
        targets=list(state.targets),
    )


@strawberry.input(name="HazardStateInput", description="A state to add to the flow.")
class AddStateInput:
    name: str = strawberry.field(description="Name (zh-Hans, ≤ 40 characters, not in use).")
    kind: str = strawberry.field(description="open, closed or fixed.")
    after: str = strawberry.field(description="The code of the state it is listed after.")
    sources: list[str] = strawberry.field(
        description="Codes of the states a report may come into it from: confirmed, in_progress,"
        " referred or an added open state."
    )
    targets: list[str] = strawberry.field(
        default_factory=list,
        description="For an open state, where a report may go on to: in_progress, referred,"
        " fixed, unable. Empty for closed and fixed states.",
    )
    name_en: str = strawberry.field(default="", description="English name (optional).")


AddedStatePayload = payload(
    "HazardAddedStatePayload", HazardError, state=(AddedStateType, "The state as added.")
)
ReportStatePayload = payload(
    "HazardReportStatePayload", HazardError, report=(ReportType, "The report as it now stands.")
)

StatesPayload = payload(
    "HazardStatesPayload", HazardError, states=(list[StateNameType], "Every state, as renamed.")
)


@strawberry.type
class StateQuery:
    @strawberry.field(description="Report states with their kind and this community's names.")
    def hazard_states(self) -> list[StateNameType]:
        return _all()

    @strawberry.field(description="Every state of this community's flow, added ones in place.")
    def hazard_flow(self) -> list[FlowStateType]:
        return [
            FlowStateType(code=code, kind=kind, name=name, added=code.startswith("added_"))
            for code, kind, name in states.flow()
        ]

    @strawberry.field(description="The states this community added, with their transitions.")
    def hazard_added_states(self) -> list[AddedStateType]:
        return [_added(state) for state in CustomState.objects.all()]


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

    @mutation(
        AddedStatePayload,
        allow=OFFICE,
        description="Add a state of a kind to this community's flow, with the states leading "
        "into it and (open kind) those it leads to.",
    )
    def add_hazard_state(
        self, info: Info, input: Annotated[AddStateInput, arg("The state.")]
    ) -> AddedStatePayload:
        who = caller(info)
        added = state_add(
            actor=who.user,
            name=input.name,
            name_en=input.name_en,
            kind=input.kind,
            after=input.after,
            sources=input.sources,
            targets=input.targets,
        )
        return AddedStatePayload(state=_added(added))

    @mutation(
        ReportStatePayload,
        allow=HANDLERS,
        description="Move a report into a state this community added, where that state allows.",
    )
    def move_hazard_report_to_state(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The report.")],
        state: Annotated[str, arg("The added state's code (added_N).")],
        reason: Annotated[str, arg("Why (required for a closed state).")] = "",
    ) -> ReportStatePayload:
        who = caller(info)
        report = report_of(who, id, handling=True)
        return ReportStatePayload(
            report=report_enter_state(
                actor=who.user, community=who.community, report=report, state=state, reason=reason
            )
        )
