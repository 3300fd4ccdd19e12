"""Projects (募捐项目): created and edited by the office."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.microfund import selectors
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.graphql.types import CampaignType, FundError
from commonweal.microfund.services import campaigns
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import OFFICE, arg, caller, mutation, payload

CampaignPayload = payload(
    "CampaignPayload", FundError, campaign=(CampaignType, "The project as saved.")
)


@strawberry.type
class CampaignMutation:
    @mutation(CampaignPayload, allow=OFFICE, description="Create a project (office roles).")
    def create_campaign(
        self,
        info: Info,
        title: Annotated[str, arg("Title, as donors see it.")],
        description: Annotated[str, arg("What the money is for.")] = "",
        goal: Annotated[int | None, arg("Goal in fen; none for an open-ended project.")] = None,
        public: Annotated[bool, arg("Shown to everyone and found in search.")] = True,
    ) -> CampaignPayload:
        who = caller(info)
        return CampaignPayload(
            campaign=campaigns.campaign_create(
                actor=who.user,
                community=who.community,
                title=title,
                description=description,
                goal=goal,
                public=public,
            )
        )

    @mutation(
        CampaignPayload,
        allow=OFFICE,
        description="Edit a project's title, description or visibility (office roles);"
        " an omitted argument stays as it is.",
    )
    def update_campaign(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The project.")],
        title: Annotated[str | None, arg("New title.")] = None,
        description: Annotated[str | None, arg("New description of what the money is for.")] = (
            None
        ),
        public: Annotated[bool | None, arg("Shown to everyone and found in search.")] = None,
    ) -> CampaignPayload:
        who = caller(info)
        campaign = selectors.access_campaign(
            actor=who.user,
            community=who.community,
            campaign_id=pk_of(id, CampaignType, FundErrorCode),
        )
        return CampaignPayload(
            campaign=campaigns.campaign_update(
                actor=who.user,
                community=who.community,
                campaign=campaign,
                title=title,
                description=description,
                public=public,
            )
        )
