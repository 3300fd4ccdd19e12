"""PostgreSQL backend: the documents table itself, its GIN-indexed tsvector and earthdistance.

Only visible documents of active communities match; the community's status is read at query
time, so suspending a community hides its documents at once.

One statement answers a search. The matches are found through the GIN index (the query's
minimum-should-match is written out as a tsquery: two of three bigrams = `(a&b)|(a&c)|(b&c)`)
and bounded: at most `TOTAL_CAP` + 1 of them are kept, chosen by a cheap key (an exact name
first, then full title matches, read from the title's own GIN index, then the newest; nearest
first near a point). The total is exact up to the cap and "10,000+" beyond (as OpenSearch's
`track_total_hits`), the facets count the same bounded set in one grouped pass, and the page is
scored (commonweal.search.text.SCORE) among the first `RANK_WINDOW` rows past it in that cheap
order. Every match costs one visit to its narrow row (migration 0005 keeps text and tsvectors
out of line); only the scored rows read their tsvector. Where OpenSearch may differ: beyond
10,000 matches (its facets count every match) and when more than `RANK_WINDOW` older matches
outside the title would outscore the newest ones; never on the judged set or the contract suite.
"""

import itertools
import math

from django.db import connection, transaction

from commonweal.search import text
from commonweal.search.highlight import snippet
from commonweal.search.models import SearchDocument
from commonweal.search.query import (
    EARTH_RADIUS_M,
    FACET_SIZE,
    TOTAL_CAP,
    FacetCount,
    SearchHit,
    SearchRequest,
    SearchResults,
    distance_m,
)
from commonweal.tenants.models import CommunityStatus

# A group's minimum-should-match is spelled out as combinations up to this many; a longer
# query matches any of its terms in the index and is checked row by row.
MAX_COMBINATIONS = 40
# The matching condition is at most this many index scans (see matching_branches).
MAX_BRANCHES = 64
# How many rows of the bounded set past the requested page are scored (see _statement).
RANK_WINDOW = 500
# earth_box() measures with PostgreSQL's earth() radius (6,378,168 m), larger than the mean
# radius every distance here uses: widen the box so it never cuts off what the filter keeps.
_BOX_WIDENING = 6_378_168 / EARTH_RADIUS_M * 1.0001
_FACET_GROUPS = {7: "community", 11: "district", 13: "kind", 14: "category"}


def _lexeme(term: str, weight: str = "") -> str:
    # Terms hold only CJK characters, a-z and 0-9 (commonweal.search.text): nothing to escape.
    return f"'{term}'" + (f":{weight}" if weight else "")


def _all(terms, weight: str = "") -> str:
    return "(" + " & ".join(_lexeme(t, weight) for t in terms) + ")"


def _alternative_tsquery(alternative: text.Alternative) -> tuple[str, bool]:
    """The tsquery of one alternative, and whether it is exact (False: checked row by row)."""
    terms, required = alternative.terms, alternative.required
    if required == len(terms):
        return _all(terms), True
    if math.comb(len(terms), required) <= MAX_COMBINATIONS:
        combos = itertools.combinations(terms, required)
        return "(" + " | ".join(_all(c) for c in combos) + ")", True
    return "(" + " | ".join(_lexeme(t) for t in terms) + ")", False


def tsquery(query: text.ParsedQuery) -> tuple[str, list[text.TermGroup]]:
    """The matching tsquery, and the groups it over-matches (to check row by row)."""
    groups, loose = [], []
    for group in query.groups:
        parts = [_alternative_tsquery(a) for a in group.alternatives]
        groups.append("(" + " | ".join(part for part, _exact in parts) + ")")
        if not all(exact for _part, exact in parts):
            loose.append(group)
    return " & ".join(groups), loose


def _conjunctions(alternative: text.Alternative) -> list[tuple[str, ...]]:
    """The sets of terms one of which a matching document holds all of (over-matching, as
    _alternative_tsquery, when there are too many combinations)."""
    terms, required = alternative.terms, alternative.required
    if math.comb(len(terms), required) <= MAX_COMBINATIONS:
        return list(itertools.combinations(terms, required))
    return [(t,) for t in terms]


