"""How the PostgreSQL backend writes a query's matching condition, and how it is planned."""

import pytest
from django.db import connection, transaction

from commonweal.search import text
from commonweal.search.backends import postgres
from commonweal.search.query import build_request
from tests.fixtures import make_community


def test_a_minimum_should_match_becomes_one_index_scan_per_combination():
    # given 中心枫树: three bigrams, two of which must match
    query = text.parse_query("中心枫树")
    # when the matching condition is written
    branches = postgres.matching_branches(query)
    # then each combination is its own conjunction (an index scan GIN answers quickly)
    assert sorted(branches) == sorted(
        ["('中心' & '心枫')", "('中心' & '枫树')", "('心枫' & '枫树')"]
    )


def test_whole_words_and_too_many_combinations_keep_one_tsquery():
    # given a query whose alternatives all need every term, and one with many groups
    whole = text.parse_query("驿站")
    many = text.parse_query("社区食堂 枫树邻里 中心公园 小区广场")
    # then no branches: one tsquery (a union of postings) is as fast, or the list too long
    assert postgres.matching_branches(whole) is None
    assert postgres.matching_branches(many) is None


@pytest.mark.django_db
def test_the_community_filter_is_one_hashed_lookup_however_few_matches_are_expected():
    # given a 5-character query: its title branches AND four bigrams, which the planner
    # expects to match about one row
    connection.set_schema_to_public()
    make_community("duyuanjie", name="督院街社区", district="锦江区")
    connection.set_schema_to_public()
    sql, params = postgres._statement(build_request(query="公交卡充值"), with_facets=True)
    # when it is planned with the settings search() runs it under
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # then the active communities are hashed once per scan, never joined match by match (as a
    # semi-join it scanned the community table per match: 6.4 s at 1,000,000 documents)
    assert "hashed SubPlan" in plan
    assert "Semi Join" not in plan


@pytest.mark.django_db
def test_a_search_inside_a_callers_transaction_sets_the_planner_back():
    # given a caller's transaction (a mutation that searches, then goes on)
    connection.set_schema_to_public()
    make_community("duyuanjie", name="督院街社区", district="锦江区")
    connection.set_schema_to_public()
    with transaction.atomic():
        # when it searches
        postgres.search(build_request(query="公交卡充值"))
        # then its later statements are planned as usual
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')"
            )
            assert cursor.fetchone() == ("on", "on")
