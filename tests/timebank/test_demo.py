"""The demo time bank of 佳宏路: its teams, served tasks, merchants' offers — loaded once."""

from commonweal.partners.demo import load as load_partners
from commonweal.platform.kernel.roles import Role
from commonweal.tenants.demo_data import DEMO_COMMUNITIES
from commonweal.timebank import selectors
from commonweal.timebank.demo import load
from commonweal.timebank.models import Offer, Redemption, ServiceRecord, Team
from tests.fixtures import make_community, make_member
from tests.timebank.fixtures import in_schema


def test_jiahonglu_demo_loads_once_through_the_services(db):
    community = make_community("jiahonglu", name="佳宏路社区")
    make_member(community, Role.ADMIN, Role.STAFF, name="陈佳慧")
    data = next(d for d in DEMO_COMMUNITIES if d["slug"] == "jiahonglu")
    with in_schema(community):
        load_partners(community, data)
        load(community, data)
        load(community, data)
        teams = sorted(Team.objects.values_list("name", flat=True))
        records = ServiceRecord.objects.count()
        months = selectors.balance_by_month()
        offers = sorted(Offer.objects.values_list("partnership__organisation__legal_name", "item"))
        held = Redemption.objects.filter(status="held").count()
    assert "春熙嬢嬢" not in teams and "生态环境保护志愿服务队" in teams and len(teams) == 5
    assert records == 25  # five served tasks, five volunteers each
    assert months[-1]["issued"] == 25 * 50  # 佳宏路: 50 points a check-in
    assert offers == sorted(
        [
            ("红旗连锁", "10元购物券"),
            ("红旗连锁", "食用油一桶"),
            ("华西奶业", "鲜牛奶一箱"),
            ("伊利奶业", "酸奶两盒"),
            ("社区义剪匠人孙师傅", "老人义剪一次"),
            ("缝补修理匠人何师傅", "缝补修理一次"),
        ]
    )
    assert held == 4
