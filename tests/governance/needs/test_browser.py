"""Chromium at 390×844: a resident raises a need → staff accept it and publish a task → the
partner responds → staff choose it and complete the project → the resident rates it."""

import pytest
from django.db import connection, transaction

from commonweal.governance.needs.models import Need, NeedRating, NeedStatus, Project
from commonweal.microfund.models import GrantCall, Proposal, ProposalStatus
from commonweal.platform.kernel.roles import Role
from tests.browser import page, screenshot, sign_in_as, url  # noqa: F401
from tests.fixtures import make_community, make_member, make_user
from tests.partners.fixtures import in_schema, make_organisation, make_partnership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def square():
    community = make_community("shijian", name="佳宏路社区")
    yield community
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def test_a_need_followed_from_a_phone_to_a_rated_project(live_server, page, square):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    resident = make_member(square, Role.RESIDENT, name="居民张伟")
    staff = make_member(square, Role.STAFF, name="社工李强")
    representative = make_user(name="佳宏物业代表")
    with transaction.atomic():
        partner = make_partnership(
            square,
            organisation=make_organisation(representative, name="四川佳宏物业"),
            office=staff,
        )

    # a resident raises a need
    sign_in_as(page, square, resident)
    page.goto(url(live_server, "/needs/new/", square))
    page.get_by_label("用一句话说说需要什么").fill("时间银行广场缺少座椅")
    page.get_by_label("详细说明").fill("老人散步后没有地方歇脚")
    page.get_by_label("需求类别").select_option("facilities")
    screenshot(page, "needs-raise")
    page.get_by_role("button", name="提交需求").click()
    page.wait_for_url("**/needs/*/")
    assert "谢谢！需求已提交" in page.locator("main").inner_text()
    with in_schema(square):
        need = Need.objects.get()

    # staff accept it and publish a task from it
    sign_in_as(page, square, staff)
    page.goto(url(live_server, need.path, square))
    page.get_by_role("button", name="纳入清单").click()
    page.get_by_label("响应截止").fill("2030-06-30")
    screenshot(page, "needs-triage")
    page.get_by_role("button", name="发布任务").click()
    page.wait_for_url("**/needs/tasks/*/")

    # the property company answers for its partnership
    sign_in_as(page, square, representative)
    page.reload()
    page.get_by_label("承接方案").fill("我们免费安装 4 张座椅")
    page.get_by_role("button", name="提交承接方案").click()
    assert "社区选定后会通知您" in page.locator("main").inner_text()

    # staff choose it and complete the project
    sign_in_as(page, square, staff)
    page.reload()
    page.get_by_label("四川佳宏物业").check()
    page.get_by_role("button", name="选定并启动项目").click()
    page.wait_for_url("**/needs/projects/*/")
    # the money moves through an awarded micro-grant, which staff name on the page
    with in_schema(square):
        call = GrantCall.objects.create(title="微基金第一期", budget=500000)
        Proposal.objects.create(
            call=call,
            title="广场座椅",
            applicant_name="时间广场居民",
            requested=120000,
            awarded=120000,
            status=ProposalStatus.AWARDED,
        )
    page.reload()
    page.get_by_text("资金来源：关联微基金资助").click()
    page.get_by_label("已获资助的微基金项目").select_option(label="广场座椅 · ¥1,200.00")
    page.get_by_role("button", name="保存").click()
    assert "资金来自微基金资助《广场座椅》" in page.locator("main").inner_text()
    screenshot(page, "needs-project-grant")
    page.get_by_role("button", name="标记项目完成").click()
    assert "已完成" in page.locator("main").inner_text()
    screenshot(page, "needs-project")

    # the resident rates the outcome
    sign_in_as(page, square, resident)
    page.goto(url(live_server, need.path, square))
    page.get_by_label("★★★★★", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    assert "谢谢您的评价" in page.locator("main").inner_text()
    screenshot(page, "needs-rated")
    with in_schema(square):
        assert Need.objects.get().status == NeedStatus.RESOLVED
        assert list(NeedRating.objects.values_list("user_id", "score")) == [(resident.pk, 5)]
        assert list(Project.objects.get().partnerships.all()) == [partner]
