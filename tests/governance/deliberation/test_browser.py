"""Chromium at 390×844: a resident proposes → a neighbour supports (联名) → staff accept it onto
a meeting's agenda → attendance (a member and someone without a phone) and a vote → the chair
signs the minutes off → the decision's owner reports it done → the proposer rates it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from commonweal.governance.deliberation.models import (
    AgendaItem,
    Decision,
    DecisionRating,
    Meeting,
    Proposal,
    Vote,
)
from commonweal.governance.deliberation.services.rules import settings_update
from commonweal.platform.kernel.roles import Role
from tests.browser import page, screenshot, sign_in_as, url  # noqa: F401
from tests.fixtures import make_community, make_member
from tests.partners.fixtures import in_schema

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def jiahonglu_council():
    community = make_community("yishihui", name="佳宏路社区")
    yield community
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_proposal_followed_from_a_phone_to_a_decision_done(
    live_server,
    page,  # noqa: F811
    jiahonglu_council,
):
    community = jiahonglu_council
    page.set_viewport_size({"width": 390, "height": 844})
    proposer = make_member(community, Role.RESIDENT, name="居民张伟")
    neighbour = make_member(
        community, Role.RESIDENT, name="邻居王芳", email="wangfang@jiahonglu.example.cn"
    )
    staff = make_member(community, Role.STAFF, name="社工李强")
    with in_schema(community):
        settings_update(
            actor=staff,
            community=community,
            support_threshold=1,
            vote_rule="simple",
            quorum=2,
            proposer_roles=[],
            open_votes=False,
        )

    # 提议题: a resident proposes
    sign_in_as(page, community, proposer)
    page.goto(url(live_server, "/deliberation/", community))
    page.get_by_role("link", name="我要提议题").click()
    page.get_by_label("议题（一句话概括）").fill("大观苑新建地面非机动车棚")
    page.get_by_label("背景：遇到了什么问题？").fill("负一层车库坡陡弯急，推车容易摔倒")
    page.get_by_label("您的建议是什么？").fill("在地面闲置区域新建车棚")
    page.get_by_label("涉及范围").select_option("place")
    page.get_by_label("院落或地点").fill("大观苑")
    screenshot(page, "deliberation-propose")
    page.get_by_role("button", name="发布议题").click()
    page.wait_for_url("**/deliberation/proposals/*/")
    assert "邻居现在可以联名支持" in page.locator("main").inner_text()

    # a neighbour supports it: the threshold sends it to review
    sign_in_as(page, community, neighbour)
    page.reload()
    page.get_by_role("button", name="联名支持").click()
    assert "审议中" in page.locator("main").inner_text()
    screenshot(page, "deliberation-supported")

    # 审议题: staff schedule the council and accept the proposal onto its agenda
    sign_in_as(page, community, staff)
    page.goto(url(live_server, "/deliberation/meetings/new/", community))
    page.get_by_label("标题").fill("居民议事会")
    page.get_by_label("会议类型").select_option("council")
    page.get_by_label("开始时间").fill(_local(timezone.now() + timedelta(days=1)))
    page.get_by_label("地点").fill("党群服务中心议事厅")
    page.get_by_role("button", name="安排").click()
    page.wait_for_url("**/deliberation/meetings/*/")
    with in_schema(community):
        meeting = Meeting.objects.get()
        proposal = Proposal.objects.get()
    page.goto(url(live_server, proposal.path, community))
    page.get_by_role("button", name="列入议程").click()
    assert "已列入议程" in page.locator("main").inner_text()

    # 议议题: attendance, a vote opened now, the neighbour votes
    page.goto(url(live_server, meeting.path, community))
    page.get_by_label("居民的手机号或邮箱").fill(neighbour.email)
    page.get_by_role("button", name="登记到会").click()
    page.get_by_label("或没有手机的到会者姓名").fill("王婆婆")
    page.get_by_role("button", name="登记到会").click()
    assert "到会 2 人" in page.locator("main").inner_text()
    page.get_by_text("讨论记录和表决").click()
    with in_schema(community):
        item = AgendaItem.objects.get()
    page.locator(f"#item{item.pk}_notes").fill("物业承担施工，微基金补足差额")
    page.locator(f"#item{item.pk}_vote_opens_at").fill(_local(timezone.now()))
    page.locator(f"#item{item.pk}_vote_closes_at").fill(_local(timezone.now() + timedelta(hours=1)))
    page.get_by_role("button", name="保存", exact=True).click()
    sign_in_as(page, community, neighbour)
    page.reload()
    screenshot(page, "deliberation-vote")
    page.get_by_role("button", name="赞成").click()
    assert "您的表决已记录" in page.locator("main").inner_text()

    # staff close the vote, record the meeting held and its minutes; the chair signs off
    sign_in_as(page, community, staff)
    page.reload()
    page.get_by_role("button", name="结束表决并计票").click()
    main = page.locator("main").inner_text()
    assert "赞成 1 · 反对 0 · 弃权 0 · 到会 2 人（法定人数 2）" in main
    page.get_by_role("button", name="会议已召开").click()
    page.locator("textarea[name=minutes]").fill("到会 2 人，表决通过新建车棚。")
    page.get_by_role("button", name="保存会议纪要").click()
    page.get_by_role("button", name="签发并公开会议纪要").click()
    assert "会议纪要已公开" in page.locator("main").inner_text()
    screenshot(page, "deliberation-minutes")

    # 落议题: a decision owned by the neighbour, reported done, rated by the proposer
    page.get_by_text("形成决议").click()
    page.get_by_label("决议内容").fill("新建大观苑地面车棚")
    page.get_by_label("责任人的手机号或邮箱").fill(neighbour.email)
    page.get_by_label("完成期限").fill(str(timezone.localdate() + timedelta(days=30)))
    page.get_by_role("button", name="保存决议").click()
    assert "决议已记录" in page.locator("main").inner_text()
    with in_schema(community):
        decision = Decision.objects.get()
    sign_in_as(page, community, neighbour)
    page.goto(url(live_server, decision.path, community))
    page.get_by_label("进展").fill("车棚已建成投用")
    page.get_by_role("button", name="已完成").click()
    assert "已报告完成" in page.locator("main").inner_text()
    sign_in_as(page, community, proposer)
    page.reload()
    page.get_by_label("★★★★★", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    assert "谢谢您的评价" in page.locator("main").inner_text()
    screenshot(page, "deliberation-decision")

    with in_schema(community):
        assert Proposal.objects.get().status == "decided"
        assert list(Vote.objects.values_list("voter_id", "choice")) == [(neighbour.pk, "for")]
        assert AgendaItem.objects.get().outcome == "adopted"
        assert Meeting.objects.get().status == "published"
        assert (Decision.objects.get().status, Decision.objects.get().progress) == (
            "done",
            "车棚已建成投用",
        )
        assert list(DecisionRating.objects.values_list("user_id", "score")) == [(proposer.pk, 5)]


def test_plans_voted_on_a_phone_and_a_department_confirms_without_an_account(
    live_server,
    page,  # noqa: F811
    jiahonglu_council,
):
    """Staff put the shed plans (方案一/二/三) to a vote from the meeting's page, a member
    present picks one, the tally shows as bars; the invited department confirms (报到) through
    its link; a Chinese question as a label reads without a colon after its question mark."""
    from commonweal.governance.deliberation.models import MeetingInvitation, VoteOption
    from commonweal.governance.deliberation.services import invitations
    from commonweal.governance.deliberation.services import meetings as meeting_services
    from commonweal.governance.hazards.services.departments import department_create

    community = jiahonglu_council
    page.set_viewport_size({"width": 390, "height": 844})
    staff = make_member(community, Role.STAFF, name="社工李强")
    voter = make_member(community, Role.RESIDENT, name="邻居王芳")
    with in_schema(community):
        settings_update(
            actor=staff,
            community=community,
            support_threshold=1,
            vote_rule="simple",
            quorum=1,
            proposer_roles=[],
            open_votes=False,
        )
        meeting = meeting_services.meeting_schedule(
            actor=staff,
            community=community,
            title="大观苑坝坝会",
            kind="courtyard",
            starts_at=timezone.now() + timedelta(days=1),
            place="大观苑中庭",
        )
        meeting_services.attendance_record(
            actor=staff, community=community, meeting=meeting, user=voter
        )
        bureau = department_create(
            actor=staff, name="区城市管理局", email="chengguan@jiahonglu.example.cn"
        )

    # The proposal form's questions read as questions (no "？:").
    sign_in_as(page, community, voter)
    page.goto(url(live_server, "/deliberation/proposals/new/", community))
    assert page.locator("label[for=id_proposal]").inner_text() == "您的建议是什么？"
    assert page.locator("label[for=id_background]").inner_text() == "背景：遇到了什么问题？"
    screenshot(page, "deliberation-propose-labels")

    # Staff add the item with its plans and a vote open now, and invite the department.
    sign_in_as(page, community, staff)
    page.goto(url(live_server, meeting.path, community))
    page.get_by_text("增加议程").click()
    page.get_by_label("议程事项").fill("大观苑非机动车停放方案")
    page.get_by_label("表决开始时间（不表决则留空）").fill(_local(timezone.now()))
    page.get_by_label("表决截止时间").fill(_local(timezone.now() + timedelta(hours=1)))
    page.get_by_label("表决方案").fill(
        "方案一：地面新建车棚\n方案二：改造负一层坡道\n方案三：维持现状"
    )
    page.get_by_role("button", name="增加", exact=True).click()
    assert (
        "方案一：地面新建车棚 / 方案二：改造负一层坡道 / 方案三：维持现状"
        in page.locator("main").inner_text()
    )
    page.get_by_label("或邀请职能部门（通过邮件发送报到链接）").select_option(str(bureau.pk))
    page.get_by_role("button", name="邀请", exact=True).click()
    assert "尚未报到" in page.locator("main").inner_text()

    # The member present picks a plan.
    sign_in_as(page, community, voter)
    page.reload()
    screenshot(page, "deliberation-plans-vote")
    page.get_by_role("button", name="方案二：改造负一层坡道").click()
    assert "您的表决已记录" in page.locator("main").inner_text()

    # Staff close the vote: the bars show the plan adopted.
    sign_in_as(page, community, staff)
    page.reload()
    page.get_by_role("button", name="结束表决并计票").click()
    bars = page.locator(".option-bars li")
    assert bars.count() == 3
    assert (
        page.locator(".option-bars .winner .option-label").inner_text() == "方案二：改造负一层坡道"
    )
    assert "1 票 · 100%" in page.locator(".option-bars .winner").inner_text()
    box = page.locator(".option-bars .winner .bar").bounding_box()
    assert box["width"] > 250  # the whole row: one vote of one
    screenshot(page, "deliberation-plans-result")

    # The department confirms through its link, without an account.
    with in_schema(community):
        invitation = MeetingInvitation.objects.get(department=bureau)
        path = invitations.confirm_path(invitation)
    page.context.clear_cookies()
    page.goto(url(live_server, path, community))
    page.get_by_label("参会人员或想对社区说的话").fill("派城管执法中队一名队员参会")
    page.get_by_role("button", name="确认参会（报到）").click()
    assert "谢谢，已确认参会（报到）" in page.locator("main").inner_text()
    screenshot(page, "deliberation-department-confirmed")
    page.goto(url(live_server, path[:-4] + "xyz/", community))
    assert "该链接无效" in page.locator("main").inner_text()

    with in_schema(community):
        assert [(o.label, o.votes) for o in VoteOption.objects.order_by("position")] == [
            ("方案一：地面新建车棚", 0),
            ("方案二：改造负一层坡道", 1),
            ("方案三：维持现状", 0),
        ]
        assert AgendaItem.objects.get().outcome == "adopted"
        assert MeetingInvitation.objects.get(pk=invitation.pk).confirmation_note == (
            "派城管执法中队一名队员参会"
        )
