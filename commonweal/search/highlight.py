"""Snippets with the matched words marked, computed the same way for every backend."""

import re
import unicodedata
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


_CJK_RUN = re.compile(rf"[{text._CJK}]+")


def _pinyin_spans(run: str, word: str) -> list[tuple[int, int]]:
    """Character spans of `run` whose full pinyin or initials spell `word` (as indexed)."""
    from pypinyin import Style, lazy_pinyin

    text.load_phrases()
    syllables = lazy_pinyin(run, style=Style.NORMAL, errors="ignore")
    if len(syllables) != len(run):
        return []
    spans = []
    for start in range(len(run)):
        full = initials = ""
        for end in range(start, min(start + text.PINYIN_MAX_SYLLABLES, len(run))):
            full += syllables[end]
            initials += syllables[end][:1]
            if full == word or (end > start and initials == word):
                spans.append((start, end + 1))
    return spans


def title_marked(query: text.ParsedQuery, title: str) -> str:
    """The HTML-escaped title with matches in <mark>…</mark>: the query's characters and
    words and their synonyms, and the Chinese characters a pinyin word matched ("gjk" marks
    公交卡)."""
    marked = [False] * len(title)
    folded = unicodedata.normalize("NFKC", title).lower()
    if len(folded) != len(title):  # rare width-changing characters: mark nothing rather than wrong
        folded = ""
    for group in query.groups:
        for alternative in group.alternatives:  # the words typed and their synonyms
            for match in re.finditer(re.escape(alternative.text), folded):
                marked[match.start() : match.end()] = [True] * (match.end() - match.start())
        if group.kind == "word" and group.text.isalpha():
            for run in _CJK_RUN.finditer(title):
                for start, end in _pinyin_spans(run.group(), group.text):
                    marked[run.start() + start : run.start() + end] = [True] * (end - start)
    out, i = [], 0
    while i < len(title):
        j = i
        while j < len(title) and marked[j] == marked[i]:
            j += 1
        chunk = escape(title[i:j])
        out.append(f"<mark>{chunk}</mark>" if marked[i] else chunk)
        i = j
    return "".join(out)
