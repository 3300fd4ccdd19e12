from commonweal.governance.hazards.models import (
    CheckIn,
    Department,
    Escalation,
    GridMember,
    HazardReport,
    MeToo,
    ReportReward,
    ReportTransition,
)
from commonweal.privacy.registry import TEXT, not_personal, person_rows

person_rows(GridMember, owner=("user",))
person_rows(HazardReport, owner=("reporter",), erase={"description": TEXT})
person_rows(ReportTransition, mentions=("actor",), scrub=("reason",))
person_rows(MeToo, owner=("user",))
person_rows(Escalation, mentions=("actor",), scrub=("reason",))
person_rows(CheckIn, scrub=("note",))
person_rows(ReportReward, owner=("user",))
not_personal(Department, email="a government department's duty inbox")
