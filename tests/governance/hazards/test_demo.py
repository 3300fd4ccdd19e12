"""The demo: 红枫's grids and micro-grids, departments, and reports routed into them."""

from collections import Counter

from django.db import transaction

from commonweal.governance.hazards import demo
from commonweal.governance.hazards.models import (
    Campaign,
    CampaignItem,
    Department,
    Grid,
    HazardReport,
)
from commonweal.platform.kernel.roles import Role
from commonweal.tenants.demo_data import DEMO_COMMUNITIES
from tests.fixtures import make_member
from tests.partners.fixtures import in_schema

FENGSHU = next(c for c in DEMO_COMMUNITIES if c["slug"] == "fengshu")


def test_the_fengshu_demo_draws_grids_and_routes_its_reports_once(fengshu):
    make_member(fengshu, Role.ADMIN, name="周雨桐")

    with in_schema(fengshu), transaction.atomic():
        demo.load(fengshu, FENGSHU)
        demo.load(fengshu, FENGSHU)
    with in_schema(fengshu):
        grids = dict(Grid.objects.values_list("name", "parent__name"))
        routed = dict(HazardReport.objects.values_list("place", "grid__name"))
        states = Counter(HazardReport.objects.values_list("state", flat=True))
        bodies = Department.objects.count()
        campaigns = Counter(Campaign.objects.values_list("status", flat=True))
        current = Campaign.objects.get(status="open")
        visits = Counter(
            CampaignItem.objects.filter(campaign=current).values_list("outcome", flat=True)
        )
        found = CampaignItem.objects.select_related("report").get(
            campaign=current, outcome="hazard"
        )

    assert grids == {
        "红枫第一网格": None,
        "枫林苑微网格": "红枫第一网格",
        "红枫第二网格": None,
        "枫香园微网格": "红枫第二网格",
        "红枫第三网格": None,
    }
    assert routed["枫林苑3栋"] == "枫林苑微网格"
    assert routed["红枫路口"] == "枫香园微网格"
    assert routed["红枫第三网格8栋"] == "红枫第三网格"
    assert bodies == 4
    # The seed's figures: 2,352 reports, 225 hazards dealt with, 25 campaigns.
    assert sum(states.values()) == 2352
    assert states == {"fixed": 225, "not_a_hazard": 2122, "confirmed": 2, "submitted": 3}
    assert campaigns == {"closed": 24, "open": 1}
    assert current.title == "燃气安全入户检查（第13期）"
    # 96 + 88 + 92 households; 40 visited in each grid, the 9th, 18th … nobody at home.
    assert visits == {"done": 3 * 36, "not_home": 3 * 4, "hazard": 1, "pending": 276 - 121}
    assert found.report.state == "submitted"
    assert found.report.place == found.label
