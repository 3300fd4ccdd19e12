"""Cross-tenant search over GraphQL: every community on the platform host, one on its own."""

from typing import Annotated

import strawberry
from strawberry.types import Info

from commonweal.platform.kernel.graphql.errors import error_type, refusals_in_payload
from commonweal.search import query as search_query
from commonweal.search import selectors
from commonweal.search.error_codes import SearchErrorCode

SearchError = error_type(SearchErrorCode, "SearchError")


def _arg(description: str):
    return strawberry.argument(description=description)


@strawberry.input(name="SearchPointInput", description="A point (GCJ-02).")
class GeoPointInput:
    lat: float = strawberry.field(description="Latitude.")
    lng: float = strawberry.field(description="Longitude.")


@strawberry.input(name="SearchBoundsInput", description="The visible map area (GCJ-02).")
class BoundingBoxInput:
    south: float = strawberry.field(description="Southern latitude.")
    west: float = strawberry.field(description="Western longitude.")
    north: float = strawberry.field(description="Northern latitude.")
    east: float = strawberry.field(description="Eastern longitude.")


@strawberry.type(name="SearchCommunity", description="The community an item belongs to.")
class SearchCommunity:
    slug: str = strawberry.field(description="Address: <slug>.<base domain>.")
    name: str = strawberry.field(description="Name, e.g. 枫树社区.")


@strawberry.type(name="SearchHit", description="One public item that matched.")
class SearchHitType:
    kind: str = strawberry.field(
        description="partner, service_point, partner_call, campaign, grant, …"
    )
    key: str = strawberry.field(description="The item's id in its community.")
    title: str = strawberry.field(description="Title.")
    snippet: str = strawberry.field(
        description="HTML-escaped excerpt with the matched words in <mark>…</mark>."
    )
    community: SearchCommunity = strawberry.field(description="Whose item it is.")
    category: str = strawberry.field(description="Category, if any.")
    lat: float | None = strawberry.field(description="Latitude (GCJ-02), if located.")
    lng: float | None = strawberry.field(description="Longitude (GCJ-02), if located.")
    distance_m: float | None = strawberry.field(
        description="Metres from `near`, when searching near a point."
    )
    url: str = strawberry.field(description="Where the item's page is.")


@strawberry.type(name="SearchFacetCount", description="How many results share one value.")
class FacetCountType:
    value: str = strawberry.field(description="The value to filter by.")
    label: str = strawberry.field(description="What to show (a community's name).")
    count: int = strawberry.field(
        description="Results with this value among those counted: at least this many when"
        " totalIsLowerBound."
    )


@strawberry.type(name="SearchFacets", description="Counts of the results by value.")
class SearchFacetsType:
    community: list[FacetCountType] = strawberry.field(description="By community (slug).")
    district: list[FacetCountType] = strawberry.field(description="By district (区).")
    kind: list[FacetCountType] = strawberry.field(description="By kind of item.")
    category: list[FacetCountType] = strawberry.field(description="By category.")


@strawberry.type(name="SearchPageInfo", description="Where this page sits.")
class SearchPageInfo:
    has_next_page: bool = strawberry.field(description="More results follow.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` for the next page.")


@strawberry.type(name="SearchResult", description="Hits and facets, or why the search was refused.")
class SearchResultType:
    hits: list[SearchHitType] = strawberry.field(default_factory=list, description="This page.")
    facets: SearchFacetsType | None = strawberry.field(
        default=None,
        description="Counts over the results counted (all of them, or the first 1,000 when"
        " totalIsLowerBound).",
    )
    total_count: int = strawberry.field(
        default=0, description="All results, counted up to 1,000 (see totalIsLowerBound)."
    )
    total_is_lower_bound: bool = strawberry.field(
        default=False, description="More than totalCount results matched: show “1,000+”."
    )
    page_info: SearchPageInfo | None = strawberry.field(default=None, description="Paging.")
    errors: list[SearchError] = strawberry.field(
        default_factory=list, description="Why the search was refused."
    )


def _facets(results) -> SearchFacetsType:
    def counts(name):
        return [
            FacetCountType(value=f.value, label=f.label, count=f.count)
            for f in results.facets[name]
        ]

    return SearchFacetsType(
        community=counts("community"),
        district=counts("district"),
        kind=counts("kind"),
        category=counts("category"),
    )


def result_of(results) -> SearchResultType:
    hits = [
        SearchHitType(
            kind=h.kind,
            key=h.key,
            title=h.title,
            snippet=h.snippet,
            community=SearchCommunity(slug=h.community_slug, name=h.community_name),
            category=h.category,
            lat=h.lat,
            lng=h.lng,
            distance_m=h.distance_m,
            url=h.url,
        )
        for h in results.hits
    ]
    end = results.offset + len(hits)
    return SearchResultType(
        hits=hits,
        facets=_facets(results),
        total_count=results.total,
        total_is_lower_bound=results.total_capped,
        page_info=SearchPageInfo(
            has_next_page=results.has_next,
            end_cursor=search_query.encode_cursor(end) if results.has_next else None,
        ),
    )


def _current_community(info: Info):
    from commonweal.tenants.models import Community

    tenant = getattr(info.context.request, "tenant", None)
    return tenant if isinstance(tenant, Community) and tenant.pk else None


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="Search public items by Chinese, pinyin (full or initials) or both; on a "
        "community's host only that community's."
    )
    @refusals_in_payload(SearchResultType, SearchError)
    def search(
        self,
        info: Info,
        query: Annotated[str, _arg("Words; up to 100 characters.")] = "",
        kinds: Annotated[list[str] | None, _arg("Kinds to keep.")] = None,
        communities: Annotated[
            list[str] | None, _arg("Community slugs to keep (platform host).")
        ] = None,
        districts: Annotated[list[str] | None, _arg("Districts (区) to keep.")] = None,
        categories: Annotated[list[str] | None, _arg("Categories to keep.")] = None,
        near: Annotated[
            GeoPointInput | None, _arg("Rank by distance from this point, within `radiusM`.")
        ] = None,
        radius_m: Annotated[
            float | None, _arg("Radius around `near` in metres (default 3000, max 50000).")
        ] = None,
        bbox: Annotated[BoundingBoxInput | None, _arg("Keep items inside this map area.")] = None,
        first: Annotated[int, _arg("Page size, 1–50.")] = 20,
        after: Annotated[str | None, _arg("`pageInfo.endCursor` of the previous page.")] = None,
    ) -> SearchResultType:
        community = _current_community(info)
        request = search_query.build_request(
            query=query,
            kinds=kinds or (),
            communities=communities or (),
            districts=districts or (),
            categories=categories or (),
            near=(near.lat, near.lng) if near else None,
            radius_m=radius_m,
            bbox=(bbox.south, bbox.west, bbox.north, bbox.east) if bbox else None,
            first=first,
            after=after,
            scope_community_id=community.pk if community else None,
        )
        return result_of(selectors.search(request))
