"""The resources list (资源清单): partners' commitments and the community's own rooms,
equipment and teams, searched by kind of need, words and place. Public, like the GraphQL
`resources` field it shares `matching.resources_list` with."""

from django.shortcuts import render

from commonweal.governance.needs import matching
from commonweal.governance.needs.models import NeedCategory
from commonweal.governance.needs.views.common import page_context

SHOWN = 100


def resources_page(request):
    community, _roles = page_context(request)
    category = request.GET.get("category", "")
    if category not in NeedCategory.values:
        category = ""
    words = request.GET.get("q", "").strip()[:200]
    place = request.GET.get("place", "").strip()[:80]
    found = matching.resources_list(
        categories=[category] if category else None, text=words, place=place, store_words=False
    )
    labels = dict(NeedCategory.choices)
    return render(
        request,
        "needs/resources.html",
        {
            "community": community,
            "resources": [
                (r, "、".join(str(labels[c]) for c in sorted(r.categories) if c in labels))
                for r in found[:SHOWN]
            ],
            "total": len(found),
            "shown": SHOWN,
            "categories": NeedCategory.choices,
            "category": category,
            "q": words,
            "place": place,
        },
    )
