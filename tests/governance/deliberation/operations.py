"""Deliberation in the operation registry (see tests/operations.py).

Community A holds a proposal gathering support and one in review, a scheduled council meeting
with an open vote (the resident present, and an elderly neighbour recorded by name — who came
is the office's to read), a held meeting whose draft minutes only the office reads, chaired by
A's admin, and decisions owned by the volunteer. B's admin sees none of the private data and
changes nothing; the matrix asks every actor for every mutation. A vote among options (方案)
is open at another meeting (the resident present), one not yet opened; a department (职能部门)
is invited to the scheduled meeting: its signed link is the credential of
`confirmMeetingAttendance` (anyone holding it confirms; B's admin, holding a link signed for B,
is refused), and who was invited is the office's to read.
"""

from datetime import timedelta

from django.core import signing
from django.db import connection, transaction
from django.utils import timezone

from commonweal.governance.deliberation.models import MeetingInvitation
from commonweal.governance.deliberation.services import decisions as decision_services
from commonweal.governance.deliberation.services import invitations
from commonweal.governance.deliberation.services import meetings as meeting_services
from commonweal.governance.deliberation.services import proposals as proposal_services
from commonweal.governance.deliberation.services.rules import settings_update
from commonweal.governance.hazards.services.departments import department_create
from commonweal.platform.kernel.roles import Role
from commonweal.platform.notifications.models import Notification
from tests.operations import (
    ADMIN,
    EVERYONE,
    MEMBERS,
    OFFICE,
    Operation,
    World,
    allowed,
    global_id,
    ok,
    refused,
    register,
    setup,
)

PRESENT_BY_NAME = "甲方到会的周婆婆"
DRAFT_MINUTES = "甲方会议纪要草稿"
INVITED_DEPARTMENT = "甲方受邀的区住建局"


@setup("deliberation", needs=("partners",))
def _deliberation(world: World) -> None:
    community, staff, admin = world.community, world.people["staff"], world.people["admin"]
    resident, volunteer = world.people["resident"], world.people["volunteer"]
    connection.set_tenant(community)
    now = timezone.now()
    with transaction.atomic():
        settings_update(
            actor=admin,
            community=community,
            support_threshold=3,
            vote_rule="simple",
            quorum=1,
            proposer_roles=[],
            open_votes=False,
        )

        def propose(title):
            return proposal_services.proposal_submit(
                actor=resident,
                community=community,
                roles={Role.RESIDENT},
                title=title,
                proposal=f"{title}，请议事会审议",
            )

        proposed = propose("甲方征集联名的议题")
        in_review = proposal_services.proposal_send_to_review(
            actor=staff, community=community, proposal=propose("甲方审议中的议题")
        )

        def council(title):
            return meeting_services.meeting_schedule(
                actor=staff,
                community=community,
                title=title,
                kind="council",
                starts_at=now + timedelta(days=3),
                place="党群服务中心议事厅",
                chair=admin,
            )

        scheduled = council("甲方居民议事会")
        open_item = meeting_services.item_add(
            actor=staff,
            community=community,
            meeting=scheduled,
            title="甲方表决事项",
            vote_opens_at=now - timedelta(minutes=1),
            vote_closes_at=now + timedelta(days=30),
        )
        meeting_services.attendance_record(
            actor=staff, community=community, meeting=scheduled, user=resident
        )
        meeting_services.attendance_record(
            actor=staff, community=community, meeting=scheduled, name=PRESENT_BY_NAME
        )
        held = council("甲方已召开的议事会")
        free_item = meeting_services.item_add(
            actor=staff, community=community, meeting=held, title="甲方自由议程"
        )
        meeting_services.meeting_hold(actor=staff, community=community, meeting=held)
        meeting_services.minutes_write(
            actor=staff, community=community, meeting=held, minutes=DRAFT_MINUTES
        )

        def decision(title, done=False):
            made = decision_services.decision_create(
                actor=staff,
                community=community,
                item=free_item,
                title=title,
                owners=[volunteer],
                due_on=timezone.localdate() + timedelta(days=30),
            )
            if done:
                made = decision_services.decision_complete(
                    actor=staff, roles={Role.STAFF}, community=community, decision=made
                )
            return made

        plans = council("甲方方案表决会")
        options_item = meeting_services.item_add(
            actor=staff,
            community=community,
            meeting=plans,
            title="甲方车棚方案",
            vote_opens_at=now - timedelta(minutes=1),
            vote_closes_at=now + timedelta(days=30),
            options=["方案一", "方案二"],
        )
        later_item = meeting_services.item_add(
            actor=staff,
            community=community,
            meeting=plans,
            title="甲方尚未开始表决的方案",
            vote_opens_at=now + timedelta(days=1),
            vote_closes_at=now + timedelta(days=2),
            options=["方案甲", "方案乙"],
        )
        meeting_services.attendance_record(
            actor=staff, community=community, meeting=plans, user=resident
        )
        department = department_create(
            actor=staff, name=INVITED_DEPARTMENT, email="zhujian@fengshu.example.cn"
        )
        meeting_services.meeting_invite(
            actor=staff, community=community, meeting=scheduled, departments=[department]
        )
        invitation = MeetingInvitation.objects.get(department=department)
        world.ids |= {
            "options_item": global_id("AgendaItem", options_item.pk),
            "option_two": global_id("VoteOption", options_item.options.get(position=2).pk),
            "later_options_item": global_id("AgendaItem", later_item.pk),
            "invitation_token": invitations.token_for(invitation),
            "foreign_invitation_token": signing.dumps(
                {"s": world.other_community.schema_name, "i": invitation.pk},
                salt=invitations.SALT,
            ),
            "proposed": global_id("DeliberationProposal", proposed.pk),
            "in_review": global_id("DeliberationProposal", in_review.pk),
            "scheduled_meeting": global_id("Meeting", scheduled.pk),
            "held_meeting": global_id("Meeting", held.pk),
            "open_item": global_id("AgendaItem", open_item.pk),
            "free_item": global_id("AgendaItem", free_item.pk),
            "open_decision": global_id("Decision", decision("甲方待落实的决议").pk),
            "done_decision": global_id("Decision", decision("甲方已落实的决议", done=True).pk),
        }
    # The actors' inboxes stay as other apps' cells expect them.
    Notification.objects.filter(kind__startswith="deliberation.").delete()


