"""The search page of both hosts, over commonweal.search (one community on its host, every
community on the platform's). Each hit links to its absolute address on its community's host.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from commonweal.platform.kernel.errors import DomainError
from commonweal.search import selectors
from commonweal.search.highlight import title_marked
from commonweal.search.query import MAX_OFFSET, build_request, encode_cursor
from commonweal.search.text import parse_query
from commonweal.web import links, registry

PAGE_SIZE = 10


@dataclass
class HitView:
    title_html: str
    snippet_html: str
    url: str
    kind: str
    category: str
    community_name: str
    distance_m: float | None


def _float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _near(params):
    """The reader's position: the browser gives WGS-84, documents are GCJ-02 (DESIGN.md, Maps)."""
    lat, lng = _float(params.get("lat")), _float(params.get("lng"))
    if lat is None or lng is None:
        return None
    from commonweal.welfaremap.coordinates import to_gcj02

    if -90 <= lat <= 90 and -180 <= lng <= 180:
        return to_gcj02(lat, lng, "wgs84")
    return (lat, lng)  # refused by build_request with its own message


def _page_number(params) -> int:
    try:
        return max(1, int(params.get("page", "1")))
    except ValueError:
        return 1


def _link(params, **changes) -> str:
    merged = {k: v for k, v in params.items() if v}
    merged.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            merged.pop(key, None)
        else:
            merged[key] = value
    return "?" + urlencode(merged)


def search_page(request):
    community = getattr(request, "tenant", None)
    params = {k: request.GET.get(k, "") for k in ("q", "kind", "community", "lat", "lng", "page")}
    query = params["q"].strip()
    page = _page_number(params)
    context = {"search_query": query, "params": params, "asked": bool(query or params["kind"])}
    near = _near(params)
    if near:
        context["asked"] = True
    if not context["asked"]:
        return render(request, "web/search.html", context)
    if parse_query(query).is_empty and not params["kind"] and not near:
        # Only punctuation: on a community's host the service would list everything.
        context["refusal"] = _("Type something to search for.")
        return render(request, "web/search.html", context)
    offset = (page - 1) * PAGE_SIZE
    if offset > MAX_OFFSET:
        context["refusal"] = _("Narrow your search to see more results.")
        return render(request, "web/search.html", context)
    try:
        search = build_request(
            query=query,
            kinds=[params["kind"]] if params["kind"] else (),
            communities=[params["community"]] if params["community"] and not community else (),
            near=near,
            first=PAGE_SIZE,
            after=encode_cursor(offset) if offset else None,
            scope_community_id=community.pk if community else None,
        )
        results = selectors.search(search)
    except DomainError as refusal:
        context["refusal"] = refusal.message
        return render(request, "web/search.html", context)
    context.update(_results_context(request, params, search, results, page))
    return render(request, "web/search.html", context)


def _results_context(request, params, search, results, page):
    hits = [
        HitView(
            title_html=mark_safe(title_marked(search.query, h.title)),
            snippet_html=mark_safe(h.snippet),
            url=links.community_url(h.community_slug, h.url or "/", request),
            kind=registry.kind_label(h.kind),
            category=registry.category_label(h.category) if h.category else "",
            community_name=h.community_name,
            distance_m=h.distance_m,
        )
        for h in results.hits
    ]
    # Past the cap, facets count only the results counted: each is then "at least".
    shown = (lambda n: f"{n:,}+") if results.total_capped else (lambda n: n)
    facets = {
        "kind": [
            {
                "label": registry.kind_label(f.value),
                "count": shown(f.count),
                "url": _link(params, kind=f.value),
                "on": params["kind"] == f.value,
                "value": f.value,
            }
            for f in results.facets.get("kind", [])
        ],
    }
    if getattr(request, "tenant", None) is None:
        facets["community"] = [
            {
                "label": f.label,
                "count": shown(f.count),
                "url": _link(params, community=f.value),
                "on": params["community"] == f.value,
                "value": f.value,
            }
            for f in results.facets.get("community", [])
        ]
    last_page = max(1, -(-min(results.total, MAX_OFFSET + PAGE_SIZE) // PAGE_SIZE))
    return {
        "hits": hits,
        "total": results.total,
        # Totals stop at the cap (commonweal.search.query.TOTAL_CAP): beyond it, say so.
        "total_capped": results.total_capped,
        "total_shown": f"{results.total:,}",
        "facets": facets,
        "all_kinds_url": _link(params, kind=None),
        "all_kinds_on": not params["kind"],
        "all_communities_on": not params["community"],
        "all_communities_url": _link(params, community=None),
        "page": page,
        "last_page": last_page,
        "previous_url": _link(params, page=page - 1) if page > 1 else "",
        "next_url": _link(params, page=page + 1) if results.has_next else "",
        "near": bool(search.near),
        "clear_near_url": _link(params, lat=None, lng=None),
    }
