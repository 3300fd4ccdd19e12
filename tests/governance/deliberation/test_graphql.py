"""Deliberation over GraphQL: 提议题 → 审议题 → 议议题 → 落议题 as residents, staff and the chair
use it; votes named only where the rule makes them open; what lists cost."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from commonweal.governance.deliberation.services import decisions, meetings
from commonweal.platform.accounts.models import Membership
from tests.fixtures import StatementsRun, gql
from tests.governance.deliberation.fixtures import meeting, open_item, propose, set_rules, vote_with
from tests.isolation import global_id
from tests.partners.fixtures import in_schema


def _ok(response, name):
    assert "errors" not in response, response
    payload = response["data"][name]
    assert payload["errors"] == [], payload["errors"]
    return payload


def _member(community, user):
    return global_id("Member", Membership.objects.get(user=user, community=community).pk)


SUPPORT = """mutation($id: ID!) { supportDeliberationProposal(id: $id)
  { proposal { status supportCount } errors { code } } }"""


def test_from_a_proposal_to_a_decision_done(fengshu, council):
    set_rules(fengshu, support_threshold=2, quorum=2)
    proposer, staff, chair = (
        gql(fengshu, council.proposer),
        gql(fengshu, council.staff),
        gql(fengshu, council.admin),
    )
    proposal = _ok(
        proposer.execute(
            """mutation($input: ProposalInput!) { submitDeliberationProposal(input: $input)
              { proposal { id status scope place proposedByYou } errors { code } } }""",
            {
                "input": {
                    "title": "三号院停车位重新划线",
                    "proposal": "重新划线并设置消防通道标识",
                    "scope": "PLACE",
                    "place": "三号院",
                }
            },
        ),
        "submitDeliberationProposal",
    )["proposal"]
    assert proposal["status"] == "PROPOSED" and proposal["proposedByYou"] is True
    first, second = (gql(fengshu, m) for m in council.members[:2])
    assert _ok(first.execute(SUPPORT, {"id": proposal["id"]}), "supportDeliberationProposal")[
        "proposal"
    ] == {"status": "PROPOSED", "supportCount": 1}
    assert _ok(second.execute(SUPPORT, {"id": proposal["id"]}), "supportDeliberationProposal")[
        "proposal"
    ] == {"status": "IN_REVIEW", "supportCount": 2}
    starts = (timezone.now() + timedelta(days=1)).isoformat()
    held = _ok(
        staff.execute(
            """mutation($starts: DateTime!, $chair: ID!) { scheduleMeeting(title: "居民议事会",
              kind: COUNCIL, startsAt: $starts, place: "议事厅", chairId: $chair)
              { meeting { id chairName } errors { code } } }""",
            {"starts": starts, "chair": _member(fengshu, council.admin)},
        ),
        "scheduleMeeting",
    )["meeting"]
    assert held["chairName"] == "书记"
    _ok(
        staff.execute(
            """mutation($id: ID!, $m: ID!) { acceptDeliberationProposal(id: $id, meetingId: $m)
              { proposal { status } errors { code } } }""",
            {"id": proposal["id"], "m": held["id"]},
        ),
        "acceptDeliberationProposal",
    )
    items = staff.execute(
        "query($id: ID!) { meeting(id: $id) { items { id title } } }", {"id": held["id"]}
    )["data"]["meeting"]["items"]
    assert [i["title"] for i in items] == ["三号院停车位重新划线"]
    item_id = items[0]["id"]
    now = timezone.now()
    _ok(
        staff.execute(
            """mutation($id: ID!, $o: DateTime!, $c: DateTime!) { updateAgendaItem(id: $id,
              notes: "物业同意配合", voteOpensAt: $o, voteClosesAt: $c) { item { notes } errors
              { code } } }""",
            {
                "id": item_id,
                "o": (now - timedelta(minutes=1)).isoformat(),
                "c": (now + timedelta(hours=1)).isoformat(),
            },
        ),
        "updateAgendaItem",
    )
    for person in council.members[:2]:
        _ok(
            staff.execute(
                "mutation($id: ID!, $m: ID!) { recordAttendance(id: $id, memberId: $m)"
                " { present errors { code } } }",
                {"id": held["id"], "m": _member(fengshu, person)},
            ),
            "recordAttendance",
        )
    cast = (
        "mutation($id: ID!, $c: VoteChoice!) { castVote(id: $id, choice: $c)"
        " { choice errors { code } } }"
    )
    assert _ok(first.execute(cast, {"id": item_id, "c": "FOR"}), "castVote")["choice"] == "FOR"
    assert second.execute(cast, {"id": item_id, "c": "FOR"})["data"]["castVote"]["choice"] == "FOR"
    again = first.execute(cast, {"id": item_id, "c": "AGAINST"})["data"]["castVote"]
    assert again == {"choice": None, "errors": [{"code": "ALREADY_VOTED"}]}
    tally = _ok(
        staff.execute(
            "mutation($id: ID!) { closeVote(id: $id) { item { votesFor votesAgainst votesAbstain"
            " present quorum rule outcome votes { name } } errors { code } } }",
            {"id": item_id},
        ),
        "closeVote",
    )["item"]
    assert tally == {
        "votesFor": 2,
        "votesAgainst": 0,
        "votesAbstain": 0,
        "present": 2,
        "quorum": 2,
        "rule": "SIMPLE",
        "outcome": "ADOPTED",
        "votes": [],  # secret ballot unless the community opens votes
    }
    for document, name in (
        (
            "mutation($id: ID!) { markMeetingHeld(id: $id)"
            " { meeting { status } errors { code } } }",
            "markMeetingHeld",
        ),
        (
            'mutation($id: ID!) { writeMinutes(id: $id, minutes: "到会 2 人，一致通过。")'
            " { meeting { status } errors { code } } }",
            "writeMinutes",
        ),
    ):
        _ok(staff.execute(document, {"id": held["id"]}), name)
    anonymous = gql(fengshu)
    minutes = (
        "query($id: ID!) { meeting(id: $id)"
        " { status minutes attendanceCount attendance { name } } }"
    )
    assert anonymous.execute(minutes, {"id": held["id"]})["data"]["meeting"] == {
        "status": "HELD",
        "minutes": None,
        "attendanceCount": 2,
        "attendance": None,
    }
    _ok(
        chair.execute(
            "mutation($id: ID!) { signOffMinutes(id: $id) { meeting { status } errors { code } } }",
            {"id": held["id"]},
        ),
        "signOffMinutes",
    )
    assert anonymous.execute(minutes, {"id": held["id"]})["data"]["meeting"] == {
        "status": "PUBLISHED",
        "minutes": "到会 2 人，一致通过。",
        "attendanceCount": 2,
        "attendance": None,
    }
    decision = _ok(
        staff.execute(
            """mutation($id: ID!, $o: ID!, $due: Date!) { createDecision(itemId: $id,
              title: "重新划线", ownerIds: [$o], dueOn: $due) { decision { id status } errors
              { code } } }""",
            {
                "id": item_id,
                "o": _member(fengshu, council.members[0]),
                "due": str(timezone.localdate() + timedelta(days=14)),
            },
        ),
        "createDecision",
    )["decision"]
    done = _ok(
        first.execute(
            'mutation($id: ID!) { completeDecision(id: $id, note: "划线完成")'
            " { decision { status progress ownedByYou } errors { code } } }",
            {"id": decision["id"]},
        ),
        "completeDecision",
    )["decision"]
    assert done == {"status": "DONE", "progress": "划线完成", "ownedByYou": True}
    rated = proposer.execute(
        "mutation($id: ID!) { rateDecision(id: $id, score: 5) { score errors { code } } }",
        {"id": decision["id"]},
    )
    assert _ok(rated, "rateDecision")["score"] == 5
    record = anonymous.execute(
        "query($id: ID!) { deliberationProposal(id: $id) { status transitions { toStatus } } }",
        {"id": proposal["id"]},
    )["data"]["deliberationProposal"]
    assert record == {
        "status": "DECIDED",
        "transitions": [
            {"toStatus": "proposed"},
            {"toStatus": "in_review"},
            {"toStatus": "on_agenda"},
            {"toStatus": "decided"},
        ],
    }


def test_open_votes_name_the_voters_once_tallied(fengshu, council):
    set_rules(fengshu, quorum=1, open_votes=True)
    held = meeting(fengshu, council.staff)
    item = open_item(fengshu, council.staff, held)
    vote_with(fengshu, item, present=council.members[:2], staff=council.staff, against=1, abstain=1)
    votes = gql(fengshu).execute(
        "query($id: ID!) { meeting(id: $id) { items { outcome votes { name choice } } } }",
        {"id": global_id("Meeting", held.pk)},
    )["data"]["meeting"]["items"]
    assert votes == [
        {
            "outcome": "REJECTED",
            "votes": [
                {"name": "议事会成员0", "choice": "AGAINST"},
                {"name": "议事会成员1", "choice": "ABSTAIN"},
            ],
        }
    ]


LISTS = (
    "query { meetings(first: 50) { edges { node { title chairName attendanceCount minutes"
    " items { title outcome rule proposalId } } } }"
    " deliberationProposals(first: 50) { edges { node { title status transitions { toStatus } } } }"
    " decisions(first: 50) { edges { node { title overdue meetingId } } } }"
)


def test_lists_cost_the_same_for_two_and_eight_meetings(fengshu, council):
    set_rules(fengshu, quorum=1)
    client = gql(fengshu, council.staff)

    def add(n):
        for i in range(n):
            held = meeting(fengshu, council.staff, title=f"议事会{i}")
            item = open_item(fengshu, council.staff, held)
            vote_with(
                fengshu, item, present=council.members[i : i + 1], staff=council.staff, **{"for": 1}
            )
            propose(fengshu, council.proposer, title=f"议题{i}")
            with in_schema(fengshu):
                meetings.meeting_hold(actor=council.staff, community=fengshu, meeting=held)
                decisions.decision_create(
                    actor=council.staff,
                    community=fengshu,
                    item=item,
                    title=f"决议{i}",
                    owners=[council.staff],
                    due_on=timezone.localdate() + timedelta(days=5),
                )

    add(2)
    with StatementsRun(connection) as few:
        answer = client.execute(LISTS)
    assert "errors" not in answer and len(answer["data"]["meetings"]["edges"]) == 2
    add(6)
    with StatementsRun(connection) as many:
        answer = client.execute(LISTS)
    assert len(answer["data"]["decisions"]["edges"]) == 8
    assert len(many) == len(few)


ITEMS = (
    "query($id: ID!) { meeting(id: $id) { items { title outcome yourVote"
    " votes { name choice } } } }"
)


def test_a_meeting_costs_the_same_for_two_and_six_voted_items(fengshu, council):
    set_rules(fengshu, quorum=1, open_votes=True)
    held = meeting(fengshu, council.staff)
    voter = council.members[0]
    client = gql(fengshu, voter)

    from commonweal.governance.deliberation.services import votes as vote_services

    with in_schema(fengshu):
        meetings.attendance_record(actor=council.staff, community=fengshu, meeting=held, user=voter)

    def add(n):
        for i in range(n):
            item = open_item(fengshu, council.staff, held, title=f"表决事项{i}")
            with in_schema(fengshu):
                vote_services.vote_cast(actor=voter, community=fengshu, item=item, choice="against")
                vote_services.vote_tally(actor=council.staff, community=fengshu, item=item)

    add(2)
    with StatementsRun(connection) as few:
        answer = client.execute(ITEMS, {"id": global_id("Meeting", held.pk)})
    assert "errors" not in answer, answer
    add(4)
    with StatementsRun(connection) as many:
        answer = client.execute(ITEMS, {"id": global_id("Meeting", held.pk)})
    items = answer["data"]["meeting"]["items"]
    assert len(items) == 6
    assert {(i["yourVote"], i["outcome"]) for i in items} == {("AGAINST", "REJECTED")}
    assert {len(i["votes"]) for i in items} == {1}
    assert len(many) == len(few)
