"""How the PostgreSQL backend writes a query's matching condition (no database needed)."""

from commonweal.search import text
from commonweal.search.backends import postgres


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
