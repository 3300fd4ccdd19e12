"""How the PostgreSQL backend keeps its rows (migration 0005): what a search reads for every
match stays in the row, the wide text and tsvectors go out of line."""

from django.db import connection

from commonweal.search.documents import index_document
from commonweal.search.models import SearchDocument
from tests.fixtures import make_community


def test_a_long_document_keeps_only_the_compared_columns_in_its_row(db):
    # given an item whose row would be several kilobytes (a long body, a long title)
    connection.set_schema_to_public()
    community = make_community("fengshu", name="枫树社区", district="锦江区")
    connection.set_schema_to_public()
    body = "".join(f"第{i}次坝坝会征集居民需求，形成项目清单。" for i in range(40))
    document = index_document(
        community=community,
        kind="partner",
        key="1",
        title="枫树社区老年食堂助餐服务站",
        body=body,
        category="养老",
    )
    # when it is stored
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT pg_column_toast_chunk_id(body) IS NOT NULL,
                      pg_column_toast_chunk_id(body_terms) IS NOT NULL,
                      pg_column_toast_chunk_id(document) IS NOT NULL,
                      pg_column_toast_chunk_id(exact_key) IS NULL,
                      pg_column_toast_chunk_id(kind) IS NULL,
                      pg_column_toast_chunk_id(category) IS NULL
               FROM search_searchdocument WHERE id = %s""",
            [document.pk],
        )
        placement = cursor.fetchone()
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_document_title_terms'"
        )
        (title_index,) = cursor.fetchone()
    # then its text and tsvectors are out of line, the compared columns in the row
    assert placement == (True, True, True, True, True, True)
    # and the title's terms have their own GIN index
    assert "USING gin (title_document)" in title_index
    assert SearchDocument.objects.get(pk=document.pk).body == body
