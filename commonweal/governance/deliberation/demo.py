"""Demo deliberation drawn from the seed documents (有事好协商 · 联席会).

佳宏路 (seed 000): "提议题-审议题-议议题-落议题" — the steep bicycle garage of 大观苑 raised at a
坝坝会, deliberated at the 居民议事会 and carried out; the 监控 upgrade and the idle-room
activity room gathering support; the 党建联席会 that set the 大观湖 ecology plan. 督院街
(seed 001): the "创・督院" 党建联席会, held 4 times. 枫树 (seed 003): the partners' joint
meeting with a rotating chair (轮值); the next joint meeting takes a resident need onto its
agenda and the city-management department has confirmed (报到) through its link; 大观苑's 坝坝会
chose among the shed plans (方案一/二/三) by vote. Loaded through the services; only the
meetings' dates are moved into the past afterwards, since a meeting is always scheduled in the
future.
"""

from datetime import timedelta

from django.utils import timezone

from commonweal.governance.deliberation.models import Meeting, Proposal
from commonweal.governance.deliberation.services import decisions as decision_services
from commonweal.governance.deliberation.services import invitations
from commonweal.governance.deliberation.services import meetings as meeting_services
from commonweal.governance.deliberation.services import proposals as proposal_services
from commonweal.governance.deliberation.services import votes as vote_services
from commonweal.governance.deliberation.services.rules import settings_update
from commonweal.partners.registry.models import PartnerRepresentative
from commonweal.platform.accounts.models import Membership, User
from commonweal.platform.accounts.services import membership_add
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role

COUNCIL = ["王建国", "李秀英", "张志强", "刘桂兰", "陈明", "杨丽华", "赵德顺"]

# (title, background, proposal, place, how far it goes)
PROPOSALS = {
    "jiahonglu": [
        (
            "大观苑非机动车库坡陡弯急，新建地面车棚",
            "负一、负二层非机动车库坡陡弯急，推车上下容易摔倒；坝坝会上居民反映强烈。",
            "在大观苑地面闲置区域新建非机动车棚，物业负责施工，社区协调资金。",
            "大观苑",
            "done",
        ),
        (
            "比华利二期监控系统改造",
            "监控画面模糊，夜间看不清出入口。",
            "由业委会、物业与社区共同商议监控改造方案和费用分摊。",
            "比华利二期",
            "in_review",
        ),
        (
            "利用闲置空间打造居民活动室",
            "小区有一处闲置架空层，常年堆放杂物。",
            "清理后改造成居民活动室，由志愿者轮流管理。",
            "",
            "proposed",
        ),
    ],
    "duyuanjie": [
        (
            "老旧院落改造方案",
            "53 个居民院落中不少房屋老化，楼道、管网需要改造。",
            "通过党建联席会与辖区单位、居民代表共同商讨改造方案，整合各方资源。",
            "",
            "done",
        ),
    ],
    "fengshu": [
        (
            "完整社区建设：共建一老一小服务设施",
            "城市体检和坝坝会梳理出养老、托育需求。",
            "由合伙人联席会议轮值单位牵头，对接联建资源。",
            "",
            "in_review",
        ),
    ],
}
JOINT_MEETINGS = {"jiahonglu": 1, "duyuanjie": 4, "fengshu": 3}
# 佳宏路 (seed 000): the 坝坝会 that chose among the bicycle-shed plans (方案征集) by vote.
SHED_PLANS = [
    "方案一：地面闲置区域新建车棚",
    "方案二：改造负一层车库坡道",
    "方案三：维持现状，加装扶手",
]
# The department invited to the next joint meeting (the hazards demo creates it).
INVITED_DEPARTMENT, DEPARTMENT_ANSWER = "区城市管理局", "派城管执法中队一名队员参会"