def _markers(world: World) -> set[str]:
    return {PRESENT_BY_NAME, DRAFT_MINUTES, INVITED_DEPARTMENT}


def _id(key):
    return lambda world, actor: {"id": world.ids[key]}


# --- reads (isolation) -----------------------------------------------------------------------

MEETING_FIELDS = (
    "{ title status minutes attendanceCount attendance { name } invitations { name }"
    " items { title } }"
)
for name, document, variables in (
    ("deliberationSettings", "query { deliberationSettings { supportThreshold quorum } }", None),
    (
        "deliberationProposals",
        "query { deliberationProposals(first: 20) { edges { node { title status } } } }",
        None,
    ),
    (
        "deliberationProposal",
        "query($id: ID!) { deliberationProposal(id: $id) { title transitions { toStatus } } }",
        _id("in_review"),
    ),
    ("meetings", f"query {{ meetings(first: 20) {{ edges {{ node {MEETING_FIELDS} }} }} }}", None),
    ("meeting", f"query($id: ID!) {{ meeting(id: $id) {MEETING_FIELDS} }}", _id("held_meeting")),
    (
        "agendaItemsOf",
        "query($id: ID!) { agendaItemsOf(sourceId: $id) { title } }",
        lambda world, actor: {"id": global_id("Need", 1)},
    ),
    (
        "decisions",
        "query { decisions(first: 20) { edges { node { title status overdue } } } }",
        None,
    ),
    (
        "decision",
        "query($id: ID!) { decision(id: $id) { title status ownedByYou } }",
        _id("open_decision"),
    ),
):
    register(
        Operation(
            name,
            document,
            variables=variables,
            markers=_markers,
            insider_sees_markers=name in ("meetings", "meeting"),
        )
    )

# --- writes (matrix and isolation) -------------------------------------------------------------

OWNERS = OFFICE | {"volunteer"}
NOT_OWNER = {a: refused("NOT_AN_OWNER", decision=None) for a in MEMBERS - OWNERS}
NOT_PRESENT = {a: refused("NOT_PRESENT", choice=None) for a in MEMBERS - {"resident"}}
NOT_CHAIR = {a: refused("NOT_THE_CHAIR", meeting=None) for a in MEMBERS - ADMIN}


def _member(key):
    return lambda world, actor: world.member_id(world.people[key])


