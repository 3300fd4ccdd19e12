"""OpenSearch backend: one shared index behind an alias, filtered by tenant.

Withdrawn documents are deleted by the sync; suspended communities are excluded at query time
from the database's current list, so a suspension hides them at once and a reinstatement
brings them back without reindexing.
"""

from opensearchpy.exceptions import OpenSearchException
from opensearchpy.exceptions import TransportError as OSTransportError

from commonweal.platform.kernel.errors import DomainError
from commonweal.search import text
from commonweal.search.error_codes import SearchErrorCode
from commonweal.search.highlight import snippet
from commonweal.search.opensearch import client as os_client
from commonweal.search.query import (
    FACET_SIZE,
    TOTAL_CAP,
    FacetCount,
    SearchHit,
    SearchRequest,
    SearchResults,
    distance_m,
)
from commonweal.tenants.models import Community, CommunityStatus

FACET_FIELDS = {
    "community": "tenant",
    "district": "district",
    "kind": "kind",
    "category": "category",
}


def _term(field: str, term: str) -> dict:
    return {"term": {field: term}}


def _constant(query: dict, boost: int) -> dict:
    return {"constant_score": {"filter": query, "boost": boost}}


def _group_match(group: text.TermGroup) -> dict:
    """The group matches when one alternative has its minimum-should-match of terms."""
    alternatives = [
        {
            "bool": {
                "should": [_term("all_terms", t) for t in a.terms],
                "minimum_should_match": a.required,
            }
        }
        for a in group.alternatives
    ]
    return {"bool": {"should": alternatives, "minimum_should_match": 1}}


def _alternative_score(alternative: text.Alternative) -> dict:
    score = text.SCORE
    full = score["SYNONYM_FULL"] if alternative.synonym else score["FULL"]
    every = [_term("all_terms", t) for t in alternative.terms]
    in_title = [_term("title_terms", t) for t in alternative.terms]
    should = [
        _constant({"bool": {"filter": every}}, full),
        _constant({"bool": {"filter": in_title}}, score["TITLE_FULL"]),
    ]
    for term in alternative.terms:
        fields = [
            _constant(_term("title_terms", term), score["TITLE"]),
            _constant(_term("name_terms", term), score["NAMES"]),
            _constant(_term("body_terms", term), score["BODY"]),
        ]
        should.append({"dis_max": {"queries": fields, "tie_breaker": 0}})
    return {"bool": {"should": should}}


def _group_score(group: text.TermGroup) -> dict:
    """The best alternative's score (commonweal.search.text.SCORE), as the PostgreSQL backend."""
    return {
        "dis_max": {
            "queries": [_alternative_score(a) for a in group.alternatives],
            "tie_breaker": 0,
        }
    }


def _filters(request: SearchRequest) -> list[dict]:
    filters: list[dict] = []
    if request.scope_community_id is not None:
        filters.append({"term": {"community_id": request.scope_community_id}})
    elif request.communities:
        filters.append({"terms": {"tenant": list(request.communities)}})
    for field, values in (
        ("kind", request.kinds),
        ("district", request.districts),
        ("category", request.categories),
    ):
        if values:
            filters.append({"terms": {field: list(values)}})
    if request.bbox:
        south, west, north, east = request.bbox
        filters.append(
            {
                "geo_bounding_box": {
                    "location": {
                        "top_left": {"lat": north, "lon": west},
                        "bottom_right": {"lat": south, "lon": east},
                    }
                }
            }
        )
    if request.near:
        lat, lng = request.near
        filters.append(
            {
                "geo_distance": {
                    "distance": f"{request.radius_m}m",
                    "location": {"lat": lat, "lon": lng},
                }
            }
        )
    return filters


def body_of(request: SearchRequest, suspended_ids: list[int], *, with_facets: bool = True):
    groups = request.query.groups
    should = []
    if groups:
        exact = _term("exact_key", text.exact_key(request.query.normalized))
        should = [_constant(exact, text.SCORE["EXACT"]), *(_group_score(g) for g in groups)]
    query = {
        "bool": {
            "filter": [*(_group_match(g) for g in groups), *_filters(request)],
            "should": should,
            "must_not": [{"terms": {"community_id": suspended_ids}}] if suspended_ids else [],
        }
    }
    if request.near:
        lat, lng = request.near
        sort = [
            {"_geo_distance": {"location": {"lat": lat, "lon": lng}, "order": "asc", "unit": "m"}},
            {"version": "desc"},
        ]
    elif request.query.is_empty:
        sort = [{"version": "desc"}]
    else:
        sort = [{"_score": "desc"}, {"version": "desc"}]
    body = {
        "query": query,
        "sort": sort,
        "from": request.offset,
        "size": request.first,
        "track_total_hits": TOTAL_CAP,
        "_source": {"excludes": ["title_terms", "name_terms", "body_terms", "all_terms"]},
    }
    if with_facets:
        body["aggs"] = {
            name: {"terms": {"field": field, "size": FACET_SIZE}}
            for name, field in FACET_FIELDS.items()
        }
    return body


def search(request: SearchRequest, *, with_facets: bool = True) -> SearchResults:
    suspended = list(
        Community.objects.filter(status=CommunityStatus.SUSPENDED).values_list("id", flat=True)
    )
    try:
        response = os_client.client().search(
            index=os_client.alias(), body=body_of(request, suspended, with_facets=with_facets)
        )
    except (OpenSearchException, OSTransportError) as error:
        raise DomainError(
            SearchErrorCode.UNAVAILABLE, "Search is unavailable right now; try again soon."
        ) from error
    hits = [_hit_of(h["_source"], request) for h in response["hits"]["hits"]]
    facets = {}
    if with_facets:
        aggregations = response.get("aggregations", {})
        names = {}
        slugs = [b["key"] for b in aggregations.get("community", {}).get("buckets", [])]
        if slugs:
            names = dict(Community.objects.filter(slug__in=slugs).values_list("slug", "name"))
        for name in FACET_FIELDS:
            buckets = sorted(
                aggregations.get(name, {}).get("buckets", []),
                key=lambda b: (-b["doc_count"], b["key"]),
            )
            facets[name] = [
                FacetCount(
                    value=b["key"],
                    label=names.get(b["key"], b["key"]) if name == "community" else b["key"],
                    count=b["doc_count"],
                )
                for b in buckets
                if b["key"]
            ]
    return SearchResults(
        hits=hits,
        total=min(response["hits"]["total"]["value"], TOTAL_CAP),
        total_capped=response["hits"]["total"].get("relation") == "gte",
        offset=request.offset,
        facets=facets,
    )


def _hit_of(source: dict, request: SearchRequest) -> SearchHit:
    location = source.get("location") or {}
    lat, lng = location.get("lat"), location.get("lon")
    distance = None
    if request.near and lat is not None:
        distance = round(distance_m(*request.near, lat, lng), 1)
    return SearchHit(
        kind=source["kind"],
        key=source["key"],
        title=source["title"],
        snippet=snippet(request.query, source["title"], source.get("body", "")),
        community_slug=source["tenant"],
        community_name=source["community_name"],
        category=source.get("category", ""),
        lat=lat,
        lng=lng,
        distance_m=distance,
        url=source.get("url", ""),
    )