def _council(community) -> list[User]:
    people = []
    for index, name in enumerate(COUNCIL):
        phone = f"137{sum(map(ord, community.slug)) % 1000:03d}{index:05d}"
        user = User.objects.filter(phone=phone).first() or User.objects.create_user(
            None, f"{community.slug}-council-demo", phone=phone, display_name=name
        )
        if not Membership.objects.filter(user=user, community=community).exists():
            membership_add(community=community, user=user, roles=[Role.RESIDENT])
        people.append(user)
    return people


def _office(community):
    membership = (
        Membership.objects.filter(community=community, roles__contains=["admin"])
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _held(community, staff, meeting, people, item, votes_for):
    """Attendance, votes, minutes signed off by the chair (the staff member)."""
    for person in people:
        meeting_services.attendance_record(
            actor=staff, community=community, meeting=meeting, user=person
        )
    meeting_services.attendance_record(
        actor=staff, community=community, meeting=meeting, name="院落长周婆婆"
    )
    if item is not None:
        for index, person in enumerate(people):
            choice = "for" if index < votes_for else "abstain"
            vote_services.vote_cast(actor=person, community=community, item=item, choice=choice)
        vote_services.vote_tally(actor=staff, community=community, item=item)
    meeting_services.meeting_hold(actor=staff, community=community, meeting=meeting)
    meeting_services.minutes_write(
        actor=staff,
        community=community,
        meeting=meeting,
        minutes=f"{meeting.title}：到会 {len(people) + 1} 人，逐项讨论议程，表决结果见各议题。",
    )
    chair = _chair(meeting)
    if chair is not None:  # a chairing partner without an account leaves them to sign
        meeting_services.minutes_sign_off(actor=chair, community=community, meeting=meeting)


def _chair(meeting):
    if meeting.chair_partnership_id is None:
        return meeting.chair
    link = PartnerRepresentative.objects.filter(
        organisation_id=meeting.chair_partnership.organisation_id
    ).first()
    return link.user if link else None


def load(community, data) -> None:
    if Proposal.objects.exists() or Meeting.objects.exists():
        return
    staff = _office(community)
    if staff is None:
        return
    settings_update(
        actor=staff,
        community=community,
        support_threshold=5,
        vote_rule="simple",
        quorum=5,
        proposer_roles=[],
        open_votes=False,
    )
    people = _council(community)
    now = timezone.now()
    today = timezone.localdate()
    past = []
    for title, background, text, place, goal in PROPOSALS.get(data["slug"], []):
        proposal = proposal_services.proposal_submit(
            actor=people[0],
            community=community,
            roles={Role.RESIDENT},
            title=title,
            background=background,
            proposal=text,
            scope="place" if place else "community",
            place=place,
        )
        supporters = people[1:] if goal != "proposed" else people[1:3]
        for person in supporters:
            proposal = proposal_services.proposal_support(
                actor=person, community=community, proposal=proposal
            )
        if goal != "done":
            continue
        meeting = meeting_services.meeting_schedule(
            actor=staff,
            community=community,
            title="居民议事会",
            kind="council",
            starts_at=now + timedelta(hours=1),
            place="党群服务中心议事厅",
        )
        proposal_services.proposal_accept(
            actor=staff, community=community, proposal=proposal, meeting=meeting
        )
        item = meeting.items.get()
        meeting_services.item_update(
            actor=staff,
            community=community,
            item=item,
            notes="居民代表、物业、社区逐一发言；物业承担施工，微基金补足差额。",
            vote_opens_at=now - timedelta(minutes=5),
            vote_closes_at=now + timedelta(hours=1),
        )
        _held(community, staff, meeting, people[:6], item, votes_for=5)
        decision = decision_services.decision_create(
            actor=staff,
            community=community,
            item=item,
            title=title[:40],
            owners=[staff],
            due_on=today + timedelta(days=30),
        )
        decision_services.decision_complete(
            actor=staff, roles={Role.STAFF}, community=community, decision=decision, note="已完工"
        )
        past.append((meeting, 40))
    for n in range(JOINT_MEETINGS.get(data["slug"], 0)):
        try:
            meeting = meeting_services.meeting_schedule(
                actor=staff,
                community=community,
                title=f"党建联席会（第{n + 1}次）",
                kind="joint",
                starts_at=now + timedelta(hours=1),
                place="党群服务中心",
            )
        except DomainError:  # a demo community without active partners
            break
        item = meeting_services.item_add(
            actor=staff, community=community, meeting=meeting, title="辖区共建事项通报"
        )
        _held(community, staff, meeting, people[:5], None, 0)
        if n == 0 and data["slug"] == "jiahonglu":
            decision_services.decision_create(
                actor=staff,
                community=community,
                item=item,
                title="落实《大观湖生态环境治理方案》",
                owners=[staff],
                due_on=today + timedelta(days=60),
            )
        past.append((meeting, 30 * (JOINT_MEETINGS[data["slug"]] - n)))
    if data["slug"] == "jiahonglu":
        past.append((_plans_vote(community, staff, people, now), 50))
    _next_joint_meeting(community, staff, now)
    for meeting, days_ago in past:
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=now - timedelta(days=days_ago))


