"""The words each resource is matched by, kept with the row (`models.ResourceTerms`).

Invariant: a resource is always matched by the words of its current title and description,
cut by the current cutter. The stored words are read in the same query as the resource, and
only where the row's text and `VERSION` equal the resource's now (`stored()`); anything else —
a new resource, one edited by any path, rows cut by an older cutter — is cut again and the
row rewritten (`remember()`). Being checked on every read, the rows need no invalidation:
concurrent edits and other processes cannot make a suggestion use stale words; at worst a
row is rewritten twice.
"""

from django.db import connection
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
    """Store words just cut: (source, key, text, terms), in one statement whatever their
    number (arrays unnested in PostgreSQL: Django's bulk_create spends seconds compiling
    5,000 rows), in key order so that two requests storing the same rows cannot deadlock.
    A term never holds a space (`search.text` cuts CJK runs and [0-9a-z] words), so each
    resource's terms travel as one space-joined string."""
    if not cut_now:
        return
    rows = sorted(cut_now, key=lambda row: row[:2])
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {ResourceTerms._meta.db_table} (source, key, version, text, terms)
            SELECT s, k, %s, t, string_to_array(j, ' ')
            FROM unnest(%s::text[], %s::bigint[], %s::text[], %s::text[]) AS u(s, k, t, j)
            ON CONFLICT (source, key) DO UPDATE
                SET version = EXCLUDED.version, text = EXCLUDED.text, terms = EXCLUDED.terms
            """,
            [
                VERSION,
                [source for source, _k, _t, _w in rows],
                [key for _s, key, _t, _w in rows],
                [text for _s, _k, text, _w in rows],
                [" ".join(sorted(words)) for _s, _k, _t, words in rows],
            ],
        )
