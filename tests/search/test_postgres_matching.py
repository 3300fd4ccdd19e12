"""How the PostgreSQL backend writes a query's matching condition, and how it is planned."""

import pytest
from django.db import connection, transaction

from commonweal.search import text
from commonweal.search.backends import pg_terms, postgres
from commonweal.search.documents import index_document
from commonweal.search.query import build_request, encode_cursor
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


def test_a_search_outside_any_transaction_leaves_the_planner_as_it_was(committed):
    # given no transaction open (a page answering a search, in autocommit; `committed` drops
    # the community's schema after, as the flush between tests does not)
    connection.set_schema_to_public()
    make_community("duyuanjie", name="督院街社区", district="锦江区")
    connection.set_schema_to_public()
    assert not connection.in_atomic_block
    # when it searches (its settings and statement sent together)
    results = postgres.search(build_request(query="公交卡充值"))
    # then it answered, and the next statement on the connection is planned as usual
    assert (results.total, results.hits) == (0, [])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')"
        )
        assert cursor.fetchone() == ("on", "on")


def test_the_best_score_is_every_groups_best_alternative_all_in_the_title():
    # given one group with no synonym, then a second group with synonyms (快剪 and 义剪 score
    # as synonyms, 理发 as typed)
    # then each group gives FULL (or SYNONYM_FULL) + TITLE_FULL + TITLE per term of its best
    assert pg_terms.best_score(text.parse_query("枫树")) == 1000 + 300 + 4
    assert pg_terms.best_score(text.parse_query("枫树 理发")) == 2 * (1000 + 300 + 4)
    # 社区食堂: 社区 区食 食堂 as typed beats the synonyms' longer 社区老年餐桌 (600 + 300 + 20)
    assert pg_terms.best_score(text.parse_query("社区食堂")) == 1000 + 300 + 3 * 4


@pytest.fixture
def canteens(db):
    """督院街社区's documents for 社区食堂, oldest first: four named exactly so (two of them
    split by a dot: not all their bigrams in the title, so they score less, 社·区食堂 more
    than 社区·食堂), twelve with it in their title, six with a synonym in theirs, six with two of
    its three bigrams (not in the title), four newest with it only in their body."""
    connection.set_schema_to_public()
    community = make_community("duyuanjie", name="督院街社区", district="锦江区")
    connection.set_schema_to_public()
    titles = (
        ["社区食堂", "社区食堂", "社·区食堂", "社区·食堂"]
        + [f"第{n}网格社区食堂" for n in range(12)]
        + [f"社区助餐点{n}号" for n in range(6)]
        + [f"第{n}号食堂" for n in range(6)]
        + [f"便民服务点{n}号" for n in range(4)]
    )
    for key, title in enumerate(titles):
        body = "社区居民的午餐" if "号食堂" in title else ""
        if title.startswith("便民"):
            body = "就近的社区食堂"
        index_document(community=community, kind="service_point", key=key, title=title, body=body)
    return community


def pages(first: int, count: int) -> list[list[str]]:
    return [
        [
            hit.key
            for hit in postgres.search(
                build_request(query="社区食堂", first=first, after=encode_cursor(offset))
            ).hits
        ]
        for offset in range(0, count * first, first)
    ]


def test_a_page_answered_from_the_best_title_rows_is_the_page_scoring_the_window_gives(
    canteens, monkeypatch
):
    # when pages are read as residents page through them (5, then 3 at a time: fewer than the
    # four exact names, which must then be ranked among themselves)
    shortcut = {first: pages(first, 12) for first in (5, 3)}
    # then the exact names come first, best scored first, then the title matches (those at
    # the best score answer the first three pages), then the words typed found in a body
    # (1,000 for FULL) before a synonym in a title (600 + 300), then two of three bigrams
    keys = lambda numbers: [str(n) for n in numbers]  # noqa: E731
    assert shortcut[5][:7] == [
        keys([1, 0, 2, 3, 15]),
        keys([14, 13, 12, 11, 10]),
        keys([9, 8, 7, 6, 5]),
        keys([4, 31, 30, 29, 28]),
        keys([21, 20, 19, 18, 17]),
        keys([16, 27, 26, 25, 24]),
        keys([23, 22]),
    ]
    # (社区·食堂 is the newest exact name but scores least of them: not on a page of three)
    assert shortcut[3][0] == keys([1, 0, 2])
    # and every page is the one scoring the whole window gives (a best score no row reaches
    # leaves the shortcut empty, so the window is scored)
    monkeypatch.setattr(postgres, "best_score", lambda query: 10**9)
    assert shortcut == {first: pages(first, 12) for first in (5, 3)}


def rows_scored_and_shown(request) -> int:
    """How many document rows a search's statement reads back by ctid (scored or shown)."""
    sql, params = postgres._statement(request, with_facets=True)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]["Plan"]

    def loops(node) -> int:
        own = node["Actual Loops"] if node["Node Type"] == "Tid Scan" else 0
        return own + sum(loops(child) for child in node.get("Plans", ()))

    return loops(plan)


def test_a_named_thing_is_ranked_without_scoring_the_whole_window(canteens, monkeypatch):
    # given the first page of five for 社区食堂 (all 32 matches are in the scored window)
    request = build_request(query="社区食堂", first=5)
    # then the rows are scored in the bounded order only until five title rows reach the best
    # score: the four exact names, the six newer synonym titles, the five newest title
    # matches, and the next (a sixth at the best score ends the scan) with the one the window
    # function reads ahead; then the five shown are read
    assert rows_scored_and_shown(request) == 4 + 6 + 5 + 2 + 5
    # where scoring the window reads every match
    monkeypatch.setattr(postgres, "best_score", lambda query: 10**9)
    assert rows_scored_and_shown(request) == 32 + 5