for name, document, variables, answers in (
    (
        "updateDeliberationSettings",
        "mutation { updateDeliberationSettings(supportThreshold: 5, voteRule: TWO_THIRDS,"
        " quorum: 7, proposerRoles: [RESIDENT]) { settings { supportThreshold voteRule quorum"
        " proposerRoles } errors { code } } }",
        None,
        allowed(
            ADMIN,
            ok(
                settings={
                    "supportThreshold": 5,
                    "voteRule": "TWO_THIRDS",
                    "quorum": 7,
                    "proposerRoles": ["resident"],
                }
            ),
        ),
    ),
    (
        "submitDeliberationProposal",
        'mutation { submitDeliberationProposal(input: {title: "加装电梯", proposal: "五号院"})'
        " { proposal { status supportCount } errors { code } } }",
        None,
        allowed(MEMBERS, ok(proposal={"status": "PROPOSED", "supportCount": 0})),
    ),
    (
        "supportDeliberationProposal",
        "mutation($id: ID!) { supportDeliberationProposal(id: $id)"
        " { proposal { status supportCount } errors { code } } }",
        _id("proposed"),
        allowed(
            MEMBERS,
            ok(proposal={"status": "PROPOSED", "supportCount": 1}),
            resident=refused("OWN_PROPOSAL", proposal=None),
        ),
    ),
    (
        "sendDeliberationProposalToReview",
        "mutation($id: ID!) { sendDeliberationProposalToReview(id: $id)"
        " { proposal { status } errors { code } } }",
        _id("proposed"),
        allowed(OFFICE, ok(proposal={"status": "IN_REVIEW"})),
    ),
    (
        "acceptDeliberationProposal",
        "mutation($id: ID!, $m: ID!) { acceptDeliberationProposal(id: $id, meetingId: $m)"
        " { proposal { status } errors { code } } }",
        lambda world, actor: {"id": world.ids["in_review"], "m": world.ids["scheduled_meeting"]},
        allowed(OFFICE, ok(proposal={"status": "ON_AGENDA"})),
    ),
    (
        "declineDeliberationProposal",
        'mutation($id: ID!) { declineDeliberationProposal(id: $id, reason: "属于物业职责")'
        " { proposal { status statusReason } errors { code } } }",
        _id("proposed"),
        allowed(OFFICE, ok(proposal={"status": "DECLINED", "statusReason": "属于物业职责"})),
    ),
    (
        "mergeDeliberationProposal",
        "mutation($id: ID!, $into: ID!) { mergeDeliberationProposal(id: $id, into: $into)"
        " { proposal { status } errors { code } } }",
        lambda world, actor: {"id": world.ids["proposed"], "into": world.ids["in_review"]},
        allowed(OFFICE, ok(proposal={"status": "MERGED"})),
    ),
    (
        "scheduleMeeting",
        'mutation { scheduleMeeting(title: "第四次议事会", kind: COUNCIL,'
        ' startsAt: "2030-01-01T10:00:00+08:00", place: "议事厅")'
        " { meeting { status kind chairName } errors { code } } }",
        None,
        allowed(
            OFFICE,
            lambda world, actor: ok(
                meeting={
                    "status": "SCHEDULED",
                    "kind": "COUNCIL",
                    "chairName": world.people[actor].display_name,
                }
            ),
        ),
    ),
    (
        "cancelMeeting",
        'mutation($id: ID!) { cancelMeeting(id: $id, reason: "暴雨")'
        " { meeting { status } errors { code } } }",
        _id("scheduled_meeting"),
        allowed(OFFICE, ok(meeting={"status": "CANCELLED"})),
    ),
    (
        "inviteToMeeting",
        "mutation($id: ID!, $m: ID!) { inviteToMeeting(id: $id, memberIds: [$m])"
        " { invited errors { code } } }",
        lambda world, actor: {
            "id": world.ids["scheduled_meeting"],
            "m": _member("volunteer")(world, actor),
        },
        allowed(OFFICE, ok(invited=1)),
    ),
    (
        "addAgendaItem",
        'mutation($id: ID!) { addAgendaItem(meetingId: $id, title: "新增议程")'
        " { item { title position } errors { code } } }",
        _id("scheduled_meeting"),
        allowed(OFFICE, ok(item={"title": "新增议程", "position": 2})),
    ),
    (
        "updateAgendaItem",
        'mutation($id: ID!) { updateAgendaItem(id: $id, notes: "物业同意配合")'
        " { item { notes } errors { code } } }",
        _id("open_item"),
        allowed(OFFICE, ok(item={"notes": "物业同意配合"})),
    ),
    (
        "recordAttendance",
        'mutation($id: ID!) { recordAttendance(id: $id, name: "李大爷")'
        " { present errors { code } } }",
        _id("scheduled_meeting"),
        allowed(OFFICE, ok(present=3)),
    ),
    (
        "castVote",
        "mutation($id: ID!) { castVote(id: $id, choice: FOR) { choice errors { code } } }",
        _id("open_item"),
        allowed(MEMBERS, ok(choice="FOR"), **NOT_PRESENT),
    ),
    (
        "closeVote",
        "mutation($id: ID!) { closeVote(id: $id)"
        " { item { votesFor votesAgainst present outcome } errors { code } } }",
        _id("open_item"),
        allowed(
            OFFICE,
            ok(item={"votesFor": 0, "votesAgainst": 0, "present": 2, "outcome": "TIED"}),
        ),
    ),
    (
        "markMeetingHeld",
        "mutation($id: ID!) { markMeetingHeld(id: $id) { meeting { status } errors { code } } }",
        _id("scheduled_meeting"),
        allowed(OFFICE, ok(meeting={"status": "HELD"})),
    ),
    (
        "writeMinutes",
        'mutation($id: ID!) { writeMinutes(id: $id, minutes: "到会 9 人")'
        " { meeting { minutes } errors { code } } }",
        _id("held_meeting"),
        allowed(OFFICE, ok(meeting={"minutes": "到会 9 人"})),
    ),
    (
        "signOffMinutes",
        "mutation($id: ID!) { signOffMinutes(id: $id) { meeting { status minutes } errors"
        " { code } } }",
        _id("held_meeting"),
        allowed(
            MEMBERS, ok(meeting={"status": "PUBLISHED", "minutes": DRAFT_MINUTES}), **NOT_CHAIR
        ),
    ),
    (
        "createDecision",
        'mutation($id: ID!, $o: ID!) { createDecision(itemId: $id, title: "重新划线",'
        ' ownerIds: [$o], dueOn: "2030-01-01") { decision { status overdue } errors { code } } }',
        lambda world, actor: {
            "id": world.ids["free_item"],
            "o": _member("volunteer")(world, actor),
        },
        allowed(OFFICE, ok(decision={"status": "OPEN", "overdue": False})),
    ),
    (
        "startDecision",
        'mutation($id: ID!) { startDecision(id: $id, note: "已联系施工队")'
        " { decision { status progress } errors { code } } }",
        _id("open_decision"),
        allowed(
            MEMBERS, ok(decision={"status": "IN_PROGRESS", "progress": "已联系施工队"}), **NOT_OWNER
        ),
    ),
    (
        "completeDecision",
        "mutation($id: ID!) { completeDecision(id: $id) { decision { status } errors { code } } }",
        _id("open_decision"),
        allowed(MEMBERS, ok(decision={"status": "DONE"}), **NOT_OWNER),
    ),
    (
        "setVoteOptions",
        'mutation($id: ID!) { setVoteOptions(id: $id, options: ["方案一", "方案二", "方案三"])'
        " { item { options { label position } } errors { code } } }",
        _id("later_options_item"),
        allowed(
            OFFICE,
            ok(
                item={
                    "options": [
                        {"label": "方案一", "position": 1},
                        {"label": "方案二", "position": 2},
                        {"label": "方案三", "position": 3},
                    ]
                }
            ),
        ),
    ),
    (
        "castOptionVote",
        "mutation($id: ID!, $o: ID!) { castOptionVote(id: $id, optionId: $o)"
        " { option { label } errors { code } } }",
        lambda world, actor: {"id": world.ids["options_item"], "o": world.ids["option_two"]},
        allowed(
            MEMBERS,
            ok(option={"label": "方案二"}),
            **{a: refused("NOT_PRESENT", option=None) for a in MEMBERS - {"resident"}},
        ),
    ),
    (
        "rateDecision",
        "mutation($id: ID!) { rateDecision(id: $id, score: 5) { score errors { code } } }",
        _id("done_decision"),
        allowed(MEMBERS, ok(score=5)),
    ),
):
    register(Operation(name, document, variables=variables, answers=answers, markers=_markers))

register(
    Operation(
        "confirmMeetingAttendance",
        'mutation($t: String!) { confirmMeetingAttendance(token: $t, note: "派员参会")'
        " { meetingTitle firstTime errors { code } } }",
        variables=lambda world, actor: {"t": world.ids["invitation_token"]},
        answers=allowed(EVERYONE, ok(meetingTitle="甲方居民议事会", firstTime=True)),
        outsider_variables=lambda world: {"t": world.ids["foreign_invitation_token"]},
        refused_with="INVALID_LINK",
        markers=_markers,
    )
)
