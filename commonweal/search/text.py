"""How Chinese and pinyin text becomes search terms, the same way for both backends.

A document's CJK runs become bigrams (as OpenSearch's `cjk_bigram`) plus single characters
(the one-character fallback); Latin letters and digits become lower-cased words; the title's
CJK runs also give pinyin, in full and as initials, for every run of up to
`PINYIN_MAX_SYLLABLES` consecutive syllables ("fengshu", "fssq", "gjk").

A query is parsed the same way into groups (one per run), and each group into alternatives: the
run itself and its synonyms (commonweal.search.synonyms). Every group must match; it matches a
document holding at least `Alternative.required` of one alternative's terms, which is all of
them for up to two terms and two thirds beyond (小修小补 needs two of 小修, 修小, 小补), as
OpenSearch's `minimum_should_match`. How well it matched is scored by `SCORE` below, the same
on both backends.
"""

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property

from pypinyin import Style, lazy_pinyin, load_phrases_dict

# Readings pypinyin's defaults get wrong for places and terms we care about.
PHRASES = {
    "长宁": [["cháng"], ["níng"]],
    "长安": [["cháng"], ["ān"]],
    "长顺": [["cháng"], ["shùn"]],
    "重庆": [["chóng"], ["qìng"]],
    "单县": [["shàn"], ["xiàn"]],
    "六安": [["lù"], ["ān"]],
    "佳宏路": [["jiā"], ["hóng"], ["lù"]],
    "成龙路": [["chéng"], ["lóng"], ["lù"]],
    "曲江": [["qǔ"], ["jiāng"]],
    "乐山": [["lè"], ["shān"]],
    "解放": [["jiě"], ["fàng"]],
}
PINYIN_MAX_SYLLABLES = 6
MAX_QUERY_CHARS = 100

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"([{_CJK}]+)|([0-9a-z]+)")
_ASCII_WORD = re.compile(r"^[0-9a-z]+$")


@cache
def load_phrases() -> None:
    load_phrases_dict(PHRASES)


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text or "").lower().split())


def runs(text: str) -> list[tuple[str, str]]:
    """[("cjk", "枫树社区"), ("word", "wifi"), …] in order."""
    return [("cjk", cjk) if cjk else ("word", word) for cjk, word in _RUNS.findall(normalize(text))]


def bigrams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def pinyin_terms(text: str) -> list[str]:
    """Full pinyin and initials of every run of consecutive syllables, deduplicated."""
    load_phrases()
    terms: dict[str, None] = {}
    for kind, run in runs(text):
        if kind != "cjk":
            continue
        syllables = [s for s in lazy_pinyin(run, style=Style.NORMAL, errors="ignore") if s]
        initials = [s[0] for s in syllables]
        for start in range(len(syllables)):
            for end in range(start + 1, min(start + PINYIN_MAX_SYLLABLES, len(syllables)) + 1):
                terms["".join(syllables[start:end])] = None
                if end - start > 1:
                    terms["".join(initials[start:end])] = None
    return list(terms)


def text_terms(text: str) -> list[str]:
    """Bigrams, single characters and words of a text, in order, deduplicated."""
    terms: dict[str, None] = {}
    for kind, run in runs(text):
        if kind == "word":
            terms[run] = None
            continue
        for gram in bigrams(run):
            terms[gram] = None
        for char in run:
            terms[char] = None
    return list(terms)


@dataclass(frozen=True)
class Alternative:
    """One way a query group can match: its text, the terms a document may hold, and whether
    it came from the synonym table (scored a little lower than the words typed)."""

    text: str
    terms: tuple[str, ...]
    synonym: bool = False

    @property
    def required(self) -> int:
        n = len(self.terms)
        return n if n <= 2 else math.ceil(2 * n / 3)


@dataclass(frozen=True)
class TermGroup:
    """One query token: a CJK run (matched by its bigrams, or its single character) or
    a word (matches a Latin word or a pinyin term)."""

    kind: str  # "cjk" | "word"
    text: str

    @property
    def terms(self) -> list[str]:
        return bigrams(self.text) if self.kind == "cjk" else [self.text]

    @cached_property
    def alternatives(self) -> tuple[Alternative, ...]:
        from commonweal.search import synonyms

        first = Alternative(self.text, tuple(dict.fromkeys(self.terms)))
        if self.kind == "cjk":
            others = [(v, True) for v in synonyms.cjk_variants(self.text)]
        else:
            others = synonyms.pinyin_variants(self.text)
        rest = [Alternative(v, tuple(dict.fromkeys(bigrams(v))), syn) for v, syn in others]
        return (first, *rest)


# The score of a document for a query, computed identically by both backends (integers, so
# OpenSearch's float sums are exact): EXACT when the whole title is the query; per group the
# best alternative's FULL (all its terms anywhere; SYNONYM_FULL for a synonym, so the words
# typed found anywhere come before a synonym even in a title) + TITLE_FULL (all in the title)
# + per term TITLE, NAMES (category, kind, community) or BODY, the best field it is in. Ties go
# to the newest version.
SCORE = {
    "EXACT": 100_000,
    "FULL": 1_000,
    "SYNONYM_FULL": 600,
    "TITLE_FULL": 300,
    "TITLE": 4,
    "NAMES": 2,
    "BODY": 1,
}


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    normalized: str
    groups: list[TermGroup] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups


def parse_query(raw: str) -> ParsedQuery:
    """Split a query into term groups; punctuation and operators are ignored, not obeyed."""
    normalized = normalize(raw)
    groups: dict[TermGroup, None] = {}
    for kind, run in runs(normalized):
        groups[TermGroup(kind, run)] = None
    return ParsedQuery(raw=raw, normalized=normalized, groups=list(groups)[:16])


def exact_key(title: str) -> str:
    """What an exact-name match compares: the title without spaces and punctuation."""
    return "".join(run for _kind, run in runs(title))
