"""Projects (募捐项目) donors can give to; public ones are in the cross-community search."""

import uuid

from django.db import transaction

from commonweal.ledger import services as ledger
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.models import (
    AccountKind,
    Campaign,
)
from commonweal.microfund.money import check_amount
from commonweal.microfund.services.common import required
from commonweal.search.documents import index_document, remove_document


def _index_campaign(community, campaign: Campaign) -> None:
    if campaign.public:
        index_document(
            community=community,
            kind="campaign",
            key=campaign.pk,
            title=campaign.title,
            body=campaign.description,
            category="微基金",
            url=f"/fund/?campaign={campaign.pk}",
        )
    else:
        remove_document(community=community, kind="campaign", key=campaign.pk)


@transaction.atomic
def campaign_create(
    *, actor, community, title: str, description: str = "", goal=None, public: bool = True
) -> Campaign:
    title = required(title, FundErrorCode.TITLE_REQUIRED, "title")
    if goal is not None:
        goal = check_amount(goal, field="goal")
    code = f"campaign:{uuid.uuid4().hex[:12]}"
    account = ledger.account(code, name=title, kind=AccountKind.CAMPAIGN)
    campaign = Campaign.objects.create(
        title=title, description=description, goal=goal, public=public, account=account
    )
    _index_campaign(community, campaign)
    return campaign


@transaction.atomic
def campaign_update(
    *, actor, community, campaign: Campaign, title=None, description=None, public=None
) -> Campaign:
    if title is not None:
        campaign.title = required(title, FundErrorCode.TITLE_REQUIRED, "title")
    if description is not None:
        campaign.description = description
    if public is not None:
        campaign.public = public
    campaign.save()
    _index_campaign(community, campaign)
    return campaign
