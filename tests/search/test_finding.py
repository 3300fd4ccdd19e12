"""Search that finds what a resident means, on both backends (issue 13): names indexed with the
item, partial matches ranked after full ones, synonyms, one Earth radius."""

import pytest
from django.db import connection

from commonweal.search.documents import index_document
from commonweal.search.query import build_request
from commonweal.search.selectors import search
from commonweal.welfaremap.categories import ServiceCategory
from tests.fixtures import make_community
from tests.search.fixtures import refresh

# (kind, key, title, body, category, category label)
ITEMS = [
    (
        "service_point",
        "1",
        "赖老师调解室",
        "锦江区成龙路街道",
        "legal_aid",
        ServiceCategory.LEGAL_AID,
    ),
    ("service_point", "2", "家电维修匠人刘师傅", "上门检修", "repair", ServiceCategory.REPAIR),
    ("partner", "3", "社区修鞋匠人王师傅", "在社区开展小修小补", "craftsman", "社区匠人"),
    ("service_point", "4", "社区快剪陈师傅", "为老人义剪", "repair", ServiceCategory.REPAIR),
    ("partner", "5", "佳宏理发店", "低偿理发", "enterprise", "企业/商户"),
    ("service_point", "6", "督院街社区共享食堂", "公益午餐", "canteen", ServiceCategory.CANTEEN),
    ("partner", "7", "春熙老年助餐点", "老年人低偿助餐", "enterprise", "企业/商户"),
    ("campaign", "8", "社区食堂添置餐桌", "为社区食堂募捐", "微基金", ""),
    ("partner", "9", "缝补修理匠人何师傅", "缝补 小家电修理", "craftsman", "社区匠人"),
]


@pytest.fixture
def items(backend):
    connection.set_schema_to_public()
    community = make_community("duyuanjie", name="督院街社区", district="锦江区")
    connection.set_schema_to_public()
    for kind, key, title, body, category, label in ITEMS:
        index_document(
            community=community,
            kind=kind,
            key=key,
            title=title,
            body=body,
            category=category,
            category_name=label,
            url=f"/{kind}/{key}/",
        )
    refresh()
    return community


def titles(query: str, **filters) -> list[str]:
    return [hit.title for hit in search(build_request(query=query, **filters)).hits]


def test_category_and_kind_names_are_searchable(items):
    # 法律援助 is only the category's name (Legal aid and mediation (法律援助)) of 赖老师调解室
    assert titles("法律援助") == ["赖老师调解室"]
    # 服务点 is the kind's name of every service point, newest first among equals
    assert titles("服务点") == [
        "督院街社区共享食堂",
        "社区快剪陈师傅",
        "家电维修匠人刘师傅",
        "赖老师调解室",
    ]


def test_the_community_name_is_searchable(items):
    # 督院街 is in no title or body, only in the community's name
    assert len(titles("督院街", first=50)) == len(ITEMS)
    assert titles("督院街")[0] == "督院街社区共享食堂"


def test_full_matches_rank_before_partial_ones(items):
    # 社区食堂: 社区 / 区食 / 食堂, two of three are enough; the full title match leads
    found = titles("社区食堂")
    assert found[:2] == ["社区食堂添置餐桌", "督院街社区共享食堂"]
    assert "春熙老年助餐点" in found  # a synonym (助餐) of 食堂, with 社区 from its community


def test_synonyms_find_the_other_words(items):
    # 小修小补: the words typed, in full, first: in the category's name (Small repairs (小修小补))
    # of two points (newest first), in 王师傅's body; then a synonym (修理) in a title
    assert titles("小修小补") == [
        "社区快剪陈师傅",
        "家电维修匠人刘师傅",
        "社区修鞋匠人王师傅",
        "缝补修理匠人何师傅",
    ]
    # 理发 finds 快剪 and 义剪, after the words typed
    assert titles("理发") == ["佳宏理发店", "社区快剪陈师傅"]
    # xiuli is the pinyin of 修理 (in a title), and brings its synonyms: 维修 in a title, then
    # 小修小补 in a category's name, then in a body
    assert titles("xiuli") == [
        "缝补修理匠人何师傅",
        "家电维修匠人刘师傅",
        "社区快剪陈师傅",
        "社区修鞋匠人王师傅",
    ]


def test_the_snippet_marks_a_synonym(items):
    (hit, *_rest) = search(build_request(query="理发", kinds=["service_point"])).hits
    assert hit.title == "社区快剪陈师傅"
    assert hit.snippet == "为老人<mark>义剪</mark>"


def test_one_earth_radius_for_the_filter_and_the_distance(backend):
    # given an item 2,678.5 m north of the point (mean Earth radius, as reported)
    connection.set_schema_to_public()
    community = make_community("fengshu", name="枫树社区")
    connection.set_schema_to_public()
    index_document(
        community=community,
        kind="service_point",
        key="1",
        title="社区食堂",
        lat=30.6240883,
        lng=104.1,
    )
    refresh()
    # when searching 2,680 m around the point, then it is found at the distance it reports
    (hit,) = search(build_request(query="食堂", near=(30.6, 104.1), radius_m=2680)).hits
    assert hit.distance_m == 2678.5
    # and 2,678 m leave it out
    assert search(build_request(query="食堂", near=(30.6, 104.1), radius_m=2678)).hits == []
