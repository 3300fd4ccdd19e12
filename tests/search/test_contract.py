"""The contract every backend keeps, on the same Chinese corpus (tests/search/fixtures.py)."""

import pytest

from commonweal.platform.kernel.errors import DomainError
from commonweal.search.error_codes import SearchErrorCode
from commonweal.search.query import build_request
from commonweal.search.selectors import search
from commonweal.tenants.services import community_reactivate, community_suspend
from tests.fixtures import make_user
from tests.search.fixtures import DOCUMENTS, refresh


def titles(results) -> list[str]:
    return [hit.title for hit in results.hits]


def title(short: str) -> str:
    return DOCUMENTS[short][3]


def find(query="", **filters):
    return search(build_request(query=query, **filters))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fengshu", ["F1"]),  # full pinyin finds 枫树社区邻里中心
        ("fssq", ["F1"]),  # initials
        ("gjk", ["F2"]),  # 公交卡
        ("gongjiaoka", ["F2"]),
        ("changning", ["C1"]),  # the phrase dictionary: 长宁 is chang ning …
        ("zhangning", []),  # … not zhang ning
        ("fengshu 邻里", ["F1"]),  # mixed script
        ("WiFi 理发", ["J2"]),  # Latin word in the body, Chinese in the title
        ("ｗｉｆｉ", ["J2"]),  # full-width folds to half-width
        ("公交卡", ["F2"]),
        ("微基金", ["C1", "F3"]),  # C1's title, F3's kind (a campaign: 微基金 募捐)
        ("发", ["J2"]),  # one character
        ("邻里中心 枫树", ["F1"]),  # every run must match, in any order
        ("中心枫树", ["F1"]),  # two of its three bigrams (心枫 is nowhere) are enough
        ("中心秘密", []),  # one of three is not
        ("秘密", []),  # W1 was withdrawn, S1's body is in a suspended community
    ],
)
def test_text_and_pinyin_queries_find_exactly(corpus, query, expected):
    # given the corpus on the backend under test
    # when searching
    results = find(query)
    # then exactly the expected documents come back
    assert sorted(titles(results)) == sorted(title(s) for s in expected)
    assert results.total == len(expected)


def test_exact_name_first_then_title_then_body(corpus):
    # given 老年食堂 as a whole title (F3), inside a title (J1) and inside a body (F1)
    # when searching for it
    results = find("老年食堂")
    # then the exact name leads, then the title match, then the body match
    assert titles(results) == [title("F3"), title("J1"), title("F1")]


def test_one_character_query_ranks_title_matches_first(corpus):
    # given 食 in two titles (F3, J1) and one body (F1)
    results = find("食")
    # then both title matches come before the body match
    assert set(titles(results)[:2]) == {title("F3"), title("J1")}
    assert titles(results)[2:] == [title("F1")]


def test_facet_counts(corpus):
    # given 社区 in every visible item: in titles, bodies and the communities' names
    results = find("社区")
    # then facets count the results by community, district, kind and category
    facets = {
        name: [(f.value, f.label, f.count) for f in counts]
        for name, counts in results.facets.items()
    }
    assert results.total == 6
    assert not results.total_capped
    assert facets == {
        "community": [
            ("fengshu", "枫树社区", 3),
            ("jiahonglu", "佳宏路社区", 2),
            ("changning", "长宁社区", 1),
        ],
        "district": [("锦江区", "锦江区", 5), ("武侯区", "武侯区", 1)],
        "kind": [
            ("partner", "partner", 2),
            ("campaign", "campaign", 1),
            ("grant", "grant", 1),
            ("partner_call", "partner_call", 1),
            ("service_point", "service_point", 1),
        ],
        "category": [
            ("便民服务", "便民服务", 2),
            ("养老", "养老", 2),
            ("微基金", "微基金", 1),
            ("邻里服务", "邻里服务", 1),
        ],
    }


def test_totals_are_exact_up_to_the_cap_then_a_lower_bound(corpus, monkeypatch):
    # given a cap of 4 results counted (1,000 in production)
    from commonweal.search.backends import opensearch, postgres

    monkeypatch.setattr(postgres, "TOTAL_CAP", 4)
    monkeypatch.setattr(opensearch, "TOTAL_CAP", 4)
    # when 6 match, then the total says "4+"; when 3 match, it is exact
    many, few = find("社区"), find("老年")
    assert (many.total, many.total_capped) == (4, True)
    assert (few.total, few.total_capped) == (3, False)


