"""The words each resource is matched by, kept with the row (`models.ResourceTerms`).

Invariant: a resource is always matched by the words of its current title and description,
cut by the current cutter. The stored words are read in the same query as the resource, and
only where the row's text and `VERSION` equal the resource's now (`stored()`); anything else —
a new resource, one edited by any path, rows cut by an older cutter — is cut again and the
row rewritten (`remember()`). Being checked on every read, the rows need no invalidation:
concurrent edits and other processes cannot make a suggestion use stale words; at worst a
row is rewritten twice.
"""

from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.functions import Concat

from commonweal.governance.needs.models import ResourceTerms
from commonweal.search.documents import word_terms

# Bump whenever `cut` (or `search.documents.word_terms` beneath it) changes what it returns:
# every stored row then reads as stale and is cut again.
VERSION = 1


def resource_text(title: str, description: str) -> str:
    """What a resource is matched by: its title and description, as one text."""
    return f"{title} {description}"


def cut(text: str) -> frozenset[str]:
    return frozenset(word_terms(text))


def stored(source: str, title: str, description: str) -> Subquery:
    """An annotation for a resource queryset: its stored words, or None when there are none
    for its text as it is now. `title` and `description` name the row's fields."""
    rows = ResourceTerms.objects.filter(
        source=source,
        key=OuterRef("pk"),
        version=VERSION,
        text=Concat(OuterRef(title), Value(" "), OuterRef(description), output_field=TextField()),
    )
    return Subquery(rows.values("terms")[:1])


def remember(cut_now: list[tuple[str, int, str, frozenset[str]]]) -> None:
    """Store words just cut: (source, key, text, terms). One statement per 2,000 rows; in
    key order, so that two requests storing the same rows cannot deadlock."""
    if not cut_now:
        return
    ResourceTerms.objects.bulk_create(
        [
            ResourceTerms(source=s, key=k, version=VERSION, text=t, terms=sorted(terms))
            for s, k, t, terms in sorted(cut_now, key=lambda row: row[:2])
        ],
        update_conflicts=True,
        unique_fields=["source", "key"],
        update_fields=["version", "text", "terms"],
        batch_size=2000,
    )
