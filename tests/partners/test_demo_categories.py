"""Demo partners' service points are filed where a resident would look for them."""

import pytest

from commonweal.partners.demo import EXTRA_FENGSHU, category_for
from commonweal.tenants.demo_data import DEMO_PARTNERS


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("社区营养师孙老师", "clinic"),
        ("社区理疗师何医生", "clinic"),
        ("义诊医生吴医生", "clinic"),
        ("辖区公益律师张律师", "legal_aid"),
        ("社区律师赵律师", "legal_aid"),
        ("社区心理咨询师周老师", "community_service"),
        ("社区修鞋匠人王师傅", "repair"),
        ("社区快剪陈师傅", "convenience_retail"),
        ("退休教师吴老师", "culture"),
        ("人大代表工作室", "community_service"),
    ],
)
def test_demo_professionals_and_craftsmen_are_in_the_right_category(name, expected):
    entries = {n: (k, o) for n, k, _t, o in EXTRA_FENGSHU}
    for partners in DEMO_PARTNERS.values():
        entries.update({p["name"]: (p["kind"], p.get("offers", [])) for p in partners})
    kind, offers = entries[name]
    assert category_for(kind, name, offers) == expected


def test_only_lawyers_and_mediators_are_legal_aid():
    legal = sorted(
        p["name"]
        for partners in DEMO_PARTNERS.values()
        for p in partners
        if p["kind"] != "enterprise"
        and category_for(p["kind"], p["name"], p.get("offers", [])) == "legal_aid"
    )
    assert legal == [
        "公益律师郑律师",
        "社区律师赵律师",
        "萍妹儿解忧站",
        "赖老师调解室",
        "辖区公益律师张律师",
    ]