def test_filters_narrow_by_kind_community_district_and_category(corpus):
    assert sorted(titles(find("社区", kinds=["partner"]))) == sorted([title("F1"), title("J2")])
    assert titles(find("社区", communities=["changning"])) == [title("C1")]
    assert titles(find("社区", districts=["武侯区"])) == [title("C1")]
    assert sorted(titles(find("社区", categories=["便民服务"]))) == sorted(
        [title("F2"), title("J2")]
    )
    assert sorted(titles(find(categories=["养老"]))) == sorted([title("F3"), title("J1")])


def test_radius_search_ranks_by_distance(corpus):
    # given F1 at the point, F2 ~140 m and F3 ~1.5 km away, J1 ~7 km away
    results = find(near=(30.6, 104.1), radius_m=2000)
    # then only those within 2 km, nearest first, with their distances
    assert titles(results) == [title("F1"), title("F2"), title("F3")]
    assert [round(h.distance_m, -1) for h in results.hits] == [0, 150, 1470]


def test_radius_search_with_words(corpus):
    results = find("老年", near=(30.6, 104.1), radius_m=10_000)
    assert titles(results) == [title("F1"), title("F3"), title("J1")]


def test_bounding_box(corpus):
    results = find(bbox=(30.59, 104.09, 30.605, 104.105))
    assert sorted(titles(results)) == sorted([title("F1"), title("F2")])


def test_pages(corpus):
    first = search(build_request(query="老年食堂", first=2))
    assert titles(first) == [title("F3"), title("J1")]
    assert first.has_next
    second = search(build_request(query="老年食堂", first=2, after=_cursor(2)))
    assert titles(second) == [title("F1")]
    assert not second.has_next


def _cursor(offset):
    from commonweal.search.query import encode_cursor

    return encode_cursor(offset)


def test_community_scope(corpus):
    fengshu = corpus.communities["fengshu"]
    results = search(build_request(query="老年食堂", scope_community_id=fengshu.pk))
    assert titles(results) == [title("F3"), title("F1")]
    # a scope wins over a communities filter naming someone else
    scoped = build_request(
        query="老年食堂", communities=["jiahonglu"], scope_community_id=fengshu.pk
    )
    assert titles(search(scoped)) == [title("F3"), title("F1")]


def test_snippet_marks_the_match(corpus):
    (hit,) = find("图书角").hits
    assert "<mark>图书角</mark>" in hit.snippet
    assert hit.community_slug == "fengshu"
    assert hit.community_name == "枫树社区"
    assert hit.url == "/partner/p1/"


def test_suspension_hides_at_once_and_reinstatement_restores(corpus):
    # given fengshu's documents are searchable
    assert titles(find("fengshu")) == [title("F1")]
    # when fengshu is suspended (nothing re-synced)
    admin = make_user()
    community_suspend(actor=admin, community=corpus.communities["fengshu"], reason="整改")
    # then none of its documents appear, in any query or facet
    assert titles(find("fengshu")) == []
    assert "fengshu" not in [f.value for f in find("社区").facets["community"]]
    # and they come back on reinstatement
    community_reactivate(actor=admin, community=corpus.communities["fengshu"])
    assert titles(find("fengshu")) == [title("F1")]


def test_withdrawn_and_private_items_never_appear(corpus):
    # given W1 of fengshu withdrawn (made private) and S1 of a suspended community
    for query in ("枫树秘密会所", "秘密", "会所", "和平社区老年食堂", "内部资料", "mimi"):
        assert titles(find(query)) == []
    everything = find(near=(30.6, 104.1), radius_m=50_000, first=50)
    assert title("W1") not in titles(everything)
    assert title("S1") not in titles(everything)


def test_republished_item_reappears_once(corpus):
    from commonweal.search.documents import index_document

    fengshu = corpus.communities["fengshu"]
    index_document(community=fengshu, kind="partner", key="p8", title="枫树会所", body="公开")
    refresh()
    assert titles(find("会所")) == ["枫树会所"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", SearchErrorCode.QUERY_EMPTY),
        ("   ", SearchErrorCode.QUERY_EMPTY),
        ("!!! ？？ ——……", SearchErrorCode.QUERY_EMPTY),
        ("枫" * 10_000, SearchErrorCode.QUERY_TOO_LONG),
    ],
)
def test_bad_queries_are_refused_with_a_code(backend, query, code):
    with pytest.raises(DomainError) as refused:
        find(query)
    assert refused.value.code == code


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE search_searchdocument; --",
        "老年食堂' OR '1'='1",
        '{"query": {"match_all": {}}}',
        "title:* OR tenant:heping",
        "秘密 | 会所 & !x",
        "\\u0000 \x00 %_",
    ],
)
def test_sql_and_dsl_fragments_are_just_words(corpus, query):
    # then no error, nothing private, and nothing the words do not match
    assert titles(find(query)) == []
