"""Keep the search table's rows narrow, and index the title's terms on their own.

A search reads every match's row (thousands for a two-character query) for its version,
kind, category and community; with the text and tsvectors inline, 100,000 documents took
137 MB of heap at five rows a page, more than the server's shared buffers. With a tuple target
of 128 bytes the toaster (which runs on a row wider than 2 kB or holding an out-of-line value)
moves every wide column out of line, while MAIN keeps the few columns a search compares on
every row (exact name, kind, category) in it: the same corpus fits in 29 MB. Whether a match is
in the title is read from its own GIN index, not from each row's tsvector.

Existing rows are rewritten once: a no-op UPDATE lets the toaster apply the new target (100,000
rows took 96 s with the index build on a loaded 2-core machine; autovacuum reclaims the old
versions). The stored terms are unchanged, so nothing is recomputed and OpenSearch sees no new
versions.
"""

import django.contrib.postgres.indexes
from django.db import migrations

NARROW = """
ALTER TABLE search_searchdocument SET (toast_tuple_target = 128);
ALTER TABLE search_searchdocument
    ALTER COLUMN exact_key SET STORAGE MAIN,
    ALTER COLUMN kind SET STORAGE MAIN,
    ALTER COLUMN category SET STORAGE MAIN;
UPDATE search_searchdocument SET exact_key = exact_key;
"""
WIDE = """
ALTER TABLE search_searchdocument RESET (toast_tuple_target);
ALTER TABLE search_searchdocument
    ALTER COLUMN exact_key SET STORAGE EXTENDED,
    ALTER COLUMN kind SET STORAGE EXTENDED,
    ALTER COLUMN category SET STORAGE EXTENDED;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_title_document"),
    ]

    operations = [
        migrations.RunSQL(NARROW, WIDE),
        migrations.AddIndex(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["title_document"], name="search_document_title_terms"
            ),
        ),
    ]
