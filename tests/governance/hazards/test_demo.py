"""The demo: 红枫's grids and micro-grids, departments, and reports routed into them."""

from django.db import transaction

from commonweal.governance.hazards import demo
from commonweal.governance.hazards.models import Department, Grid, HazardReport
from commonweal.platform.accounts.roles import Role
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
        states = sorted(HazardReport.objects.values_list("state", flat=True))
        bodies = Department.objects.count()

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
    assert states == ["confirmed", "confirmed", "fixed", "fixed", "submitted", "submitted"]
