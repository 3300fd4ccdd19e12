"""专项行动: starting a campaign over some grids, recording each visit, closing it.

Items are made when the campaign starts, from what the grids record of what they cover
(`Grid.households`, and the buildings and courtyards listed in `Grid.covers`): one per
household ("第12户") or one per building. Recording a visit locks the item's row: two grid
workers tapping the same door at once are served one after the other — the second sees the
first's outcome. Saying the same thing again changes nothing (and files no second report);
a door nobody opened may be visited again; anything else already recorded is refused.
"""

import re

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.hazards.error_codes import HazardErrorCode, not_found
from commonweal.governance.hazards.geometry import contains
from commonweal.governance.hazards.models import (
    Campaign,
    CampaignItem,
    Grid,
)
from commonweal.governance.hazards.models_campaigns import (
    CampaignStatus,
    CampaignUnit,
    ItemOutcome,
)
from commonweal.governance.hazards.services import reports
from commonweal.governance.hazards.services.text import required_text
from commonweal.platform.kernel.errors import DomainError

MAX_ITEMS = 20_000
# Who may change an outcome already recorded: only a door nobody opened is visited again.
REVISITABLE = frozenset({ItemOutcome.PENDING, ItemOutcome.NOT_HOME})
_SEPARATORS = re.compile(r"[、,，;；\n]+")


def buildings_of(grid: Grid) -> list[str]:
    """The buildings and courtyards a grid lists in `covers`, in order, once each."""
    seen: list[str] = []
    for part in _SEPARATORS.split(grid.covers or ""):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen


def _labels(grid: Grid, unit: str) -> list[str]:
    if unit == CampaignUnit.BUILDING:
        return [f"{grid.name} · {b}" for b in buildings_of(grid)]
    return [f"{grid.name} · 第{n}户" for n in range(1, (grid.households or 0) + 1)]


def campaign_start(*, actor, title, unit, grids, description="") -> Campaign:
    """One item per household or building of each chosen grid; refused (nothing made) when
    a grid records none."""
    title = required_text(title, field="title", limit=80, code=HazardErrorCode.TITLE_REQUIRED)
    description = required_text(description, field="description", limit=500, required=False)
    if unit not in CampaignUnit.values:
        raise DomainError(HazardErrorCode.INVALID_UNIT, _("Choose what to visit."), field="unit")
    grids = sorted({g.pk: g for g in grids}.values(), key=lambda g: (g.name, g.pk))
    if not grids:
        raise DomainError(
            HazardErrorCode.GRIDS_REQUIRED, _("Choose at least one grid."), field="grids"
        )
    plan = [(grid, _labels(grid, unit)) for grid in grids]
    empty = [grid.name for grid, labels in plan if not labels]
    if empty:
        what = _("households") if unit == CampaignUnit.HOUSEHOLD else _("buildings")
        raise DomainError(
            HazardErrorCode.NOTHING_TO_VISIT,
            _("These grids record no %(what)s yet: %(grids)s.")
            % {"what": what, "grids": "、".join(empty)},
            field="grids",
        )
    if sum(len(labels) for _grid, labels in plan) > MAX_ITEMS:
        raise DomainError(
            HazardErrorCode.TOO_MANY_ITEMS,
            _("A campaign holds at most %(n)d visits.") % {"n": MAX_ITEMS},
            field="grids",
        )
    campaign = Campaign.objects.create(
        title=title,
        description=description,
        unit=unit,
        created_by=actor,
        created_at=timezone.now(),
    )
    campaign.grids.set(grids)
    CampaignItem.objects.bulk_create(
        CampaignItem(campaign=campaign, grid=grid, position=n, label=label)
        for grid, labels in plan
        for n, label in enumerate(labels, start=1)
    )
    return campaign


def _lock(item: CampaignItem) -> CampaignItem:
    locked = (
        CampaignItem.objects.select_for_update(of=("self",))
        .select_related("campaign", "grid")
        .filter(pk=item.pk)
        .first()
    )
    if locked is None:
        raise not_found()
    return locked


def inside_point(grid: Grid) -> tuple[float, float]:
    """A point the grid routes to when the worker gives none: the corners' average when it
    lies inside the outline and no hole, else the first corner (edges count in)."""
    ring = grid.boundary
    lat = sum(p[0] for p in ring) / len(ring)
    lng = sum(p[1] for p in ring) / len(ring)
    holes = [h.ring for h in grid.holes.all()]
    if contains(ring, lat, lng) and not any(contains(h, lat, lng) for h in holes):
        return lat, lng
    return ring[0]


def item_record(
    *, actor, community, item: CampaignItem, outcome: str, note="", hazard=None
) -> tuple[CampaignItem, bool]:
    """Record a visit; `hazard` (category, description, optional lat/lng) is required with
    `hazard` and becomes a report linked to the item. Returns the item and whether anything
    changed (False: the same outcome was already recorded)."""
    if outcome not in ItemOutcome.values or outcome == ItemOutcome.PENDING:
        raise DomainError(
            HazardErrorCode.INVALID_OUTCOME, _("Choose what you found."), field="outcome"
        )
    note = required_text(note, field="note", limit=300, required=False)
    item = _lock(item)
    if item.campaign.status != CampaignStatus.OPEN:
        raise DomainError(HazardErrorCode.CAMPAIGN_CLOSED, _("This campaign has been closed."))
    if item.outcome == outcome:
        return item, False
    if item.outcome not in REVISITABLE:
        raise DomainError(
            HazardErrorCode.ALREADY_RECORDED,
            _("This visit is already recorded: %(outcome)s.")
            % {"outcome": item.get_outcome_display()},
        )
    if outcome == ItemOutcome.HAZARD:
        hazard = hazard or {}
        lat, lng = hazard.get("lat"), hazard.get("lng")
        if lat is None or lng is None:
            lat, lng = inside_point(item.grid)
        report = reports.report_file(
            actor=actor,
            community=community,
            category=hazard.get("category"),
            description=hazard.get("description"),
            lat=lat,
            lng=lng,
            place=item.label[:80],
        )
        item.report = report
    item.outcome = outcome
    item.note = note
    item.visited_by = actor
    item.visited_at = timezone.now()
    item.save(update_fields=["outcome", "note", "visited_by", "visited_at", "report"])
    return item, True


def campaign_close(*, actor, campaign: Campaign) -> Campaign:
    campaign = Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    if campaign is None:
        raise not_found()
    if campaign.status != CampaignStatus.OPEN:
        raise DomainError(HazardErrorCode.CAMPAIGN_CLOSED, _("This campaign is already closed."))
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_by = actor
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["status", "closed_by", "closed_at"])
    return campaign


def progress(campaign_ids) -> dict[int, list[dict]]:
    """Per campaign, per grid: how many items of each outcome; one query for them all."""
    rows = (
        CampaignItem.objects.filter(campaign_id__in=list(campaign_ids))
        .values("campaign_id", "grid_id", "grid__name", "outcome")
        .annotate(n=Count("pk"))
        .order_by("campaign_id", "grid__name", "grid_id")
    )
    found: dict[int, dict[int, dict]] = {}
    for row in rows:
        grids = found.setdefault(row["campaign_id"], {})
        grid = grids.setdefault(
            row["grid_id"],
            {"grid_id": row["grid_id"], "grid": row["grid__name"], "total": 0}
            | {o: 0 for o in ItemOutcome.values},
        )
        grid[row["outcome"]] = row["n"]
        grid["total"] += row["n"]
    return {pk: list(grids.values()) for pk, grids in found.items()}
