"""Starting a campaign (office), recording a visit (grid workers and office), closing it."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.governance.hazards import selectors
from commonweal.governance.hazards.graphql.campaigns import (
    CampaignItemType,
    CampaignType,
    CampaignUnitEnum,
    ItemOutcomeEnum,
)
from commonweal.governance.hazards.graphql.mutations.shared import HANDLERS, HazardError, pk
from commonweal.governance.hazards.graphql.types import GridType, HazardCategoryEnum, ReportType
from commonweal.governance.hazards.models import Grid
from commonweal.governance.hazards.services import campaigns
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.graphql.mutations import OFFICE, arg, caller, mutation, payload

CampaignPayload = payload(
    "HazardCampaignPayload", HazardError, campaign=(CampaignType, "The campaign as it stands.")
)
VisitPayload = payload(
    "HazardVisitPayload",
    HazardError,
    item=(CampaignItemType, "The household or building as recorded."),
    report=(ReportType, "The hazard report filed from this visit, if any."),
    changed=(bool, "False when the same outcome was already recorded (nothing changed)."),
)


@strawberry.input(name="HazardCampaignInput", description="A campaign to start.")
class CampaignInput:
    title: str = strawberry.field(description="Title (≤ 80 characters), e.g. 燃气安全入户检查.")
    unit: CampaignUnitEnum = strawberry.field(description="One item per household or building.")
    grid_ids: list[relay.GlobalID] = strawberry.field(description="The grids it covers.")
    description: str = strawberry.field(default="", description="What to check (≤ 500).")


@strawberry.input(name="HazardFoundInput", description="The hazard a visit found.")
class HazardFoundInput:
    category: HazardCategoryEnum = strawberry.field(description="Kind of hazard.")
    description: str = strawberry.field(description="What is wrong (≤ 1,000 characters).")
    lat: float | None = strawberry.field(
        default=None, description="Latitude (GCJ-02); the grid's middle when absent."
    )
    lng: float | None = strawberry.field(default=None, description="Longitude (GCJ-02).")


def _campaign(who, id):
    return selectors.access_campaign(
        actor=who.user,
        roles=roles_in_current_community(who.request),
        campaign_id=pk(id, CampaignType),
    )


@strawberry.type
class CampaignMutation:
    @mutation(
        CampaignPayload,
        allow=OFFICE,
        description="Start a campaign (专项行动): one item per household or building of the grids.",
    )
    def start_hazard_campaign(
        self, info: Info, input: Annotated[CampaignInput, arg("The campaign.")]
    ) -> CampaignPayload:
        who = caller(info)
        wanted = [pk(g, GridType) for g in input.grid_ids]
        grids = list(Grid.objects.filter(pk__in=wanted))
        if len(grids) != len(set(wanted)):
            from commonweal.governance.hazards.error_codes import not_found

            raise not_found()
        return CampaignPayload(
            campaign=campaigns.campaign_start(
                actor=who.user,
                title=input.title,
                unit=input.unit.value if hasattr(input.unit, "value") else input.unit,
                grids=grids,
                description=input.description,
            )
        )

    @mutation(
        VisitPayload,
        allow=HANDLERS,
        description="Record a visit: done, nobody at home, or a hazard found (filed as a "
        "report linked to the visit). Saying the same again changes nothing.",
    )
    def record_hazard_visit(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The household or building (a campaign item).")],
        outcome: Annotated[ItemOutcomeEnum, arg("What the visit found.")],
        note: Annotated[str, arg("A note (≤ 300 characters).")] = "",
        hazard: Annotated[
            HazardFoundInput | None, arg("The hazard, with the outcome HAZARD.")
        ] = None,
    ) -> VisitPayload:
        who = caller(info)
        item = selectors.access_campaign_item(
            actor=who.user,
            roles=roles_in_current_community(who.request),
            item_id=pk(id, CampaignItemType),
        )
        found = None
        if hazard is not None:
            found = {
                "category": hazard.category.value
                if hasattr(hazard.category, "value")
                else hazard.category,
                "description": hazard.description,
                "lat": hazard.lat,
                "lng": hazard.lng,
            }
        item, changed = campaigns.item_record(
            actor=who.user,
            community=who.community,
            item=item,
            outcome=outcome.value if hasattr(outcome, "value") else outcome,
            note=note,
            hazard=found,
        )
        return VisitPayload(item=item, report=item.report, changed=changed)

    @mutation(CampaignPayload, allow=OFFICE, description="Close a campaign: no more visits.")
    def close_hazard_campaign(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The campaign.")]
    ) -> CampaignPayload:
        who = caller(info)
        return CampaignPayload(
            campaign=campaigns.campaign_close(actor=who.user, campaign=_campaign(who, id))
        )
