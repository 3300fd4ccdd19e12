"""Reads about grids and hazard reports, already scoped to who asks.

Reports are public (category, place, state, level — never who reported them) from the moment
they are filed, except those closed as duplicates or not a hazard; the reporter sees their own
in any state. Handling — confirming, fixing, escalating — belongs to the office and to the
grid workers of the report's grid (or its parent grid).
"""

from django.db.models import Q, QuerySet

from commonweal.governance.hazards.error_codes import not_found
from commonweal.governance.hazards.models import (
    Campaign,
    CampaignItem,
    Grid,
    GridMember,
    HazardReport,
    ReportState,
)
from commonweal.platform.kernel.roles import OFFICE_ROLES

HIDDEN_STATES = frozenset({ReportState.DUPLICATE, ReportState.NOT_A_HAZARD})


def my_grid_ids(actor) -> set[int]:
    """Grids `actor` works, with the micro-grids under them."""
    if actor is None or not actor.is_authenticated:
        return set()
    ids = set(GridMember.objects.filter(user=actor).values_list("grid_id", flat=True))
    ids |= set(Grid.objects.filter(parent_id__in=ids).values_list("pk", flat=True))
    return ids


def reports_for(*, actor, roles) -> QuerySet[HazardReport]:
    if roles & OFFICE_ROLES:
        return HazardReport.objects.all()
    visible = ~Q(state__in=HIDDEN_STATES)
    if actor is not None and actor.is_authenticated:
        visible |= Q(reporter=actor) | Q(grid_id__in=my_grid_ids(actor))
    return HazardReport.objects.filter(visible)


def handled_by(*, actor, roles) -> QuerySet[HazardReport]:
    """What `actor` may handle: everything for the office, their grids' reports for workers."""
    if roles & OFFICE_ROLES:
        return HazardReport.objects.all()
    return HazardReport.objects.filter(grid_id__in=my_grid_ids(actor))


def access_report(*, actor, roles, report_id, handling: bool = False) -> HazardReport:
    """Fetch and authorise in one step; missing and forbidden read the same."""
    scope = handled_by if handling else reports_for
    report = scope(actor=actor, roles=roles).filter(pk=report_id).first()
    if report is None:
        raise not_found()
    return report


def may_handle(*, actor, roles, report: HazardReport) -> bool:
    return bool(roles & OFFICE_ROLES) or report.grid_id in my_grid_ids(actor)


def access_grid(*, grid_id) -> Grid:
    grid = Grid.objects.filter(pk=grid_id).first()
    if grid is None:
        raise not_found()
    return grid


def campaigns_for(*, actor, roles) -> QuerySet[Campaign]:
    """Campaigns are the office's and their grid workers' work lists (they name households)."""
    if roles & OFFICE_ROLES:
        return Campaign.objects.all()
    return Campaign.objects.filter(grids__in=my_grid_ids(actor)).distinct()


def campaign_items_for(*, actor, roles) -> QuerySet[CampaignItem]:
    """What `actor` may record: every item for the office, their grids' items for workers."""
    if roles & OFFICE_ROLES:
        return CampaignItem.objects.all()
    return CampaignItem.objects.filter(grid_id__in=my_grid_ids(actor))


def access_campaign(*, actor, roles, campaign_id) -> Campaign:
    campaign = campaigns_for(actor=actor, roles=roles).filter(pk=campaign_id).first()
    if campaign is None:
        raise not_found()
    return campaign


def access_campaign_item(*, actor, roles, item_id) -> CampaignItem:
    item = campaign_items_for(actor=actor, roles=roles).filter(pk=item_id).first()
    if item is None:
        raise not_found()
    return item
