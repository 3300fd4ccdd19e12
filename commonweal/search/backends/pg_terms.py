"""The PostgreSQL backend's text as SQL: a query's tsqueries (what matches, what matches in
the title) and its score (commonweal.search.text.SCORE) over a document's tsvector."""

import itertools
import math

from commonweal.search import text

# A group's minimum-should-match is spelled out as combinations up to this many; a longer
# query matches any of its terms in the index and is checked row by row.
MAX_COMBINATIONS = 40
# The matching condition is at most this many index scans (see matching_branches).
MAX_BRANCHES = 64


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


def group_check(group: text.TermGroup) -> tuple[str, list]:
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


def best_score(query: text.ParsedQuery) -> int:
    """The highest SCORE a document not named exactly can reach: every group's best alternative
    with all its terms in the title. A document short of the title in any group scores less
    (TITLE_FULL outweighs every term's weight), so the newest documents at this score are the
    top of a ranking after the exact names."""
    score = text.SCORE
    return sum(
        max(
            score["SYNONYM_FULL" if a.synonym else "FULL"]
            + score["TITLE_FULL"]
            + score["TITLE"] * len(a.terms)
            for a in group.alternatives
        )
        for group in query.groups
    )


def title_branches(query: text.ParsedQuery) -> list[str]:
    """Title matches (every group has one alternative with all its terms in the title:
    TITLE_FULL) as pure conjunctions, one index scan each (see matching_branches); one
    tsquery when there would be more than MAX_BRANCHES."""
    branches: list[frozenset] = [frozenset()]
    for group in query.groups:
        options = dict.fromkeys(frozenset(a.terms) for a in group.alternatives)
        branches = list(dict.fromkeys(b | o for b in branches for o in options))
        if len(branches) > MAX_BRANCHES:
            return [
                " & ".join(
                    "(" + " | ".join(_all(a.terms) for a in g.alternatives) + ")"
                    for g in query.groups
                )
            ]
    return [_all(sorted(b)) for b in branches]
