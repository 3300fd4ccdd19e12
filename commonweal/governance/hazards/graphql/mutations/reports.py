"""Filing, seconding, handling, escalating and reopening hazard reports."""

from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.governance.hazards.error_codes import not_found
from commonweal.governance.hazards.graphql.mutations.shared import (
    HANDLERS,
    HazardError,
    pk,
    report_of,
)
from commonweal.governance.hazards.graphql.types import (
    DepartmentType,
    HazardCategoryEnum,
    ReportType,
)
from commonweal.governance.hazards.models import Department
from commonweal.governance.hazards.services import departments, escalation
from commonweal.governance.hazards.services import reports as services
from commonweal.platform.kernel.graphql.mutations import (
    ANYONE,
    MEMBERS,
    arg,
    caller,
    mutation,
    payload,
)

ReportPayload = payload(
    "HazardReportPayload", HazardError, report=(ReportType, "The report as it now stands.")
)
CheckInPayload = payload(
    "HazardCheckInPayload",
    HazardError,
    report_state=(str, "The report's state after the answer."),
    first_time=(bool, "False when this link had already been answered (nothing recorded)."),
)


@strawberry.enum(name="HazardClosing", description="How a report is closed without a fix.")
class Closing(Enum):
    UNABLE = "unable"
    NOT_A_HAZARD = "not_a_hazard"


@strawberry.input(description="A hazard report as filed.")
class ReportInput:
    category: HazardCategoryEnum = strawberry.field(description="Kind of hazard.")
    description: str = strawberry.field(description="What is wrong (≤ 1,000 characters).")
    lat: float = strawberry.field(description="Latitude (GCJ-02) of the hazard.")
    lng: float = strawberry.field(description="Longitude (GCJ-02) of the hazard.")
    place: str = strawberry.field(default="", description="Place, as named (楼栋, 院落).")
    anonymous: bool = strawberry.field(
        default=False, description="Hide even from the grid worker that it was you."
    )


def _verb(service, info, id, **kwargs):
    who = caller(info)
    report = report_of(who, id, handling=True)
    return ReportPayload(
        report=service(actor=who.user, community=who.community, report=report, **kwargs)
    )


ID = Annotated[relay.GlobalID, arg("The report.")]


@strawberry.type
class ReportMutation:
    @mutation(ReportPayload, allow=MEMBERS, description="Report a hazard (安全隐患随手报).")
    def file_hazard_report(
        self, info: Info, input: Annotated[ReportInput, arg("The report.")]
    ) -> ReportPayload:
        who = caller(info)
        return ReportPayload(
            report=services.report_file(
                actor=who.user,
                community=who.community,
                category=input.category,
                description=input.description,
                lat=input.lat,
                lng=input.lng,
                place=input.place,
                anonymous=input.anonymous,
            )
        )

    @mutation(ReportPayload, allow=MEMBERS, description="Say “me too” on an open report; once.")
    def me_too_hazard_report(self, info: Info, id: ID) -> ReportPayload:
        who = caller(info)
        report = report_of(who, id)
        return ReportPayload(
            report=services.report_me_too(actor=who.user, community=who.community, report=report)
        )

    @mutation(ReportPayload, allow=HANDLERS, description="Confirm it is a hazard (核实).")
    def confirm_hazard_report(self, info: Info, id: ID) -> ReportPayload:
        return _verb(services.report_confirm, info, id)

    @mutation(ReportPayload, allow=HANDLERS, description="Start handling a confirmed report.")
    def start_hazard_report(self, info: Info, id: ID) -> ReportPayload:
        return _verb(services.report_start, info, id)

    @mutation(ReportPayload, allow=HANDLERS, description="Record the hazard as fixed.")
    def fix_hazard_report(
        self, info: Info, id: ID, note: Annotated[str, arg("What was done.")] = ""
    ) -> ReportPayload:
        return _verb(services.report_fix, info, id, note=note)

    @mutation(
        ReportPayload, allow=HANDLERS, description="Close as unable to fix, or as not a hazard."
    )
    def close_hazard_report(
        self,
        info: Info,
        id: ID,
        outcome: Annotated[Closing, arg("How it is closed.")],
        reason: Annotated[str, arg("Why, as the reporter will read it.")],
    ) -> ReportPayload:
        service = services.report_give_up if outcome == Closing.UNABLE else services.report_reject
        return _verb(service, info, id, reason=reason)

    @mutation(ReportPayload, allow=HANDLERS, description="Close as a duplicate of an open report.")
    def mark_hazard_report_duplicate(
        self,
        info: Info,
        id: ID,
        original_id: Annotated[relay.GlobalID, arg("The open report it repeats.")],
    ) -> ReportPayload:
        who = caller(info)
        original = report_of(who, original_id)
        return _verb(services.report_mark_duplicate, info, id, original=original)

    @mutation(
        ReportPayload,
        allow=HANDLERS,
        description="吹哨: move an open report up a level now, or straight to a department.",
    )
    def blow_hazard_whistle(
        self,
        info: Info,
        id: ID,
        reason: Annotated[str, arg("Why it cannot wait.")],
        department_id: Annotated[
            relay.GlobalID | None, arg("Straight to this department (职能部门).")
        ] = None,
    ) -> ReportPayload:
        department = None
        if department_id is not None:
            department = Department.objects.filter(pk=pk(department_id, DepartmentType)).first()
            if department is None:
                raise not_found()
        return _verb(escalation.blow_whistle, info, id, reason=reason, department=department)

    @mutation(
        ReportPayload, allow=MEMBERS, description="The reporter reopens a fixed report (14 days)."
    )
    def reopen_hazard_report(
        self, info: Info, id: ID, reason: Annotated[str, arg("What is still wrong.")]
    ) -> ReportPayload:
        who = caller(info)
        report = report_of(who, id)
        return ReportPayload(
            report=services.report_reopen(
                actor=who.user, community=who.community, report=report, reason=reason
            )
        )

    @mutation(
        CheckInPayload,
        allow=ANYONE,
        description="报到: a department answers through the signed link it was e-mailed.",
    )
    def check_in_hazard_referral(
        self,
        info: Info,
        token: Annotated[str, arg("The token of the link.")],
        note: Annotated[str, arg("The department's answer.")] = "",
    ) -> CheckInPayload:
        who = caller(info)
        answer, created = departments.check_in(community=who.community, token=token, note=note)
        answer.report.refresh_from_db()
        return CheckInPayload(report_state=answer.report.state.upper(), first_time=created)
