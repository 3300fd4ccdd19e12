"""Words residents use for the same community service, applied to the query on both backends.

OpenSearch's synonym filters work at index time or need a search analyzer osmem lacks, and the
PostgreSQL backend has none that understands CJK bigrams; so the query is expanded here, in
Python, into alternatives each backend matches the same way (commonweal.search.text). Every set
is symmetric: any member finds the others. A member found inside a longer query run is replaced
by each of the others (维修家电 → 修理家电, 小修小补家电), and a word equal to a member's full
pinyin (xiuli) brings the whole set.
"""

from functools import cache

SYNONYM_SETS: tuple[tuple[str, ...], ...] = (
    ("修理", "维修", "小修小补", "修补"),
    ("理发", "快剪", "义剪", "剪发"),
    ("食堂", "助餐", "老年餐桌", "长者饭堂"),
    ("公交卡", "天府通", "老年卡"),
    ("养老", "助老", "日间照料", "为老服务"),
    ("法律援助", "法律咨询", "法援"),
    ("调解", "纠纷调处", "说和"),
    ("托育", "托管", "四点半课堂"),
    ("志愿者", "义工", "志愿服务"),
    ("快递", "驿站", "代收"),
    ("微基金", "社区基金"),
    ("卫生服务", "卫生站", "社区医院", "诊所"),
    ("菜市场", "农贸市场", "菜场"),
    ("充电桩", "充电站"),
    ("垃圾分类", "再生资源回收", "废品回收"),
)
# An expanded group keeps at most this many alternatives (the original first).
MAX_ALTERNATIVES = 6


@cache
def _members() -> dict[str, tuple[str, ...]]:
    """Each member → the other members of its set(s), in table order."""
    others: dict[str, dict[str, None]] = {}
    for members in SYNONYM_SETS:
        for member in members:
            bucket = others.setdefault(member, {})
            for other in members:
                if other != member:
                    bucket[other] = None
    return {member: tuple(bucket) for member, bucket in others.items()}


@cache
def _by_pinyin() -> dict[str, tuple[tuple[str, bool], ...]]:
    """Full pinyin → (member, is a synonym rather than the word itself), the word first."""
    found: dict[str, dict[str, bool]] = {}
    for members in SYNONYM_SETS:
        for member in members:
            bucket = found.setdefault(_full(member), {})
            bucket[member] = False
            for other in _members()[member]:
                bucket.setdefault(other, True)
    return {
        key: tuple(sorted(bucket.items(), key=lambda item: item[1]))
        for key, bucket in found.items()
    }


def _full(member: str) -> str:
    from pypinyin import Style, lazy_pinyin

    from commonweal.search.text import load_phrases

    load_phrases()
    return "".join(lazy_pinyin(member, style=Style.NORMAL, errors="ignore"))


def cjk_variants(run: str) -> list[str]:
    """`run` with one synonym member replaced by each other member (longest member first)."""
    variants: dict[str, None] = {}
    for member in sorted(_members(), key=len, reverse=True):
        if member in run:
            for other in _members()[member]:
                variants[run.replace(member, other)] = None
    variants.pop(run, None)
    return list(variants)[: MAX_ALTERNATIVES - 1]


def pinyin_variants(word: str) -> list[tuple[str, bool]]:
    """(member, is a synonym) for the members whose full pinyin is `word` (xiuli → 修理, False),
    then their synonyms (维修, True)."""
    return list(_by_pinyin().get(word, ()))[: MAX_ALTERNATIVES - 1]
