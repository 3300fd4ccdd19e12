"""What other apps call: publish or withdraw one item's search document.

Call these from a service, inside the transaction that changes the item, so search and data
cannot disagree after a commit or a rollback.
"""

from enum import StrEnum

from django.db import connection
from django.db.models import QuerySet
from django.utils import translation

from commonweal.privacy.masking import mask_text
from commonweal.search import text
from commonweal.search.models import SearchDocument


class DocumentKind(StrEnum):
    """Every kind of public item that has a search document: the one list. A new kind of
    item adds a member here; `index_document` refuses any other."""

    PARTNER = "partner"
    PARTNER_CALL = "partner_call"
    SERVICE_POINT = "service_point"
    CAMPAIGN = "campaign"
    GRANT = "grant"
    TIMEBANK_OFFER = "timebank_offer"
    VOLUNTEER_TASK = "volunteer_task"
    NEED = "need"
    NEEDS_TASK = "needs_task"
    NEEDS_PROJECT = "needs_project"
    DELIBERATION_PROPOSAL = "deliberation_proposal"
    DELIBERATION_MEETING = "deliberation_meeting"
    DELIBERATION_DECISION = "deliberation_decision"
    HAZARD_REPORT = "hazard_report"


VERSION_SEQUENCE = "search_document_version"
# Writers hold this advisory lock (shared) from taking a version until they commit; the
# OpenSearch sync takes it exclusively for an instant to learn which versions are final, so a
# slow transaction's smaller version can never be skipped (commonweal.search.sync).
VERSION_LOCK = 0x5EA2C4


def _next_version() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pg_advisory_xact_lock_shared({VERSION_LOCK}), "
            f"nextval('public.{VERSION_SEQUENCE}')"
        )
        return cursor.fetchone()[1]


# What residents call each kind of item: indexed with it, so 服务点 or 微创投 finds them.
KIND_NAMES = {
    "partner": "社区合伙人 伙伴",
    "partner_call": "合伙人招募",
    "service_point": "服务点 公益地图",
    "campaign": "微基金 募捐",
    "grant": "微创投 项目",
    "deliberation_proposal": "议题 议事协商",
    "deliberation_meeting": "议事会 会议纪要",
    "deliberation_decision": "决议 落实",
    "hazard_report": "安全隐患 随手报",
}


def names_of(*, kind: str, category: str = "", category_name="", community_name: str = "") -> str:
    """The names indexed with an item: its kind's, its category's (in Simplified Chinese, the
    label when the caller has one) and its community's (枫树社区)."""
    with translation.override("zh-hans"):
        # A TextChoices member's str() is its code: take its label.
        category_text = str(getattr(category_name, "label", category_name) or category)
    return " ".join(n for n in (KIND_NAMES.get(kind, ""), category_text, community_name) if n)


def terms_of(title: str, body: str, tags=(), names: str = "") -> dict:
    """The indexed terms of a document (see commonweal.search.text), by field: the title's
    (with pinyin), the names' (`names_of`) and the body's (with the tags)."""
    title_terms = text.text_terms(title) + text.pinyin_terms(title)
    body_terms = text.text_terms(" ".join([body, *tags]))
    return {
        "title_terms": " ".join(title_terms),
        "name_terms": " ".join(text.text_terms(names)),
        "body_terms": " ".join(body_terms),
        "exact_key": text.exact_key(title)[:200],
    }


def index_document(
    *,
    community,
    kind: DocumentKind,
    key,
    title: str,
    body: str = "",
    category: str = "",
    category_name="",
    tags=(),
    lat: float | None = None,
    lng: float | None = None,
    url: str = "",
) -> SearchDocument:
    """Create or replace the public search document of one item. `category_name` is the
    category's label when `category` is a code (ServiceCategory.REPAIR → 小修小补).

    The index is read across communities by anyone: mobile and ID numbers residents wrote
    into the title or body are masked before they are stored or cut into terms."""
    title, body = mask_text(title), mask_text(body)
    names = names_of(
        kind=kind, category=category, category_name=category_name, community_name=community.name
    )
    document, _created = SearchDocument.objects.update_or_create(
        community=community,
        kind=DocumentKind(kind),
        key=str(key),
        defaults={
            "title": title[:200],
            "body": body,
            "category": category,
            "tags": list(tags),
            "lat": lat,
            "lng": lng,
            "url": url[:300],
            "visible": True,
            "version": _next_version(),
            **terms_of(title[:200], body, tags, names),
        },
    )
    return document


def remove_document(*, community, kind: DocumentKind, key) -> None:
    """Withdraw an item (unpublished, private, retired): hidden now, deleted downstream."""
    SearchDocument.objects.filter(
        community=community, kind=DocumentKind(kind), key=str(key)
    ).update(visible=False, version=_next_version())


def published_documents(*, kind: DocumentKind) -> QuerySet[SearchDocument]:
    """The visible documents of one kind, in every active community: what the platform's
    cross-community pages list."""
    from commonweal.tenants.models import CommunityStatus

    return SearchDocument.objects.filter(
        kind=DocumentKind(kind), visible=True, community__status=CommunityStatus.ACTIVE
    ).select_related("community")


def word_terms(content: str) -> set[str]:
    """The CJK bigrams and Latin words of a text, as the index cuts them: what other apps
    compare texts by (e.g. likely duplicates) without reaching into the search internals."""
    found: set[str] = set()
    for kind, run in text.runs(content):
        found.update([run] if kind == "word" else text.bigrams(run))
    return found
