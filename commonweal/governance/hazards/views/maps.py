"""The map pages of hazards: the heat map's data (open reports per cell, counted in SQL) and
the office's grid drawing page. Both speak the tiles' datum to the browser (GCJ-02 for AMap
and Tencent, WGS-84 for OpenStreetMap) and GCJ-02 to the services."""

import json
import math

from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from commonweal.governance.hazards import selectors
from commonweal.governance.hazards.forms import GridForm
from commonweal.governance.hazards.heatmap import open_report_heat
from commonweal.governance.hazards.models import Grid
from commonweal.governance.hazards.services import grids as grid_services
from commonweal.governance.hazards.views.common import attempt, page_context, refusal
from commonweal.platform.kernel.errors import NotFound
from commonweal.welfaremap.coordinates import from_gcj02, to_gcj02
from commonweal.welfaremap.views import tile_config


def _number(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _shown(lat, lng, datum):
    return [round(v, 7) for v in from_gcj02(lat, lng, datum)]


def heat_json(request):
    """GET ?south&west&north&east (the map's view, in the tiles' datum): at most 32 × 32 cells."""
    page_context(request)
    datum = tile_config()["datum"]
    view = [_number(request.GET.get(k)) for k in ("south", "west", "north", "east")]
    if None in view:
        heat = open_report_heat()
    else:
        south, west = to_gcj02(view[0], view[1], datum)
        north, east = to_gcj02(view[2], view[3], datum)
        heat = open_report_heat(south, west, north, east)
    cells = [
        [*_shown(c.south, c.west, datum), *_shown(c.north, c.east, datum), c.count]
        for c in heat.cells
    ]
    return JsonResponse(
        {
            "cells": cells,
            "total": heat.total,
            "max": heat.max_count,
            "view": [*_shown(heat.south, heat.west, datum), *_shown(heat.north, heat.east, datum)],
        }
    )


def grid_list(request):
    community, roles = page_context(request)
    if refused := refusal(request, roles, office_only=True):
        return refused
    rows = [
        (
            grid.name,
            f"/hazards/grids/{grid.pk}/",
            _("Micro-grid of %(grid)s") % {"grid": grid.parent.name}
            if grid.parent
            else grid.covers,
            "" if grid.households is None else _("%(n)d households") % {"n": grid.households},
        )
        for grid in Grid.objects.select_related("parent").order_by("name", "pk")
    ]
    return render(request, "hazards/grids/list.html", {"community": community, "rows": rows})


def _rings(raw: str, system: str) -> list:
    """The drawing as (lat, lng) rings in GCJ-02; anything malformed reads as no drawing, which
    the grid service refuses in words."""
    try:
        rings = json.loads(raw or "[]")
        return [
            [to_gcj02(float(lat), float(lng), system or "gcj02") for lat, lng in ring]
            for ring in rings
        ]
    except (TypeError, ValueError):
        return []


def _map_config(community, grid: Grid | None, drawn) -> dict:
    datum = tile_config()["datum"]
    others = Grid.objects.exclude(pk=grid.pk if grid else None).only("name", "boundary")
    if grid is not None and drawn is None:
        drawn = [grid.boundary, *(h.ring for h in grid.holes.all())]
    centre = (community.centre_lat, community.centre_lng)
    return {
        "tiles": tile_config(),
        "centre": _shown(float(centre[0] or 30.6598), float(centre[1] or 104.0633), datum),
        "rings": [[_shown(lat, lng, datum) for lat, lng in ring] for ring in drawn or []],
        "others": [
            {"name": g.name, "ring": [_shown(lat, lng, datum) for lat, lng in g.boundary]}
            for g in others
        ],
    }


def grid_edit(request, pk: int | None = None):
    community, roles = page_context(request)
    if refused := refusal(request, roles, office_only=True):
        return refused
    grid = None
    if pk is not None:
        try:
            grid = selectors.access_grid(grid_id=pk)
        except NotFound as missing:
            raise Http404 from missing
    initial = {}
    if grid is not None:
        initial = {
            "name": grid.name,
            "parent": grid.parent_id,
            "households": grid.households,
            "covers": grid.covers,
        }
    form = GridForm(request.POST or None, initial=initial)
    drawn = None
    if request.method == "POST" and form.is_valid():
        data, saved = form.cleaned_data, []
        drawn = _rings(data["rings"], data["system"])

        def draw():
            saved.append(
                grid_services.grid_draw(
                    actor=request.user,
                    name=data["name"],
                    rings=drawn,
                    parent=data["parent"],
                    grid=grid,
                    households=data["households"],
                    covers=data["covers"],
                )
            )

        if attempt(request, draw, _("The grid is saved: new reports inside it go to it.")):
            return redirect("/hazards/grids/")
    return render(
        request,
        "hazards/grids/draw.html",
        {
            "community": community,
            "grid": grid,
            "form": form,
            "map_config": _map_config(community, grid, drawn),
        },
    )
