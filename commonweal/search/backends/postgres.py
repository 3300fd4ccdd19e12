"""PostgreSQL backend: the documents table itself, its GIN-indexed tsvector and earthdistance.

Only visible documents of active communities match; the community's status is read through the
join at query time, so suspending a community hides its documents at once.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import BooleanField, Count, F, FloatField, Q
from django.db.models.expressions import ExpressionWrapper, RawSQL

from commonweal.search import text
from commonweal.search.highlight import snippet
from commonweal.search.models import SearchDocument
from commonweal.search.query import (
    FACET_SIZE,
    FacetCount,
    SearchHit,
    SearchRequest,
    SearchResults,
    distance_m,
)
from commonweal.tenants.models import CommunityStatus

FACETS = {
    "community": ("community__slug", "community__name"),
    "district": ("community__district", None),
    "kind": ("kind", None),
    "category": ("category", None),
}
_EARTH = "ll_to_earth(search_searchdocument.lat, search_searchdocument.lng)"


def _lexeme(term: str, weight: str = "") -> str:
    # Terms hold only CJK characters, a-z and 0-9 (commonweal.search.text): nothing to escape.
    return f"'{term}'" + (f":{weight}" if weight else "")


def tsquery(query: text.ParsedQuery, weight: str = "") -> str:
    return " & ".join(_lexeme(t, weight) for g in query.groups for t in g.terms)


def matching(request: SearchRequest):
    qs = SearchDocument.objects.filter(visible=True, community__status=CommunityStatus.ACTIVE)
    if request.scope_community_id is not None:
        qs = qs.filter(community_id=request.scope_community_id)
    elif request.communities:
        qs = qs.filter(community__slug__in=request.communities)
    if request.kinds:
        qs = qs.filter(kind__in=request.kinds)
    if request.districts:
        qs = qs.filter(community__district__in=request.districts)
    if request.categories:
        qs = qs.filter(category__in=request.categories)
    if request.bbox:
        south, west, north, east = request.bbox
        qs = qs.filter(lat__gte=south, lat__lte=north, lng__gte=west, lng__lte=east)
    if request.near:
        lat, lng = request.near
        qs = qs.filter(lat__isnull=False, lng__isnull=False).filter(
            Q(
                RawSQL(
                    f"earth_box(ll_to_earth(%s, %s), %s) @> {_EARTH}",
                    (lat, lng, request.radius_m),
                    output_field=BooleanField(),
                )
            ),
            Q(
                RawSQL(
                    f"earth_distance(ll_to_earth(%s, %s), {_EARTH}) <= %s",
                    (lat, lng, request.radius_m),
                    output_field=BooleanField(),
                )
            ),
        )
    if not request.query.is_empty:
        qs = qs.filter(
            document=SearchQuery(tsquery(request.query), search_type="raw", config="simple")
        )
    return qs


def _ranked(qs, request: SearchRequest):
    if request.near:
        lat, lng = request.near
        qs = qs.annotate(
            distance=RawSQL(
                f"earth_distance(ll_to_earth(%s, %s), {_EARTH})",
                (lat, lng),
                output_field=FloatField(),
            )
        )
        return qs.order_by("distance", "-version")
    if request.query.is_empty:
        return qs.order_by("-version")
    query = SearchQuery(tsquery(request.query), search_type="raw", config="simple")
    exact = text.exact_key(request.query.normalized)
    return qs.annotate(
        exact=ExpressionWrapper(Q(exact_key=exact), output_field=BooleanField()),
        in_title=RawSQL(
            "search_searchdocument.document @@ to_tsquery('simple', %s)",
            (tsquery(request.query, "A"),),
            output_field=BooleanField(),
        ),
        rank=SearchRank(F("document"), query, weights=[0.1, 0.2, 0.4, 1.0]),
    ).order_by("-exact", "-in_title", "-rank", "-version")


def facets(qs) -> dict[str, list[FacetCount]]:
    out = {}
    for name, (field, label) in FACETS.items():
        fields = [field] + ([label] if label else [])
        rows = (
            qs.order_by().values(*fields).annotate(n=Count("id")).order_by("-n", field)[:FACET_SIZE]
        )
        out[name] = [
            FacetCount(value=row[field], label=row[label] if label else row[field], count=row["n"])
            for row in rows
            if row[field]
        ]
    return out


def search(request: SearchRequest, *, with_facets: bool = True) -> SearchResults:
    qs = matching(request)
    page = list(
        _ranked(qs, request).select_related("community")[
            request.offset : request.offset + request.first
        ]
    )
    return SearchResults(
        hits=[hit_of(d, request) for d in page],
        total=qs.count(),
        offset=request.offset,
        facets=facets(qs) if with_facets else {},
    )


def hit_of(document: SearchDocument, request: SearchRequest) -> SearchHit:
    distance = None
    if request.near and document.lat is not None and document.lng is not None:
        distance = round(distance_m(*request.near, document.lat, document.lng), 1)
    return SearchHit(
        kind=document.kind,
        key=document.key,
        title=document.title,
        snippet=snippet(request.query, document.title, document.body),
        community_slug=document.community.slug,
        community_name=document.community.name,
        category=document.category,
        lat=document.lat,
        lng=document.lng,
        distance_m=distance,
        url=document.url,
    )