def matching_branches(query: text.ParsedQuery) -> list[str] | None:
    """The matching tsquery as pure conjunctions, one of which a match satisfies; None when
    no alternative is a minimum-should-match (one tsquery is as fast) or there would be more
    than MAX_BRANCHES. GIN answers `a & b & c` by stepping through the rarest term's postings,
    but an OR of overlapping combinations by testing every document any of their terms is in:
    家电维修站 (27 combinations) took 100 ms as one tsquery, 20 ms as 27 index scans."""
    alternatives = [a for g in query.groups for a in g.alternatives]
    if all(a.required == len(a.terms) for a in alternatives):
        return None
    branches: list[frozenset] = [frozenset()]
    for group in query.groups:
        options = dict.fromkeys(frozenset(c) for a in group.alternatives for c in _conjunctions(a))
        branches = list(dict.fromkeys(b | o for b in branches for o in options))
        if len(branches) > MAX_BRANCHES:
            return None
    return [_all(sorted(b)) for b in branches]


def _group_check(group: text.TermGroup) -> tuple[str, list]:
    """A group's minimum-should-match counted term by term (for long queries)."""
    conditions, params = [], []
    for alternative in group.alternatives:
        part, exact = _alternative_tsquery(alternative)
        if exact:
            conditions.append("d.document @@ %s::tsquery")
            params.append(part)
        else:
            count = " + ".join(["(d.document @@ %s::tsquery)::int"] * len(alternative.terms))
            conditions.append(f"({count}) >= %s")
            params += [*(_lexeme(t) for t in alternative.terms), alternative.required]
    return "(" + " OR ".join(conditions) + ")", params


def score_sql(query: text.ParsedQuery) -> tuple[str, list, str, list]:
    """commonweal.search.text.SCORE as SQL: the score over `d` (the document row) and `v`, and
    the select list of `v`: per distinct query term, the score of the best field it is in
    (TITLE, NAMES or BODY; 0 when absent), read from `doc` (the tsvector, detoasted once: see
    _statement). An alternative is FULL when all its terms score, TITLE_FULL when all score
    TITLE; so each term is looked up once per row, and an absent one (most synonyms' terms)
    with one probe. Returns (score, its params, the select list of `v`, its params)."""
    score = text.SCORE
    columns: dict[str, str] = {}
    for group in query.groups:
        for alternative in group.alternatives:
            for term in alternative.terms:
                columns.setdefault(term, f"w{len(columns)}")
    weights = ", ".join(
        "CASE WHEN NOT doc @@ %s::tsquery THEN 0 WHEN doc @@ %s::tsquery THEN %s"
        f" WHEN doc @@ %s::tsquery THEN %s ELSE %s END AS {column}"
        for column in columns.values()
    )
    weight_params: list = []
    for term in columns:
        weight_params += [
            _lexeme(term),
            _lexeme(term, "A"),
            score["TITLE"],
            _lexeme(term, "B"),
            score["NAMES"],
            score["BODY"],
        ]
    sql = ["(CASE WHEN d.exact_key = %s THEN %s ELSE 0 END)"]
    params: list = [text.exact_key(query.normalized), score["EXACT"]]
    for group in query.groups:
        alternatives = []
        for alternative in group.alternatives:
            full = score["SYNONYM_FULL"] if alternative.synonym else score["FULL"]
            found = [f"v.{columns[t]}" for t in alternative.terms]
            alternatives.append(
                f"(CASE WHEN {' AND '.join(f'{w} > 0' for w in found)} THEN {full} ELSE 0 END"
                f" + CASE WHEN {' AND '.join(f'{w} = %s' for w in found)}"
                f" THEN {score['TITLE_FULL']} ELSE 0 END + {' + '.join(found)})"
            )
            params += [score["TITLE"]] * len(found)
        sql.append("GREATEST(" + ", ".join(alternatives) + ")")
    return " + ".join(sql), params, weights, weight_params


def _haversine(lat: float, lng: float) -> tuple[str, list]:
    """Great-circle metres from (lat, lng) to `d`, the same formula and radius as
    query.distance_m and OpenSearch's arc distance."""
    return (
        "2 * %s * asin(least(1, sqrt(power(sin(radians(d.lat - %s) / 2), 2)"
        " + cos(radians(%s)) * cos(radians(d.lat)) * power(sin(radians(d.lng - %s) / 2), 2))))",
        [EARTH_RADIUS_M, lat, lat, lng],
    )


