"""Campaign pages: the list with each grid's progress bar, starting one (office), the
checklist a grid worker works through on the phone, closing (office)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonweal.governance.hazards import selectors
from commonweal.governance.hazards.forms import CampaignForm, HazardFoundForm
from commonweal.governance.hazards.models_campaigns import CampaignStatus, ItemOutcome
from commonweal.governance.hazards.services import campaigns as services
from commonweal.governance.hazards.views.common import attempt, page_context, refusal
from commonweal.platform.kernel.errors import NotFound
from commonweal.platform.kernel.roles import OFFICE_ROLES

ITEMS_PER_PAGE = 60
BAR = (  # outcome, colour: the order of a progress bar's segments
    (ItemOutcome.DONE, "#2f7d4f"),
    (ItemOutcome.HAZARD, "#c92a2a"),
    (ItemOutcome.NOT_HOME, "#e8a33d"),
)


def _bars(rows) -> list[dict]:
    """Each grid's progress as segments of a bar (percent widths) and its counts."""
    bars = []
    for row in rows:
        total = row["total"] or 1
        visited = row["total"] - row[ItemOutcome.PENDING]
        bars.append(
            {
                "grid": row["grid"],
                "total": row["total"],
                "visited": visited,
                "percent": round(100 * visited / total),
                "segments": [
                    (str(ItemOutcome(o).label), colour, row[o], round(100 * row[o] / total, 2))
                    for o, colour in BAR
                ],
            }
        )
    return bars


def _allowed(request):
    community, roles = page_context(request)
    if refused := refusal(request, roles):
        return community, roles, refused
    if not (roles & OFFICE_ROLES or selectors.my_grid_ids(request.user)):
        raise PermissionDenied
    return community, roles, None


def campaign_list(request):
    community, roles, refused = _allowed(request)
    if refused:
        return refused
    campaigns = list(
        selectors.campaigns_for(actor=request.user, roles=roles).order_by("-created_at", "-id")[:50]
    )
    rows = services.progress(c.pk for c in campaigns)
    return render(
        request,
        "hazards/campaigns/list.html",
        {
            "community": community,
            "campaigns": [(c, _bars(rows.get(c.pk, []))) for c in campaigns],
            "is_office": bool(roles & OFFICE_ROLES),
            "legend": [(str(ItemOutcome(o).label), colour) for o, colour in BAR],
        },
    )


def campaign_new(request):
    community, roles = page_context(request)
    if refused := refusal(request, roles, office_only=True):
        return refused
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, made = form.cleaned_data, []

        def start():
            made.append(
                services.campaign_start(
                    actor=request.user,
                    title=data["title"],
                    unit=data["unit"],
                    grids=list(data["grids"]),
                    description=data["description"],
                )
            )

        if attempt(request, start, _("The campaign has started: grid workers see its list.")):
            return redirect(made[0].path)
    return render(request, "hazards/campaigns/new.html", {"community": community, "form": form})


def _campaign_or_404(request, roles, pk):
    try:
        return selectors.access_campaign(actor=request.user, roles=roles, campaign_id=pk)
    except NotFound as missing:
        raise Http404 from missing


def campaign_detail(request, pk: int):
    community, roles, refused = _allowed(request)
    if refused:
        return refused
    campaign = _campaign_or_404(request, roles, pk)
    mine = selectors.campaign_items_for(actor=request.user, roles=roles).filter(campaign=campaign)
    grids = list(
        campaign.grids.filter(pk__in=mine.values("grid_id"))
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    chosen = request.GET.get("grid", "")
    grid_id = int(chosen) if chosen.isdigit() and int(chosen) in dict(grids) else None
    if grid_id is None and grids:
        grid_id = grids[0][0]
    show = request.GET.get("show") or "pending"
    items = mine.filter(grid_id=grid_id)
    if show == "pending":
        items = items.filter(outcome__in=[ItemOutcome.PENDING, ItemOutcome.NOT_HOME])
    else:
        show = "all"
    return render(
        request,
        "hazards/campaigns/detail.html",
        {
            "community": community,
            "campaign": campaign,
            "bars": _bars(services.progress([campaign.pk]).get(campaign.pk, [])),
            "legend": [(str(ItemOutcome(o).label), colour) for o, colour in BAR],
            "grids": grids,
            "grid_chips": [(name, f"?grid={g}", g == grid_id) for g, name in grids],
            "show_chips": [
                (_("Still to visit"), f"?grid={grid_id}&show=pending", show == "pending"),
                (_("All"), f"?grid={grid_id}&show=all", show == "all"),
            ],
            "items": items.select_related("report").order_by("position")[:ITEMS_PER_PAGE],
            "open": campaign.status == CampaignStatus.OPEN,
            "is_office": bool(roles & OFFICE_ROLES),
            "hazard_form": HazardFoundForm(),
        },
    )


@require_POST
def campaign_visit(request, pk: int, item_pk: int):
    community, roles, refused = _allowed(request)
    if refused:
        return refused
    try:
        item = selectors.access_campaign_item(actor=request.user, roles=roles, item_id=item_pk)
    except NotFound as missing:
        raise Http404 from missing
    if item.campaign_id != pk:
        raise Http404
    outcome = request.POST.get("outcome", "")
    hazard = None
    if outcome == ItemOutcome.HAZARD:
        form = HazardFoundForm(request.POST)
        form.is_valid()
        hazard = {
            "category": form.cleaned_data.get("category"),
            "description": form.cleaned_data.get("description", ""),
        }
    changed = []

    def record():
        changed.append(
            services.item_record(
                actor=request.user,
                community=community,
                item=item,
                outcome=outcome,
                note=request.POST.get("note", ""),
                hazard=hazard,
            )[1]
        )

    attempt(request, record, _("Recorded: %(label)s.") % {"label": item.label})
    back = f"/hazards/campaigns/{pk}/?grid={item.grid_id}"
    return redirect(back + (f"#item-{item.pk}" if outcome == ItemOutcome.NOT_HOME else ""))


@require_POST
def campaign_close(request, pk: int):
    _community, roles = page_context(request)
    if refused := refusal(request, roles, office_only=True):
        return refused
    campaign = _campaign_or_404(request, roles, pk)
    attempt(
        request,
        lambda: services.campaign_close(actor=request.user, campaign=campaign),
        _("The campaign is closed."),
    )
    return redirect(campaign.path)
