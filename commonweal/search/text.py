"""How Chinese and pinyin text becomes search terms, the same way for both backends.

A document's CJK runs become bigrams (as OpenSearch's `cjk_bigram`) plus single characters
(the one-character fallback); Latin letters and digits become lower-cased words; the title's
CJK runs also give pinyin, in full and as initials, for every run of up to
`PINYIN_MAX_SYLLABLES` consecutive syllables ("fengshu", "fssq", "gjk"). A query is parsed the
same way into groups of terms that must all match.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

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
def _load_phrases() -> None:
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
    _load_phrases()
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


def cjk_unigrams(text: str) -> list[str]:
    chars: dict[str, None] = {}
    for kind, run in runs(text):
        if kind == "cjk":
            for char in run:
                chars[char] = None
    return list(chars)


@dataclass(frozen=True)
class TermGroup:
    """One query token: a CJK run (all its bigrams must match, or its single character) or
    a word (matches a Latin word or a pinyin term)."""

    kind: str  # "cjk" | "word"
    text: str

    @property
    def terms(self) -> list[str]:
        return bigrams(self.text) if self.kind == "cjk" else [self.text]


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
