"""The search page of both hosts: highlighting (pinyin too), facets, paging, near me,
friendly refusals, absolute links, and one community's host showing nothing of another's."""

import re

from commonweal.search.documents import index_document
from commonweal.welfaremap.coordinates import from_gcj02
from tests.web.fixtures import get

CARD_LINKS = re.compile(r'<a class="card-title" href="([^"]+)">(.*?)</a>', re.S)


def _point(community, key, title, **fields):
    fields.setdefault("url", f"/map/#point-{key}")
    fields.setdefault("category", "transit_card")
    return index_document(community=community, kind="service_point", key=key, title=title, **fields)


def test_pinyin_initials_find_and_highlight_the_characters_with_an_absolute_link(fengshu):
    _point(fengshu, 7, "枫树社区公交卡代办点", body="成龙路 88 号")
    html = get(None, "/search/?q=gjk").content.decode()
    assert CARD_LINKS.findall(html) == [
        ("http://fengshu.localhost/map/#point-7", "枫树社区<mark>公交卡</mark>代办点")
    ]
    # names, not codes: the kind and the category as residents call them
    assert '<span class="tag">服务点</span> <span class="tag">公交卡代办</span>' in html


def test_chinese_and_full_pinyin_are_highlighted_too(fengshu):
    _point(fengshu, 7, "枫树社区公交卡代办点")
    chinese = get(fengshu, "/search/?q=公交卡").content.decode()
    full = get(fengshu, "/search/?q=gongjiaoka").content.decode()
    assert (
        CARD_LINKS.findall(chinese)
        == CARD_LINKS.findall(full)
        == [("http://fengshu.localhost/map/#point-7", "枫树社区<mark>公交卡</mark>代办点")]
    )


def test_a_title_cannot_inject_markup(fengshu):
    _point(fengshu, 1, "<script>alert(1)</script>食堂")
    html = get(fengshu, "/search/?q=食堂").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>食堂</mark>" in html


def test_facets_count_kinds_and_communities_and_filter(fengshu, jiahonglu):
    _point(fengshu, 1, "社区食堂一号")
    _point(fengshu, 2, "社区食堂二号")
    _point(jiahonglu, 1, "佳宏路社区食堂")
    index_document(community=fengshu, kind="partner", key=5, title="食堂合伙人", url="/partners/5/")
    html = get(None, "/search/?q=食堂").content.decode()
    kinds = re.findall(r'data-kind="(\w+)">(\w+) <span class="n">(\d+)</span>', html)
    communities = re.findall(r'data-community="(\w+)">(\w+) <span class="n">(\d+)</span>', html)
    assert kinds == [("service_point", "服务点", "3"), ("partner", "合伙人", "1")]
    assert communities == [("fengshu", "枫树社区", "3"), ("jiahonglu", "佳宏路社区", "1")]
    only = get(None, "/search/?q=食堂&community=jiahonglu").content.decode()
    assert [t for _u, t in CARD_LINKS.findall(only)] == ["佳宏路社区<mark>食堂</mark>"]


def test_a_community_host_shows_nothing_of_another_community(fengshu, jiahonglu):
    _point(fengshu, 1, "枫树社区食堂")
    html = get(jiahonglu, "/search/?q=食堂").content.decode()
    assert "枫树社区食堂" not in html and 'id="hits"' not in html
    assert "没有找到结果" in html
    # nor through the community filter, which a community's host ignores
    html = get(jiahonglu, "/search/?q=食堂&community=fengshu").content.decode()
    assert "枫树社区食堂" not in html


def test_paging_ten_at_a_time(fengshu):
    for n in range(12):
        _point(fengshu, n, f"修车点{n:02d}")
    first = get(fengshu, "/search/?q=修车").content.decode()
    second = get(fengshu, "/search/?q=修车&page=2").content.decode()
    assert (len(CARD_LINKS.findall(first)), len(CARD_LINKS.findall(second))) == (10, 2)
    assert 'href="?q=%E4%BF%AE%E8%BD%A6&amp;page=2" rel="next"' in first
    assert 'rel="next"' not in second and 'rel="prev"' in second
    assert "第 2 / 2 页" in second
    titles = {t for page in (first, second) for _u, t in CARD_LINKS.findall(page)}
    assert len(titles) == 12


def test_near_me_converts_the_browser_position_and_sorts_by_distance(fengshu):
    # two points stored in GCJ-02, 200 m and 2 km north of the reader
    here = (30.6500, 104.0800)
    _point(fengshu, 1, "远处食堂", lat=here[0] + 0.018, lng=here[1])
    _point(fengshu, 2, "近处食堂", lat=here[0] + 0.0018, lng=here[1])
    lat, lng = from_gcj02(*here, "wgs84")  # what the browser reports
    html = get(fengshu, f"/search/?q=食堂&lat={lat:.6f}&lng={lng:.6f}").content.decode()
    titles = [t for _u, t in CARD_LINKS.findall(html)]
    assert titles == ["近处<mark>食堂</mark>", "远处<mark>食堂</mark>"]
    assert re.findall(r"距离 (\d+) 米", html) == ["200", "2002"]


def test_empty_and_bad_queries_get_a_friendly_message(fengshu):
    assert "输入名称、服务或拼音" in get(fengshu, "/search/").content.decode()
    assert "请输入搜索内容。" in get(fengshu, "/search/?q=%20%21%21").content.decode()
    long = get(fengshu, "/search/?q=" + "字" * 101)
    assert long.status_code == 200 and "搜索词最多 100 个字符。" in long.content.decode()
    deep = get(fengshu, "/search/?q=食堂&page=999")
    assert deep.status_code == 200 and "缩小搜索范围" in deep.content.decode()
    assert get(fengshu, "/search/?q=食堂&page=abc").status_code == 200
    bad_point = get(fengshu, "/search/?q=食堂&lat=999&lng=1").content.decode()
    assert "该坐标不在地球上。" in bad_point


def test_a_total_past_the_cap_says_more_than(fengshu, monkeypatch):
    # given more matches than the backend counts (a cap of 3 here, 1,000 in production)
    from commonweal.search.backends import postgres

    monkeypatch.setattr(postgres, "TOTAL_CAP", 3)
    for n in range(5):
        _point(fengshu, n, f"修车点{n:02d}")
    # then the page says "more than 3", not "3"; under the cap the count is exact
    capped = get(fengshu, "/search/?q=修车").content.decode()
    assert re.findall(r'id="result-count">([^<]+)<', capped) == ["超过 3 条结果"]
    # and each facet, counted over those 3 only, says "at least"
    assert re.findall(r'data-kind="service_point">服务点 <span class="n">([^<]+)<', capped) == [
        "3+"
    ]
    exact = get(fengshu, "/search/?q=修车点01").content.decode()
    assert re.findall(r'id="result-count">([^<]+)<', exact) == ["共 1 条结果"]
    assert re.findall(r'data-kind="service_point">服务点 <span class="n">([^<]+)<', exact) == ["1"]
