"""表决方案: an item voted among its own options (方案一/方案二/方案三) — one option per voter,
the rule's exact outcome (majority, two-thirds, tie, quorum missed), and options fixed once the
vote has opened (refused with a code, nothing changed)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commonweal.governance.deliberation.error_codes import DeliberationErrorCode
from commonweal.governance.deliberation.models import AgendaItem, Vote, VoteOption
from commonweal.governance.deliberation.services import meetings as meeting_services
from commonweal.governance.deliberation.services import options as option_services
from commonweal.governance.deliberation.services import votes as vote_services
from commonweal.governance.deliberation.services.options import options_outcome
from commonweal.platform.kernel.errors import DomainError
from tests.governance.deliberation.fixtures import meeting, set_rules
from tests.partners.fixtures import in_schema

PLANS = ["方案一：地面新建车棚", "方案二：改造负一层坡道", "方案三：维持现状"]


def options_item(community, staff, meeting_row, *, labels=PLANS, opens_in=timedelta(minutes=-1)):
    now = timezone.now()
    with in_schema(community):
        return meeting_services.item_add(
            actor=staff,
            community=community,
            meeting=meeting_row,
            title="大观苑非机动车停放方案",
            vote_opens_at=now + opens_in,
            vote_closes_at=now + timedelta(hours=1),
            options=labels,
        )


def vote_options(community, item, *, present, staff, counts):
    """`present` members recorded; the first counts[0] choose option 1, the next counts[1]
    option 2, ...; then the tally."""
    with in_schema(community):
        for person in present:
            meeting_services.attendance_record(
                actor=staff, community=community, meeting=item.meeting, user=person
            )
        options = list(item.options.order_by("position"))
        voters = iter(present)
        for option, count in zip(options, counts, strict=False):
            for _ in range(count):
                vote_services.vote_cast(
                    actor=next(voters), community=community, item=item, option_id=option.pk
                )
        return vote_services.vote_tally(actor=staff, community=community, item=item)


@pytest.mark.parametrize(
    ("rule", "quorum", "present", "counts", "expected", "winner"),
    [
        # 5 of 9 is more than half: 方案一 adopted.
        ("simple", 5, 9, [5, 3, 1], "adopted", 0),
        # 4 of 9 leads but is no majority: nothing adopted.
        ("simple", 5, 9, [4, 3, 2], "rejected", None),
        # Two share the most votes.
        ("simple", 5, 9, [4, 4, 1], "tied", None),
        # Two-thirds of 9 votes is 6.
        ("two_thirds", 5, 9, [1, 6, 2], "adopted", 1),
        ("two_thirds", 5, 9, [5, 3, 1], "rejected", None),
        # Four present where the quorum is five.
        ("simple", 5, 4, [4, 0, 0], "no_quorum", None),
        # Present but nobody voted: every option at 0.
        ("simple", 1, 3, [0, 0, 0], "tied", None),
    ],
)
def test_an_options_vote_records_each_options_votes_and_the_rules_outcome(
    fengshu, council, rule, quorum, present, counts, expected, winner
):
    set_rules(fengshu, vote_rule=rule, quorum=quorum)
    item = options_item(fengshu, council.staff, meeting(fengshu, council.staff))
    tallied = vote_options(
        fengshu, item, present=council.members[:present], staff=council.staff, counts=counts
    )
    with in_schema(fengshu):
        stored = AgendaItem.objects.get(pk=item.pk)
        options = list(stored.options.order_by("position"))
        assert [(o.label, o.votes) for o in options] == list(zip(PLANS, counts, strict=True))
        assert (stored.outcome, stored.present, stored.rule, stored.quorum) == (
            expected,
            present,
            rule,
            quorum,
        )
        assert stored.winning_option_id == (options[winner].pk if winner is not None else None)
        # Plain counts stay empty: the options carry the tally.
        assert (stored.votes_for, stored.votes_against, stored.votes_abstain) == (None, None, None)
        assert Vote.objects.filter(item=item).count() == sum(counts)
    assert tallied.outcome == expected


def test_outcome_table_at_the_edges():
    assert options_outcome(rule="simple", quorum=1, present=2, counts=[1, 0]) == ("adopted", 0)
    assert options_outcome(rule="simple", quorum=1, present=2, counts=[1, 1]) == ("tied", None)
    # ⅔ exactly is enough.
    assert options_outcome(rule="two_thirds", quorum=1, present=3, counts=[0, 2, 1]) == (
        "adopted",
        1,
    )
    assert options_outcome(rule="simple", quorum=3, present=2, counts=[2, 0]) == (
        "no_quorum",
        None,
    )


def _refused(code, call):
    with pytest.raises(DomainError) as refused:
        call()
    assert refused.value.code == code


def test_a_voter_picks_one_of_this_items_options_once(fengshu, council):
    set_rules(fengshu, quorum=1)
    held = meeting(fengshu, council.staff)
    item = options_item(fengshu, council.staff, held)
    plain = options_item(fengshu, council.staff, held, labels=())
    voter = council.members[0]
    with in_schema(fengshu):
        meeting_services.attendance_record(
            actor=council.staff, community=fengshu, meeting=held, user=voter
        )
        first, second, _third = item.options.order_by("position")
        common = {"actor": voter, "community": fengshu}
        # for/against/abstain is no answer to an options vote, nor another item's option.
        _refused(
            "INVALID_OPTION", lambda: vote_services.vote_cast(**common, item=item, choice="for")
        )
        _refused(
            "INVALID_OPTION",
            lambda: vote_services.vote_cast(**common, item=plain, option_id=first.pk),
        )
        assert Vote.objects.count() == 0
        vote = vote_services.vote_cast(**common, item=item, option_id=second.pk)
        assert (vote.option_id, vote.choice) == (second.pk, "")
        _refused(
            DeliberationErrorCode.ALREADY_VOTED,
            lambda: vote_services.vote_cast(**common, item=item, option_id=first.pk),
        )
        assert list(Vote.objects.values_list("item_id", "voter_id", "option_id")) == [
            (item.pk, voter.pk, second.pk)
        ]


def test_options_are_checked_and_fixed_once_the_vote_opens(fengshu, council):
    held = meeting(fengshu, council.staff)
    later = options_item(fengshu, council.staff, held, opens_in=timedelta(minutes=30))
    common = {"actor": council.staff, "community": fengshu}
    with in_schema(fengshu):
        for labels in (
            ["只有一个方案"],
            [f"方案{n}" for n in range(7)],
            ["甲", "甲"],
            ["甲", "乙" * 41],
        ):
            _refused(
                "INVALID_OPTIONS",
                lambda labels=labels: option_services.options_set(
                    **common, item=later, labels=labels
                ),
            )
        assert list(later.options.values_list("label", flat=True)) == PLANS
        # Before the vote opens the options may still change.
        option_services.options_set(**common, item=later, labels=["方案甲", "方案乙"])
        assert list(later.options.values_list("label", flat=True)) == ["方案甲", "方案乙"]
    opened = options_item(fengshu, council.staff, held)
    with in_schema(fengshu):
        before = list(VoteOption.objects.values_list("pk", "label", "position").order_by("pk"))
        _refused(
            "OPTIONS_LOCKED",
            lambda: option_services.options_set(**common, item=opened, labels=["改", "变"]),
        )
        _refused(
            "OPTIONS_LOCKED",
            lambda: meeting_services.item_update(
                **common, item=opened, notes="想改方案", options=["改", "变"]
            ),
        )
        _refused(
            "OPTIONS_LOCKED", lambda: option_services.options_set(**common, item=opened, labels=[])
        )
        assert (
            list(VoteOption.objects.values_list("pk", "label", "position").order_by("pk")) == before
        )
        assert AgendaItem.objects.get(pk=opened.pk).notes == ""


def test_the_admin_shows_an_items_options_and_their_votes(fengshu, council):
    from django.test import Client

    from tests.fixtures import host_of

    set_rules(fengshu, quorum=1)
    item = options_item(fengshu, council.staff, meeting(fengshu, council.staff))
    vote_options(fengshu, item, present=council.members[:3], staff=council.staff, counts=[2, 1, 0])
    client = Client()
    client.force_login(council.staff)

    page = client.get(
        f"/admin/deliberation/agendaitem/{item.pk}/change/", HTTP_HOST=host_of(fengshu)
    )
    meeting_page = client.get(
        f"/admin/deliberation/meeting/{item.meeting_id}/change/", HTTP_HOST=host_of(fengshu)
    )

    assert (page.status_code, meeting_page.status_code) == (200, 200)
    assert all(label in page.content.decode() for label in PLANS)


# Within the cost limit: 100 items × (their options and votes) at the default page size.
OPTION_ITEMS = (
    "query($id: ID!) { meeting(id: $id) { items { winningOptionId yourOptionId"
    " options { id label votes } votes { option } } } }"
)


def test_options_over_graphql_and_a_meeting_costs_the_same_for_two_and_six_items(fengshu, council):
    from django.db import connection

    from tests.fixtures import StatementsRun, gql
    from tests.isolation import global_id

    set_rules(fengshu, quorum=1, open_votes=True)
    held = meeting(fengshu, council.staff)
    voter = council.members[0]
    staff_client, voter_client = gql(fengshu, council.staff), gql(fengshu, voter)
    with in_schema(fengshu):
        meeting_services.attendance_record(
            actor=council.staff, community=fengshu, meeting=held, user=voter
        )
    add = """mutation($m: ID!, $o: DateTime!, $c: DateTime!) { addAgendaItem(meetingId: $m,
      title: "车棚方案", voteOpensAt: $o, voteClosesAt: $c, options: ["方案一", "方案二"])
      { item { id options { id label } } errors { code } } }"""
    cast = """mutation($id: ID!, $o: ID!) { castOptionVote(id: $id, optionId: $o)
      { option { label } errors { code } } }"""
    close = "mutation($id: ID!) { closeVote(id: $id) { item { outcome } errors { code } } }"
    now = timezone.now()
    window = {
        "m": global_id("Meeting", held.pk),
        "o": (now - timedelta(minutes=1)).isoformat(),
        "c": (now + timedelta(hours=1)).isoformat(),
    }

    def items(n):
        for _ in range(n):
            item = staff_client.execute(add, window)["data"]["addAgendaItem"]["item"]
            second = item["options"][1]["id"]
            assert voter_client.execute(cast, {"id": item["id"], "o": second}) == {
                "data": {"castOptionVote": {"option": {"label": "方案二"}, "errors": []}}
            }
            assert staff_client.execute(close, {"id": item["id"]}) == {
                "data": {"closeVote": {"item": {"outcome": "ADOPTED"}, "errors": []}}
            }

    items(2)
    with StatementsRun(connection) as few:
        answer = voter_client.execute(OPTION_ITEMS, {"id": global_id("Meeting", held.pk)})
    assert "errors" not in answer, answer
    items(4)
    with StatementsRun(connection) as many:
        answer = voter_client.execute(OPTION_ITEMS, {"id": global_id("Meeting", held.pk)})
    listed = answer["data"]["meeting"]["items"]
    assert len(listed) == 6
    for item in listed:
        second = item["options"][1]
        assert [(o["label"], o["votes"]) for o in item["options"]] == [("方案一", 0), ("方案二", 1)]
        assert item["winningOptionId"] == item["yourOptionId"] == second["id"]
        assert item["votes"] == [{"option": "方案二"}]
    assert len(many) == len(few)


def test_the_public_record_exports_each_options_votes(fengshu, council):
    from django.test import Client

    from tests.fixtures import host_of

    set_rules(fengshu, quorum=1)
    item = options_item(fengshu, council.staff, meeting(fengshu, council.staff))
    vote_options(fengshu, item, present=council.members[:3], staff=council.staff, counts=[2, 1, 0])

    record = Client().get("/deliberation/record.csv", HTTP_HOST=host_of(fengshu))

    expected = f"{PLANS[0]} 2 / {PLANS[1]} 1 / {PLANS[2]} 0, 到会 3 人: 通过"
    assert expected in record.content.decode("utf-8-sig")


def test_changing_an_opened_votes_options_over_graphql_is_refused_and_changes_nothing(
    fengshu, council
):
    from tests.fixtures import gql
    from tests.isolation import global_id

    item = options_item(fengshu, council.staff, meeting(fengshu, council.staff))
    client = gql(fengshu, council.staff)
    item_id = global_id("AgendaItem", item.pk)

    set_options = client.execute(
        """mutation($id: ID!) { setVoteOptions(id: $id, options: ["改", "变"])
          { item { id } errors { code field } } }""",
        {"id": item_id},
    )
    update = client.execute(
        """mutation($id: ID!) { updateAgendaItem(id: $id, notes: "想改方案", options: [])
          { item { id } errors { code field } } }""",
        {"id": item_id},
    )

    refusal = {"item": None, "errors": [{"code": "OPTIONS_LOCKED", "field": "options"}]}
    assert set_options["data"]["setVoteOptions"] == refusal
    assert update["data"]["updateAgendaItem"] == refusal
    with in_schema(fengshu):
        assert list(item.options.values_list("label", flat=True)) == PLANS
        assert AgendaItem.objects.get(pk=item.pk).notes == ""
