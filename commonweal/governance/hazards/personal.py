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
from commonweal.governance.hazards.models_campaigns import Campaign, CampaignItem
from commonweal.privacy.registry import TEXT, not_personal, person_rows

person_rows(GridMember, owner=("user",))
person_rows(HazardReport, owner=("reporter",), erase={"description": TEXT})
person_rows(ReportTransition, mentions=("actor",), scrub=("reason",))
person_rows(MeToo, owner=("user",))
person_rows(Escalation, mentions=("actor",), scrub=("reason",))
person_rows(CheckIn, scrub=("note",))
person_rows(ReportReward, owner=("user",))
person_rows(Campaign, mentions=("created_by", "closed_by"))
# a household's note is the grid worker's words about a door, which may name a resident
person_rows(CampaignItem, mentions=("visited_by",), scrub=("note",))
not_personal(Department, email="a government department's duty inbox")
