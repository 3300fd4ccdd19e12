"""Campaigns (专项行动) over GraphQL: the list with each grid's progress, and the items a grid
worker works through. Both read through the campaign selectors (office and grid workers)."""

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from commonweal.governance.hazards import selectors
from commonweal.governance.hazards.graphql.types import ReportType
from commonweal.governance.hazards.models import Campaign, CampaignItem
from commonweal.governance.hazards.models_campaigns import (
    CampaignStatus,
    CampaignUnit,
    ItemOutcome,
)
from commonweal.governance.hazards.services.campaigns import progress
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.graphql.mutations import arg

CampaignUnitEnum = strawberry.enum(
    CampaignUnit, name="HazardCampaignUnit", description="What a campaign visits one by one."
)
CampaignStatusEnum = strawberry.enum(
    CampaignStatus, name="HazardCampaignStatus", description="Under way or closed."
)
ItemOutcomeEnum = strawberry.enum(
    ItemOutcome, name="HazardVisitOutcome", description="What a visit found."
)


@strawberry.type(name="HazardCampaignGridProgress", description="A grid's share of a campaign.")
class GridProgressType:
    grid_name: str = strawberry.field(description="The grid.")
    total: int = strawberry.field(description="Households or buildings to visit.")
    done: int = strawberry.field(description="Checked, nothing wrong.")
    not_home: int = strawberry.field(description="Nobody at home (to visit again).")
    hazard: int = strawberry.field(description="A hazard found (and reported).")
    pending: int = strawberry.field(description="Not visited yet.")


def grid_progress(row: dict) -> GridProgressType:
    return GridProgressType(
        grid_name=row["grid"],
        total=row["total"],
        done=row[ItemOutcome.DONE],
        not_home=row[ItemOutcome.NOT_HOME],
        hazard=row[ItemOutcome.HAZARD],
        pending=row[ItemOutcome.PENDING],
    )


@strawberry_django.type(
    Campaign, name="HazardCampaign", description="A campaign (专项行动) over some grids."
)
class CampaignType(relay.Node):
    title: str = strawberry_django.field(description="Title.")
    description: str = strawberry_django.field(description="What to check.")
    unit: CampaignUnitEnum = strawberry_django.field(
        description="One item per household or building."
    )
    status: CampaignStatusEnum = strawberry_django.field(description="Under way or closed.")
    created_at: datetime = strawberry_django.field(description="When it started.")
    closed_at: datetime | None = strawberry_django.field(description="When it was closed.")

    @strawberry_django.field(description="Progress per grid (one query for the whole list).")
    def progress(self, info: Info) -> list[GridProgressType]:
        # The list resolver computes every campaign's progress at once (see `hazardCampaigns`);
        # a single campaign (a mutation's payload) computes its own.
        known = getattr(self, "_progress", None)
        rows = known if known is not None else progress([self.pk]).get(self.pk, [])
        return [grid_progress(row) for row in rows]


@strawberry_django.type(
    CampaignItem, name="HazardCampaignItem", description="One household or building to visit."
)
class CampaignItemType(relay.Node):
    label: str = strawberry_django.field(description="The household or building.")
    outcome: ItemOutcomeEnum = strawberry_django.field(description="What the visit found.")
    note: str = strawberry_django.field(description="The grid worker's note.")
    visited_at: datetime | None = strawberry_django.field(description="When it was visited.")
    report: ReportType | None = strawberry_django.field(
        description="The hazard report filed from this visit."
    )

    @strawberry_django.field(select_related=["grid"], description="The grid it lies in.")
    def grid_name(self) -> str:
        return self.grid.name


def _who(info: Info):
    request = info.context.request
    return request.user, roles_in_current_community(request)


@strawberry.type
class CampaignQuery:
    @strawberry.field(
        description="Campaigns, newest first, with each grid's progress (office, and grid "
        "workers for campaigns over their grids)."
    )
    def hazard_campaigns(self, info: Info) -> list[CampaignType]:
        user, roles = _who(info)
        campaigns = list(
            selectors.campaigns_for(actor=user, roles=roles).order_by("-created_at", "-id")[:100]
        )
        rows = progress(c.pk for c in campaigns)
        for campaign in campaigns:
            campaign._progress = rows.get(campaign.pk, [])
        return campaigns

    @strawberry_django.connection(
        DjangoListConnection[CampaignItemType],
        description="A campaign's households or buildings you may visit, in order (office: "
        "all; grid workers: their grids').",
    )
    def hazard_campaign_items(
        self,
        info: Info,
        campaign_id: Annotated[relay.GlobalID, arg("The campaign.")],
        outcome: Annotated[ItemOutcomeEnum | None, arg("Only items with this outcome.")] = None,
    ) -> Iterable[CampaignItem]:
        from commonweal.governance.hazards.graphql.mutations.shared import pk

        user, roles = _who(info)
        try:
            campaign_pk = pk(campaign_id, CampaignType)
        except DomainError:
            return CampaignItem.objects.none()
        items = selectors.campaign_items_for(actor=user, roles=roles).filter(
            campaign_id__in=selectors.campaigns_for(actor=user, roles=roles)
            .filter(pk=campaign_pk)
            .values("pk")
        )
        if outcome:
            items = items.filter(outcome=outcome)
        return items.order_by("grid__name", "grid_id", "position")
