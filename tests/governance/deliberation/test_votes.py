"""表决: the rule's exact outcome for simple majority, two-thirds, a missed quorum and a tie;
one vote per voter; nothing after the close."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commonweal.governance.deliberation.error_codes import DeliberationErrorCode
from commonweal.governance.deliberation.models import AgendaItem, Vote
from commonweal.governance.deliberation.services import meetings as meeting_services
from commonweal.governance.deliberation.services import votes as vote_services
from commonweal.governance.deliberation.services.rules import outcome
from commonweal.platform.kernel.errors import DomainError
from tests.governance.deliberation.fixtures import meeting, open_item, set_rules, vote_with
from tests.partners.fixtures import in_schema


def _tally(item):
    return (
        item.votes_for,
        item.votes_against,
        item.votes_abstain,
        item.present,
        item.rule,
        item.quorum,
        item.outcome,
    )


@pytest.mark.parametrize(
    ("rule", "quorum", "present", "choices", "expected"),
    [
        # 5 for, 3 against, 1 abstains: more for than against.
        ("simple", 5, 9, {"for": 5, "against": 3, "abstain": 1}, "adopted"),
        ("simple", 5, 9, {"for": 3, "against": 5, "abstain": 1}, "rejected"),
        # Abstentions decide nothing: 2 for, 1 against, 6 abstain still adopts.
        ("simple", 5, 9, {"for": 2, "against": 1, "abstain": 6}, "adopted"),
        ("simple", 5, 9, {"for": 4, "against": 4, "abstain": 1}, "tied"),
        # Two-thirds of the 9 votes cast is 6.
        ("two_thirds", 5, 9, {"for": 6, "against": 3}, "adopted"),
        ("two_thirds", 5, 9, {"for": 5, "against": 3, "abstain": 1}, "rejected"),
        ("two_thirds", 5, 8, {"for": 4, "against": 4}, "tied"),
        # Four present where the quorum is five: nothing is adopted, however they vote.
        ("simple", 5, 4, {"for": 4}, "no_quorum"),
        ("two_thirds", 5, 4, {"for": 4}, "no_quorum"),
    ],
)
def test_the_rule_decides_the_recorded_outcome(
    fengshu, council, rule, quorum, present, choices, expected
):
    set_rules(fengshu, vote_rule=rule, quorum=quorum)
    held = meeting(fengshu, council.staff)
    item = open_item(fengshu, council.staff, held)
    tallied = vote_with(
        fengshu, item, present=council.members[:present], staff=council.staff, **choices
    )
    counts = (choices.get("for", 0), choices.get("against", 0), choices.get("abstain", 0))
    assert _tally(tallied) == (*counts, present, rule, quorum, expected)
    with in_schema(fengshu):
        assert _tally(AgendaItem.objects.get(pk=item.pk)) == _tally(tallied)


def test_outcome_table_at_the_edges():
    assert outcome(rule="simple", quorum=1, present=1, yes=0, no=0, abstain=1) == "tied"
    assert outcome(rule="two_thirds", quorum=1, present=3, yes=2, no=1, abstain=0) == "adopted"
    assert outcome(rule="two_thirds", quorum=1, present=3, yes=0, no=0, abstain=0) == "tied"
    assert outcome(rule="simple", quorum=3, present=2, yes=2, no=0, abstain=0) == "no_quorum"


def test_one_vote_per_voter_only_when_present_and_nothing_after_the_close(fengshu, council):
    set_rules(fengshu, quorum=1)
    held = meeting(fengshu, council.staff)
    item = open_item(fengshu, council.staff, held)
    voter, absent = council.members[0], council.members[1]
    with in_schema(fengshu):
        meeting_services.attendance_record(
            actor=council.staff, community=fengshu, meeting=held, user=voter
        )

        def cast(person, choice="for"):
            with pytest.raises(DomainError) as refused:
                vote_services.vote_cast(actor=person, community=fengshu, item=item, choice=choice)
            return refused.value.code

        vote_services.vote_cast(actor=voter, community=fengshu, item=item, choice="for")
        assert cast(voter, "against") == DeliberationErrorCode.ALREADY_VOTED
        assert cast(absent) == DeliberationErrorCode.NOT_PRESENT
        tallied = vote_services.vote_tally(actor=council.staff, community=fengshu, item=item)
        assert (tallied.votes_for, tallied.outcome) == (1, "adopted")
        assert tallied.vote_closes_at <= timezone.now()
        meeting_services.attendance_record(
            actor=council.staff, community=fengshu, meeting=held, user=absent
        )
        assert cast(absent) == DeliberationErrorCode.VOTE_NOT_OPEN
        with pytest.raises(DomainError) as again:
            vote_services.vote_tally(actor=council.staff, community=fengshu, item=item)
        assert again.value.code == DeliberationErrorCode.VOTE_NOT_OPEN
        assert list(Vote.objects.values_list("voter_id", "choice")) == [(voter.pk, "for")]
        assert AgendaItem.objects.get(pk=item.pk).present == 1


def test_a_vote_not_yet_open_refuses_votes(fengshu, council):
    held = meeting(fengshu, council.staff)
    now = timezone.now()
    with in_schema(fengshu):
        item = meeting_services.item_add(
            actor=council.staff,
            community=fengshu,
            meeting=held,
            title="明天表决",
            vote_opens_at=now + timedelta(days=1),
            vote_closes_at=now + timedelta(days=1, hours=1),
        )
        meeting_services.attendance_record(
            actor=council.staff, community=fengshu, meeting=held, user=council.members[0]
        )
        with pytest.raises(DomainError) as refused:
            vote_services.vote_cast(
                actor=council.members[0], community=fengshu, item=item, choice="for"
            )
        assert refused.value.code == DeliberationErrorCode.VOTE_NOT_OPEN
        with pytest.raises(DomainError) as bad_window:
            meeting_services.item_add(
                actor=council.staff,
                community=fengshu,
                meeting=held,
                title="时间颠倒",
                vote_opens_at=now + timedelta(hours=2),
                vote_closes_at=now + timedelta(hours=1),
            )
        assert bad_window.value.code == DeliberationErrorCode.INVALID_TIME
        assert AgendaItem.objects.filter(meeting=held).count() == 1


def test_the_job_tallies_votes_whose_time_is_up_once(fengshu, council):
    from commonweal.governance.deliberation.tasks import tally_community

    set_rules(fengshu, quorum=1)
    held = meeting(fengshu, council.staff)
    due = open_item(fengshu, council.staff, held, title="到时表决")
    with in_schema(fengshu):
        closes = AgendaItem.objects.get(pk=due.pk).vote_closes_at
        later = meeting_services.item_add(
            actor=council.staff,
            community=fengshu,
            meeting=held,
            title="稍后表决",
            vote_opens_at=closes - timedelta(hours=1),
            vote_closes_at=closes + timedelta(hours=2),
        )
        meeting_services.attendance_record(
            actor=council.staff, community=fengshu, meeting=held, user=council.members[0]
        )
        vote_services.vote_cast(actor=council.members[0], community=fengshu, item=due, choice="for")

    # before its close nothing is tallied; from its close the job tallies it, once
    assert tally_community(fengshu, now=closes - timedelta(seconds=1)) == 0
    assert tally_community(fengshu, now=closes) == 1
    assert tally_community(fengshu, now=closes + timedelta(minutes=5)) == 0
    with in_schema(fengshu):
        tallied = AgendaItem.objects.get(pk=due.pk)
        waiting = AgendaItem.objects.get(pk=later.pk)
    assert (tallied.votes_for, tallied.present, tallied.outcome) == (1, 1, "adopted")
    assert tallied.tallied_at is not None and waiting.tallied_at is None
