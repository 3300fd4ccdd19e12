"""议议题 → 落议题: rotating chairs of joint meetings, minutes signed off by the chair,
decisions followed to done and rated."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commonweal.governance.deliberation.error_codes import DeliberationErrorCode
from commonweal.governance.deliberation.models import (
    Attendance,
    DecisionTransition,
    Meeting,
    MeetingInvitation,
    MeetingTransition,
    Proposal,
)
from commonweal.governance.deliberation.services import decisions as decision_services
from commonweal.governance.deliberation.services import meetings as meeting_services
from commonweal.governance.deliberation.services import proposals as proposal_services
from commonweal.governance.deliberation.tasks import flag_overdue
from commonweal.governance.needs.models import NeedStatus
from commonweal.partners.models import PartnershipStatus
from commonweal.partners.services import partnerships
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role
from commonweal.platform.notifications.models import Notification
from tests.governance.deliberation.fixtures import meeting, open_item, propose, set_rules, vote_with
from tests.governance.needs.fixtures import need_in
from tests.partners.fixtures import in_schema, make_organisation, make_partnership


def _exit(community, partnership, office):
    with in_schema(community):
        partnerships._move(
            community=community,
            actor=office,
            partnership=partnership,
            verb="exit",
            reason="退出联盟",
        )


def test_joint_meetings_rotate_the_chair_in_order_skipping_exited_partners(fengshu, council):
    names = ["四川佳宏物业", "红旗连锁", "社区卫生服务中心", "成都市某社工机构"]
    partners = [
        make_partnership(fengshu, organisation=make_organisation(name=n), office=council.staff)
        for n in names
    ]
    chairs = []
    for n in range(3):
        chairs.append(meeting(fengshu, council.staff, kind="joint", title=f"党建联席会{n}"))
    # The third partner exits before its second turn; the first after its first turn.
    _exit(fengshu, partners[2], council.staff)
    _exit(fengshu, partners[0], council.staff)
    for n in range(3, 7):
        chairs.append(meeting(fengshu, council.staff, kind="joint", title=f"党建联席会{n}"))
    order = [m.chair_partnership_id for m in chairs]
    p = [x.pk for x in partners]
    assert order == [p[0], p[1], p[2], p[3], p[1], p[3], p[1]]
    with in_schema(fengshu):
        # The active partners of the day are invited; the chair is no person but the partner.
        last = Meeting.objects.get(pk=chairs[-1].pk)
        assert last.chair_id is None
        assert sorted(
            MeetingInvitation.objects.filter(meeting=last).values_list("partnership_id", flat=True)
        ) == [p[1], p[3]]


def test_a_joint_meeting_needs_an_active_partner(fengshu, council):
    with pytest.raises(DomainError) as refused:
        meeting(fengshu, council.staff, kind="joint")
    assert refused.value.code == DeliberationErrorCode.NO_ACTIVE_PARTNERS
    with in_schema(fengshu):
        assert Meeting.objects.count() == 0


def test_a_cancelled_turn_is_taken_again(fengshu, council):
    first, second = (
        make_partnership(fengshu, office=council.staff),
        make_partnership(fengshu, office=council.staff),
    )
    cancelled = meeting(fengshu, council.staff, kind="joint")
    with in_schema(fengshu):
        meeting_services.meeting_cancel(
            actor=council.staff, community=fengshu, meeting=cancelled, reason="台风"
        )
    again = meeting(fengshu, council.staff, kind="joint")
    assert (cancelled.chair_partnership_id, again.chair_partnership_id) == (first.pk, first.pk)
    assert meeting(fengshu, council.staff, kind="joint").chair_partnership_id == second.pk


def test_attendance_counts_each_person_once_also_without_a_phone(fengshu, council):
    held = meeting(fengshu, council.staff)
    with in_schema(fengshu):
        record = meeting_services.attendance_record
        record(actor=council.staff, community=fengshu, meeting=held, user=council.members[0])
        record(actor=council.staff, community=fengshu, meeting=held, name="王婆婆")
        for kwargs in ({"user": council.members[0]}, {"name": " 王婆婆 "}):
            with pytest.raises(DomainError) as refused:
                record(actor=council.staff, community=fengshu, meeting=held, **kwargs)
            assert refused.value.code == DeliberationErrorCode.ALREADY_PRESENT
        assert list(Attendance.objects.values_list("name", flat=True)) == ["议事会成员0", "王婆婆"]


def test_minutes_are_published_by_the_chair_only_after_every_vote_is_tallied(fengshu, council):
    set_rules(fengshu, quorum=3, support_threshold=1)
    proposal = propose(fengshu, council.proposer)
    held = meeting(fengshu, council.staff, chair=council.admin)
    with in_schema(fengshu):
        proposal = proposal_services.proposal_accept(
            actor=council.staff, community=fengshu, proposal=proposal, meeting=held
        )
        (item,) = held.items.all()
        meeting_services.item_update(
            actor=council.staff,
            community=fengshu,
            item=item,
            notes="物业同意配合，费用由微基金列支",
            vote_opens_at=timezone.now() - timedelta(minutes=1),
            vote_closes_at=timezone.now() + timedelta(hours=1),
        )
        item.refresh_from_db()
        meeting_services.meeting_hold(actor=council.staff, community=fengshu, meeting=held)

        def sign(actor):
            with pytest.raises(DomainError) as refused:
                meeting_services.minutes_sign_off(actor=actor, community=fengshu, meeting=held)
            return refused.value.code

        assert sign(council.admin) == DeliberationErrorCode.MINUTES_REQUIRED
        meeting_services.minutes_write(
            actor=council.staff, community=fengshu, meeting=held, minutes="到会 3 人，表决通过。"
        )
        assert sign(council.staff) == DeliberationErrorCode.NOT_THE_CHAIR
        assert sign(council.admin) == DeliberationErrorCode.VOTES_NOT_TALLIED
        assert Meeting.objects.get(pk=held.pk).status == "held"
    tallied = vote_with(
        fengshu, item, present=council.members[:3], staff=council.staff, **{"for": 3}
    )
    assert tallied.outcome == "adopted"
    with in_schema(fengshu):
        published = meeting_services.minutes_sign_off(
            actor=council.admin, community=fengshu, meeting=held
        )
        assert (published.status, published.minutes_signed_by_id) == ("published", council.admin.pk)
        assert Proposal.objects.get(pk=proposal.pk).status == "decided"
        assert list(
            MeetingTransition.objects.filter(meeting=held).values_list("to_status", flat=True)
        ) == ["scheduled", "held", "published"]
        with pytest.raises(DomainError) as closed:
            meeting_services.minutes_write(
                actor=council.staff, community=fengshu, meeting=held, minutes="改写"
            )
        assert closed.value.code == DeliberationErrorCode.INVALID_TRANSITION
        assert Meeting.objects.get(pk=held.pk).minutes == "到会 3 人，表决通过。"


def _adopted_item(fengshu, council, proposal=None):
    set_rules(fengshu, quorum=1)
    held = meeting(fengshu, council.staff)
    item = open_item(fengshu, council.staff, held, proposal=proposal)
    vote_with(fengshu, item, present=council.members[:1], staff=council.staff, **{"for": 1})
    with in_schema(fengshu):
        meeting_services.meeting_hold(actor=council.staff, community=fengshu, meeting=held)
    return item


def test_a_decision_is_followed_to_done_flagged_when_overdue_and_rated(fengshu, council):
    item = _adopted_item(fengshu, council)
    owner = council.members[4]
    with in_schema(fengshu):
        decision = decision_services.decision_create(
            actor=council.staff,
            community=fengshu,
            item=item,
            title="重新划线",
            owners=[owner],
            due_on=timezone.localdate() + timedelta(days=10),
        )
    assert flag_overdue(fengshu, timezone.localdate() + timedelta(days=11)) == 1
    assert flag_overdue(fengshu, timezone.localdate() + timedelta(days=12)) == 0
    assert sorted(
        Notification.objects.filter(kind="deliberation.overdue").values_list("user_id", flat=True)
    ) == sorted([council.staff.pk, council.admin.pk, owner.pk])
    with in_schema(fengshu):
        decision.refresh_from_db()
        with pytest.raises(DomainError) as early:
            decision_services.decision_rate(
                actor=council.proposer, community=fengshu, decision=decision, score=5
            )
        assert early.value.code == DeliberationErrorCode.INVALID_TRANSITION
        with pytest.raises(DomainError) as not_owner:
            decision_services.decision_start(
                actor=council.proposer, roles={Role.RESIDENT}, community=fengshu, decision=decision
            )
        assert not_owner.value.code == DeliberationErrorCode.NOT_AN_OWNER
        decision_services.decision_start(
            actor=owner,
            roles={Role.RESIDENT},
            community=fengshu,
            decision=decision,
            note="已联系划线队",
        )
        done = decision_services.decision_complete(
            actor=owner,
            roles={Role.RESIDENT},
            community=fengshu,
            decision=decision,
            note="划线完成",
        )
        assert (done.status, done.progress) == ("done", "划线完成")
        assert list(
            DecisionTransition.objects.filter(decision=decision).values_list("to_status", flat=True)
        ) == ["open", "in_progress", "done"]
        rating = decision_services.decision_rate(
            actor=council.proposer, community=fengshu, decision=done, score=4
        )
        assert rating.score == 4
        with pytest.raises(DomainError) as twice:
            decision_services.decision_rate(
                actor=council.proposer, community=fengshu, decision=done, score=5
            )
        assert twice.value.code == DeliberationErrorCode.ALREADY_RATED


def test_a_decision_on_a_rejected_item_is_refused(fengshu, council):
    set_rules(fengshu, quorum=1)
    held = meeting(fengshu, council.staff)
    item = open_item(fengshu, council.staff, held)
    vote_with(fengshu, item, present=council.members[:1], staff=council.staff, against=1)
    with in_schema(fengshu):
        meeting_services.meeting_hold(actor=council.staff, community=fengshu, meeting=held)
        with pytest.raises(DomainError) as refused:
            decision_services.decision_create(
                actor=council.staff,
                community=fengshu,
                item=item,
                title="不应成立",
                owners=[council.staff],
                due_on=timezone.localdate() + timedelta(days=3),
            )
    assert refused.value.code == DeliberationErrorCode.INVALID_TRANSITION


def test_a_decision_from_a_need_makes_a_draft_task(fengshu, council, people):
    need = need_in(fengshu, NeedStatus.ACCEPTED, people)
    set_rules(fengshu, support_threshold=1)
    proposal = propose(fengshu, council.proposer, need=need)
    with in_schema(fengshu):
        proposal = proposal_services.proposal_accept(
            actor=council.staff, community=fengshu, proposal=proposal
        )
    item = _adopted_item(fengshu, council, proposal=proposal)
    with in_schema(fengshu):
        decision = decision_services.decision_create(
            actor=council.staff,
            community=fengshu,
            item=item,
            title="为时间广场安装座椅",
            owners=[council.staff],
            due_on=timezone.localdate() + timedelta(days=20),
            make_task=True,
        )
        assert (decision.task.status, list(decision.task.needs.all())) == ("draft", [need])
    free_item = _adopted_item(fengshu, council)
    with in_schema(fengshu), pytest.raises(DomainError) as refused:
        decision_services.decision_create(
            actor=council.staff,
            community=fengshu,
            item=free_item,
            title="没有需求",
            owners=[council.staff],
            due_on=timezone.localdate() + timedelta(days=20),
            make_task=True,
        )
    assert refused.value.code == DeliberationErrorCode.NO_NEED_FOR_TASK
    assert PartnershipStatus.ACTIVE  # partners fixtures are loaded with needs'
