"""Chromium at 390×844: a resident reports a gas smell with a tap on the map → the grid worker
confirms it → the escalation job moves it up to the gas company → the company answers through
its e-mailed link (报到) → the grid worker marks it fixed → the resident is told."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.db import connection, transaction

from commonweal.governance.hazards.models import CheckIn, HazardReport, Level, ReportState
from commonweal.governance.hazards.services import departments, grids
from commonweal.governance.hazards.tasks import email_department, escalate_community
from commonweal.platform.kernel.roles import Role
from commonweal.platform.notifications.models import Notification
from commonweal.timebank.points import balance_of
from tests.browser import page, screenshot, sign_in_as, url  # noqa: F401
from tests.fixtures import make_community, make_member
from tests.partners.fixtures import in_schema

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hongfeng():
    community = make_community("hongfeng", name="红枫社区")
    yield community
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def test_a_hazard_followed_from_a_phone_to_its_fix(live_server, page, hongfeng):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    resident = make_member(hongfeng, Role.RESIDENT, name="居民张伟")
    worker = make_member(hongfeng, Role.GRID_WORKER, name="网格员小陈")
    lat, lng = hongfeng.centre_lat, hongfeng.centre_lng
    with in_schema(hongfeng), transaction.atomic():
        grid = grids.grid_draw(
            actor=None,
            name="红枫第一网格",
            rings=[
                [
                    (lat - 0.02, lng - 0.02),
                    (lat - 0.02, lng + 0.02),
                    (lat + 0.02, lng + 0.02),
                    (lat + 0.02, lng - 0.02),
                ]
            ],
        )
        grids.grid_member_set(actor=None, community=hongfeng, grid=grid, user=worker, role="worker")
        departments.department_create(
            actor=None, name="成华燃气公司", email="gas@chenghua.example.cn", categories=["gas"]
        )

    # a resident reports a gas smell, tapping the place on the map
    sign_in_as(page, hongfeng, resident)
    page.goto(url(live_server, "/hazards/", hongfeng))
    page.get_by_role("link", name="随手报隐患").click()
    page.get_by_label("隐患类别").select_option("gas")
    canvas = page.locator(".map-picker-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 20, box["y"] + box["height"] / 2 - 10)
    page.get_by_label("一句话说明隐患").fill("3栋楼道里有燃气味")
    screenshot(page, "hazards-report")
    page.get_by_role("button", name="提交上报").click()
    page.wait_for_url("**/hazards/*/")
    assert "谢谢！已提交给网格员。" in page.locator("main").inner_text()
    with in_schema(hongfeng):
        report = HazardReport.objects.get()
    assert (report.grid_id, report.state) == (grid.pk, ReportState.SUBMITTED)

    # the grid worker confirms it from the queue
    sign_in_as(page, hongfeng, worker)
    page.goto(url(live_server, "/hazards/?view=queue", hongfeng))
    page.get_by_role("link", name="燃气隐患").click()
    page.get_by_role("button", name="核实隐患").click()
    assert "已核实，已通知上报人。" in page.locator("main").inner_text()
    screenshot(page, "hazards-confirmed")

    # nobody fixes it in time: the job moves it up, level by level, to the gas company
    escalate_community(hongfeng, now=report.created_at + dt.timedelta(days=30))
    with in_schema(hongfeng):
        report = HazardReport.objects.get()
    assert (report.level, report.state) == (Level.DEPARTMENT, ReportState.REFERRED)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT args FROM procrastinate_jobs WHERE task_name = %s",
            [email_department.name],
        )
        (deferred,) = [json.loads(row[0]) for row in cursor.fetchall()]
    # Playwright's event loop runs in this thread, so the job is run as the worker would.
    mail.outbox.clear()
    email_department(**deferred)
    (letter,) = [m for m in mail.outbox if m.to == ["gas@chenghua.example.cn"]]
    link = letter.body.strip().splitlines()[-1]

    # the company opens its link without an account and reports for duty
    sign_in_as(page, hongfeng, None)
    page.goto(link.replace("http://hongfeng.localhost", url(live_server, "", hongfeng)))
    page.get_by_label("处理情况或答复").fill("已派维修工上门检查")
    page.get_by_role("button", name="报到并答复").click()
    assert "已记录您的答复" in page.locator("main").inner_text()
    screenshot(page, "hazards-department")

    # the grid worker records the fix
    sign_in_as(page, hongfeng, worker)
    page.goto(url(live_server, report.path, hongfeng))
    page.get_by_label("处理情况或答复").fill("已更换阀门")
    page.get_by_role("button", name="标记已整改").click()
    assert "已整改，已通知上报人。" in page.locator("main").inner_text()

    # the resident is told, and sees it fixed among their reports
    sign_in_as(page, hongfeng, resident)
    page.goto(url(live_server, "/hazards/?view=mine", hongfeng))
    assert "已整改" in page.locator("main").inner_text()
    screenshot(page, "hazards-mine")
    with in_schema(hongfeng):
        assert HazardReport.objects.get().state == ReportState.FIXED
        assert CheckIn.objects.get().note == "已派维修工上门检查"
        assert balance_of(resident.pk) == 10
    told = Notification.objects.filter(user=resident, kind="hazard.state").order_by("pk")
    assert [n.title for n in told][-1] == "您上报的隐患现在：已整改"
