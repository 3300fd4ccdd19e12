"""Snippets with the matched words marked, computed the same way for every backend."""

import re
from html import escape

from commonweal.search import text

SNIPPET_CHARS = 80


def _pattern(query: text.ParsedQuery) -> re.Pattern | None:
    # The words typed, their synonyms, and the bigrams a partial match may have matched.
    needles = {a.text for g in query.groups for a in g.alternatives}
    alternatives = [a for g in query.groups for a in g.alternatives]
    needles |= {t for a in alternatives if len(a.terms) > 1 for t in a.terms}
    needles = sorted(needles, key=len, reverse=True)
    if not needles:
        return None
    return re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)


def snippet(query: text.ParsedQuery, title: str, body: str) -> str:
    """An HTML-escaped window of the body (or the title) with matches in <mark>…</mark>."""
    pattern = _pattern(query)
    source = body or title
    start = 0
    if pattern:
        found = pattern.search(text.normalize(body))
        if found is None and pattern.search(text.normalize(title)):
            source = title
        elif found is not None:
            start = max(0, found.start() - SNIPPET_CHARS // 4)
    # Body text is normalized for matching only; show the original characters.
    window = " ".join(source.split())[start : start + SNIPPET_CHARS]
    if not pattern:
        return escape(window)
    out, last = [], 0
    for match in pattern.finditer(window):
        out.append(escape(window[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(window[last:]))
    prefix = "…" if start else ""
    return prefix + "".join(out)