def _where(request: SearchRequest) -> tuple[list[str], list]:
    """The conditions on a document `d`; the community's are one hashed lookup of the
    active (and chosen) communities' ids, so matches are not joined row by row."""
    communities, community_params = ["c.status = %s"], [CommunityStatus.ACTIVE]
    if request.communities and request.scope_community_id is None:
        communities.append("c.slug = ANY(%s)")
        community_params.append(list(request.communities))
    if request.districts:
        communities.append("c.district = ANY(%s)")
        community_params.append(list(request.districts))
    where = [
        "d.visible",
        f"d.community_id IN (SELECT c.id FROM tenants_community c"
        f" WHERE {' AND '.join(communities)})",
    ]
    params: list = community_params
    if request.scope_community_id is not None:
        where.append("d.community_id = %s")
        params.append(request.scope_community_id)
    for column, values in (("d.kind", request.kinds), ("d.category", request.categories)):
        if values:
            where.append(f"{column} = ANY(%s)")
            params.append(list(values))
    if request.bbox:
        south, west, north, east = request.bbox
        where.append("d.lat BETWEEN %s AND %s AND d.lng BETWEEN %s AND %s")
        params += [south, north, west, east]
    if request.near:
        lat, lng = request.near
        distance, distance_params = _haversine(lat, lng)
        where.append(
            "d.lat IS NOT NULL AND d.lng IS NOT NULL"
            " AND earth_box(ll_to_earth(%s, %s), %s) @> ll_to_earth(d.lat, d.lng)"
            f" AND {distance} <= %s"
        )
        params += [lat, lng, request.radius_m * _BOX_WIDENING + 1, *distance_params]
        params.append(request.radius_m)
    if not request.query.is_empty:
        matching, loose = tsquery(request.query)
        branches = matching_branches(request.query) or [matching]
        where.append("(" + " OR ".join(["d.document @@ %s::tsquery"] * len(branches)) + ")")
        params += branches
        for group in loose:
            check, check_params = _group_check(group)
            where.append(check)
            params += check_params
    return where, params


def _title_tsquery(query: text.ParsedQuery) -> str:
    """Every group has one alternative with all its terms in the title (TITLE_FULL)."""
    return " & ".join(
        "(" + " | ".join(_all(a.terms) for a in g.alternatives) + ")" for g in query.groups
    )


# The cheap key of a text search as one bigint (an exact name, then a title match, then the
# newest): versions come from one sequence and stay far below 2^61. Sorting thousands of
# matches by one integer costs half what three columns did.
_EXACT_BIT, _TITLE_BIT = 1 << 62, 1 << 61


def _bounding_key(request: SearchRequest) -> tuple[str, list, str]:
    """The cheap order that picks the bounded set (see the module's docstring): the key
    column `k` (with its parameters) and the ORDER BY over the bounded set's columns. A title
    match is read from `titled` (the title's own GIN index) by id, never from the row."""
    if request.near:
        distance, params = _haversine(*request.near)
        return distance, params, "k, version DESC"
    if request.query.is_empty:
        return "d.version", [], "k DESC"
    return (
        "(CASE WHEN d.exact_key = %s THEN %s ELSE 0 END"
        " + CASE WHEN d.id IN (SELECT id FROM titled) THEN %s ELSE 0 END + d.version)",
        [text.exact_key(request.query.normalized), _EXACT_BIT, _TITLE_BIT],
        "k DESC",
    )


# The facets in one grouped pass over the bounded set: by community, kind and category, the
# districts summed from the communities' counts (so only these few rows meet the community
# table). `g` is the code _FACET_GROUPS reads.
_FACETS = """(SELECT json_agg(json_build_array(g, slug, name, district, kind, category, n))
    FROM (SELECT 7 AS g, c.slug, c.name, NULL AS district, NULL AS kind, NULL AS category, f.n
          FROM facet_counts f JOIN tenants_community c ON c.id = f.community_id
          WHERE f.g = 3
          UNION ALL
          SELECT 11, NULL, NULL, c.district, NULL, NULL, sum(f.n)
          FROM facet_counts f JOIN tenants_community c ON c.id = f.community_id
          WHERE f.g = 3 GROUP BY c.district
          UNION ALL
          SELECT CASE f.g WHEN 5 THEN 13 ELSE 14 END, NULL, NULL, NULL, f.kind, f.category, f.n
          FROM facet_counts f WHERE f.g <> 3) rows)"""
_FACET_COUNTS = """facet_counts AS (
    SELECT GROUPING(community_id, kind, category) AS g, community_id, kind, category,
           count(*) AS n
    FROM bounded GROUP BY GROUPING SETS ((community_id), (kind), (category))),"""


