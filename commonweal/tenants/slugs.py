"""A community's address suggested from its Chinese name: 枫树社区 → fengshu. Only a
suggestion: the applicant may change it, and `validators.validate_slug` decides."""

import re

from pypinyin import Style, lazy_pinyin

from commonweal.tenants.validators import SLUG_MAX, SLUG_MIN, SLUG_RE

# What every community's name ends with says nothing about which community it is.
GENERIC_SUFFIXES = ("社区居民委员会", "居民委员会", "居委会", "社区", "街道", "小区")


def _pinyin(text: str) -> str:
    from commonweal.search.text import load_phrases  # place names read right (长宁 cháng)

    load_phrases()
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: list(chars))
    return re.sub(r"[^a-z0-9]+", "-", "".join(syllables).lower()).strip("-")


def suggest_slug(name: str, *, taken=lambda slug: False) -> str:
    """A valid, free address for `name`, or "" when the name gives nothing usable."""
    name = (name or "").strip()
    core = name
    for suffix in GENERIC_SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix):
            core = core[: -len(suffix)]
            break
    slug = re.sub(r"-+", "-", _pinyin(core))[:SLUG_MAX].strip("-")
    slug = re.sub(r"^[^a-z]+", "", slug)
    if len(slug) < SLUG_MIN:
        slug = re.sub(r"^[^a-z]+", "", _pinyin(name))[:SLUG_MAX].strip("-")
    if len(slug) < SLUG_MIN or not SLUG_RE.fullmatch(slug):
        return ""
    candidate, n = slug, 2
    while taken(candidate) and n < 100:
        tail = f"-{n}"
        candidate = slug[: SLUG_MAX - len(tail)].strip("-") + tail
        n += 1
    return candidate
