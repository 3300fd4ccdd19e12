"""The one search interface: what a search asks for and what it gets back, for every backend."""

import base64
import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.errors import DomainError
from commonweal.search import text
from commonweal.search.error_codes import SearchErrorCode

MAX_PAGE_SIZE = 50
MAX_RADIUS_M = 50_000
DEFAULT_RADIUS_M = 3_000
MAX_FILTER_VALUES = 50
MAX_OFFSET = 1_000
FACET_SIZE = 20
# Totals are exact up to this and shown as "1,000+" beyond, on both backends (as the big
# engines do): counting every one of tens of thousands of matches is what a search would
# spend its time on, and no one pages past MAX_OFFSET.
TOTAL_CAP = 1_000
# One Earth radius (the mean, as OpenSearch's arc distance) for filtering and for distances.
EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True)
class SearchRequest:
    """A validated search. `scope_community_id` is set on a community's host and wins over
    `communities`."""

    query: text.ParsedQuery
    kinds: tuple[str, ...] = ()
    communities: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    near: tuple[float, float] | None = None
    radius_m: float | None = None
    bbox: tuple[float, float, float, float] | None = None  # south, west, north, east
    first: int = 20
    offset: int = 0
    scope_community_id: int | None = None


@dataclass
class SearchHit:
    kind: str
    key: str
    title: str
    snippet: str
    community_slug: str
    community_name: str
    category: str
    lat: float | None
    lng: float | None
    distance_m: float | None
    url: str


@dataclass
class FacetCount:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    total_capped: bool = False
    offset: int = 0
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.hits) < min(self.total, MAX_OFFSET + MAX_PAGE_SIZE)


def _refuse(code: SearchErrorCode, message, field: str | None = None):
    raise DomainError(code, message, field=field)


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        prefix, value = base64.urlsafe_b64decode(cursor.encode()).decode().split(":")
        offset = int(value)
    except (ValueError, UnicodeError):
        offset = -1
        prefix = ""
    if prefix != "o" or not 0 <= offset <= MAX_OFFSET:
        _refuse(SearchErrorCode.CURSOR_INVALID, _("This page cursor is not valid."), "after")
    return offset


def _clean_values(values, name: str) -> tuple[str, ...]:
    cleaned = tuple(dict.fromkeys(v.strip() for v in (values or ()) if v and v.strip()))
    if len(cleaned) > MAX_FILTER_VALUES:
        _refuse(SearchErrorCode.TOO_MANY_FILTERS, _("Too many filter values."), name)
    return cleaned


def build_request(
    *,
    query: str | None,
    kinds=(),
    communities=(),
    districts=(),
    categories=(),
    near: tuple[float, float] | None = None,
    radius_m: float | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    first: int = 20,
    after: str | None = None,
    scope_community_id: int | None = None,
) -> SearchRequest:
    """Validate what a caller asked for; raises DomainError with a SearchErrorCode."""
    raw = query or ""
    if len(raw) > text.MAX_QUERY_CHARS:
        _refuse(
            SearchErrorCode.QUERY_TOO_LONG,
            _("Search words may be at most %(limit)d characters.")
            % {"limit": text.MAX_QUERY_CHARS},
            "query",
        )
    parsed = text.parse_query(raw)
    if not 1 <= first <= MAX_PAGE_SIZE:
        _refuse(
            SearchErrorCode.PAGE_SIZE_INVALID,
            _("Ask for 1 to %(limit)d results at a time.") % {"limit": MAX_PAGE_SIZE},
            "first",
        )
    if near is not None:
        lat, lng = near
        if not (_finite(lat, lng) and -90 <= lat <= 90 and -180 <= lng <= 180):
            _refuse(SearchErrorCode.COORDINATES_INVALID, _("This point is not on Earth."), "near")
        radius_m = DEFAULT_RADIUS_M if radius_m is None else radius_m
        if not (_finite(radius_m) and 0 < radius_m <= MAX_RADIUS_M):
            _refuse(
                SearchErrorCode.RADIUS_INVALID,
                _("The radius must be between 1 m and %(limit)d m.") % {"limit": MAX_RADIUS_M},
                "radiusM",
            )
    elif radius_m is not None:
        _refuse(
            SearchErrorCode.RADIUS_INVALID, _("A radius needs a point to measure from."), "near"
        )
    if bbox is not None:
        south, west, north, east = bbox
        if not (_finite(*bbox) and -90 <= south < north <= 90 and -180 <= west < east <= 180):
            _refuse(SearchErrorCode.BBOX_INVALID, _("This map area is not valid."), "bbox")
    request = SearchRequest(
        query=parsed,
        kinds=_clean_values(kinds, "kinds"),
        communities=_clean_values(communities, "communities"),
        districts=_clean_values(districts, "districts"),
        categories=_clean_values(categories, "categories"),
        near=near,
        radius_m=radius_m,
        bbox=bbox,
        first=first,
        offset=decode_cursor(after),
        scope_community_id=scope_community_id,
    )
    narrowed = (
        request.kinds
        or request.communities
        or request.districts
        or request.categories
        or request.near
        or request.bbox
        or request.scope_community_id
    )
    if parsed.is_empty and not narrowed:
        _refuse(SearchErrorCode.QUERY_EMPTY, _("Type something to search for."), "query")
    return request


def _finite(*values) -> bool:
    return all(isinstance(v, int | float) and math.isfinite(v) for v in values)


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius), as OpenSearch's arc distance."""
    r = EARTH_RADIUS_M
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))
