"""What other apps call: publish or withdraw one item's search document.

Call these from a service, inside the transaction that changes the item, so search and data
cannot disagree after a commit or a rollback.
"""

from django.db import connection

from commonweal.search.models import SearchDocument

VERSION_SEQUENCE = "search_document_version"


def _next_version() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval('public.{VERSION_SEQUENCE}')")
        return cursor.fetchone()[0]


def index_document(
    *,
    community,
    kind: str,
    key,
    title: str,
    body: str = "",
    category: str = "",
    tags=(),
    lat: float | None = None,
    lng: float | None = None,
    url: str = "",
) -> SearchDocument:
    """Create or replace the public search document of one item."""
    document, _created = SearchDocument.objects.update_or_create(
        community=community,
        kind=kind,
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
        },
    )
    return document


def remove_document(*, community, kind: str, key) -> None:
    """Withdraw an item (unpublished, private, retired): hidden now, deleted downstream."""
    SearchDocument.objects.filter(community=community, kind=kind, key=str(key)).update(
        visible=False, version=_next_version()
    )