def _statement(request: SearchRequest, with_facets: bool) -> tuple[str, list]:
    where, where_params = _where(request)
    key, key_params, order = _bounding_key(request)
    titled, titled_params = "", []
    if not request.query.is_empty and not request.near:
        titled = """titled AS MATERIALIZED (
            SELECT id FROM search_searchdocument WHERE title_document @@ %s::tsquery),"""
        titled_params = [_title_tsquery(request.query)]
    if request.query.is_empty or request.near:
        rank, rank_params, weights, weight_params, page_order = "0", [], "", [], "position"
    else:
        rank, rank_params, weights, weight_params = score_sql(request.query)
        page_order = "rank DESC, version DESC"
    # The bounded set reads only the narrow row (text and tsvectors are kept out of line:
    # migration 0005), so each of thousands of matches costs a visit to a cached page. Only
    # the first RANK_WINDOW rows of it (in its cheap order) past the page are scored: scoring
    # reads the whole tsvector from TOAST, a fetch and a decompression per row. `doc` is
    # that tsvector read once per row (the concatenation makes an in-memory copy; OFFSET 0
    # keeps the planner from copying the expression into every use), `v` its terms' scores.
    # row_number() sorts all the matches (a quicksort) and stops at the cap; an ORDER BY with
    # LIMIT would keep a bounded heap of 10,001 rows, a third slower when thousands more match.
    sql = f"""
        WITH {titled} bounded AS MATERIALIZED (
            SELECT * FROM (
                SELECT m.*, row_number() OVER (ORDER BY {order}) AS position
                FROM (SELECT d.id, d.version, d.community_id, d.kind, d.category, {key} AS k
                      FROM search_searchdocument d
                      WHERE {" AND ".join(where)}) m) r
            WHERE position <= %s
        ),
        {_FACET_COUNTS if with_facets else ""}
        ranked AS (
            SELECT b.id, b.version, b.position, {rank} AS rank
            FROM (SELECT * FROM bounded ORDER BY position LIMIT %s) b
            JOIN search_searchdocument d ON d.id = b.id
            CROSS JOIN LATERAL (
                SELECT {weights or "0"}
                FROM (SELECT d.document || ''::tsvector AS doc OFFSET 0) t OFFSET 0) v
        )
        SELECT (SELECT count(*) FROM bounded),
               (SELECT array_agg(id ORDER BY {page_order}) FROM (
                    SELECT id, version, position, rank FROM ranked
                    ORDER BY {page_order} OFFSET %s LIMIT %s) page),
               {_FACETS if with_facets else "NULL"}
    """
    window = request.offset + request.first + RANK_WINDOW
    params = [*titled_params, *key_params, *where_params, TOTAL_CAP + 1]
    params += [*rank_params, window, *weight_params]
    return sql, [*params, request.offset, request.first]


def _facets_of(rows) -> dict[str, list[FacetCount]]:
    counts: dict[str, list[FacetCount]] = {name: [] for name in _FACET_GROUPS.values()}
    for grouping, slug, name, district, kind, category, n in rows or ():
        facet = _FACET_GROUPS[grouping]
        value, label = {
            "community": (slug, name),
            "district": (district, district),
            "kind": (kind, kind),
            "category": (category, category),
        }[facet]
        if value:
            counts[facet].append(FacetCount(value=value, label=label, count=n))
    return {
        facet: sorted(values, key=lambda f: (-f.count, f.value))[:FACET_SIZE]
        for facet, values in counts.items()
    }


def search(request: SearchRequest, *, with_facets: bool = True) -> SearchResults:
    sql, params = _statement(request, with_facets)
    with transaction.atomic(), connection.cursor() as cursor:
        if not request.query.is_empty:
            # The planner prices `@@` as cheap, but on a row it means fetching the tsvector
            # from TOAST: for a query of many combinations it would scan the whole table
            # (430 ms at 20,000 rows) rather than read the GIN index (a few ms).
            # Set back afterwards: the caller's transaction may go on with other queries.
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(sql, params)
        total, page_ids, facet_rows = cursor.fetchone()
        if not request.query.is_empty:
            cursor.execute("SET LOCAL enable_seqscan = on")
    page_ids = page_ids or []
    documents = SearchDocument.objects.select_related("community").in_bulk(page_ids)
    return SearchResults(
        hits=[hit_of(documents[pk], request) for pk in page_ids],
        total=min(total, TOTAL_CAP),
        total_capped=total > TOTAL_CAP,
        offset=request.offset,
        facets=_facets_of(facet_rows) if with_facets else {},
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