def _plans_vote(community, staff, people, now):
    """A 坝坝会 votes among the plans (5 · 1 · 1 of the 7 present): 方案一 is adopted."""
    meeting = meeting_services.meeting_schedule(
        actor=staff,
        community=community,
        title="大观苑坝坝会：车棚方案征集",
        kind="courtyard",
        starts_at=now + timedelta(hours=1),
        place="大观苑中庭",
    )
    item = meeting_services.item_add(
        actor=staff,
        community=community,
        meeting=meeting,
        title="大观苑非机动车停放方案",
        vote_opens_at=now - timedelta(minutes=5),
        vote_closes_at=now + timedelta(hours=1),
        options=SHED_PLANS,
    )
    options = list(item.options.order_by("position"))
    for person in people:
        meeting_services.attendance_record(
            actor=staff, community=community, meeting=meeting, user=person
        )
    for index, person in enumerate(people):
        chosen = options[0] if index < 5 else options[index - 4]
        vote_services.vote_cast(actor=person, community=community, item=item, option_id=chosen.pk)
    vote_services.vote_tally(actor=staff, community=community, item=item)
    meeting_services.meeting_hold(actor=staff, community=community, meeting=meeting)
    meeting_services.minutes_write(
        actor=staff,
        community=community,
        meeting=meeting,
        minutes="到会 7 人，表决选定方案一：在大观苑地面闲置区域新建车棚，提交居民议事会议定。",
    )
    meeting_services.minutes_sign_off(actor=staff, community=community, meeting=meeting)
    return meeting


def _next_joint_meeting(community, staff, now) -> None:
    """The next joint meeting takes a public need of the needs list onto its agenda and
    invites the city-management department, which has confirmed (报到) through its link."""
    from commonweal.governance.hazards.models import Department
    from commonweal.governance.needs.models import Need
    from commonweal.governance.needs.services.needs import OPEN_STATUSES, PUBLIC_STATUSES

    need = (
        Need.objects.filter(status__in=set(OPEN_STATUSES) & set(PUBLIC_STATUSES))
        .order_by("pk")
        .first()
    )
    try:
        meeting = meeting_services.meeting_schedule(
            actor=staff,
            community=community,
            title="党建联席会（下一次）",
            kind="joint",
            starts_at=now + timedelta(days=7),
            place="党群服务中心",
        )
    except DomainError:  # a demo community without active partners
        return
    if need is not None:
        meeting_services.item_add(actor=staff, community=community, meeting=meeting, need=need)
    department = Department.objects.filter(name=INVITED_DEPARTMENT).first()
    if department is not None:
        meeting_services.meeting_invite(
            actor=staff, community=community, meeting=meeting, departments=[department]
        )
        invitation = meeting.invitations.get(department=department)
        invitations.attendance_confirm(
            community=community, token=invitations.token_for(invitation), note=DEPARTMENT_ANSWER
        )
