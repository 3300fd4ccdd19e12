"""At once, on separate connections: a hundred voters on one item (a hundred votes, none twice)
and thirty supporters crossing the threshold (review entered exactly once)."""

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from commonweal.governance.deliberation.models import (
    AgendaItem,
    Proposal,
    ProposalSupport,
    ProposalTransition,
    Vote,
)
from commonweal.governance.deliberation.services import meetings as meeting_services
from commonweal.governance.deliberation.services import proposals as proposal_services
from commonweal.governance.deliberation.services import votes as vote_services
from commonweal.governance.deliberation.services.rules import settings_update
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role
from tests.fixtures import make_community, make_member


def _all_at_once(community, people, act):
    """Run `act(person)` for everyone, each thread on its own connection, released together;
    every person twice (two at once) so that a duplicate can only be stopped by the database."""
    barrier = threading.Barrier(len(people))
    errors = []

    def run(person):
        connection.set_tenant(community)
        try:
            barrier.wait()
            act(person)
        except Exception as error:  # pragma: no cover - the assertion shows it
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(p,)) for p in people]
    # The server takes 100 clients: this thread's connection would be the 101st.
    connection.close()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def community(transactional_db):
    connection.set_schema_to_public()
    made = make_community("yishi", name="议事社区")
    yield made
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{made.schema_name}" CASCADE')


def test_a_hundred_voters_at_once_make_a_hundred_votes_none_twice(community):
    staff = make_member(community, Role.STAFF, name="社工")
    voters = [make_member(community, Role.RESIDENT, name=f"居民{i}") for i in range(100)]
    connection.set_tenant(community)
    settings_update(
        actor=staff,
        community=community,
        support_threshold=10,
        vote_rule="two_thirds",
        quorum=50,
        proposer_roles=[],
        open_votes=False,
    )
    with transaction.atomic():
        meeting, item = _meeting_with_a_vote(staff, community)
    for voter in voters:
        meeting_services.attendance_record(
            actor=staff, community=community, meeting=meeting, user=voter
        )
    choices = {voter.pk: ("for", "against")[i % 3 == 0] for i, voter in enumerate(voters)}

    def vote(voter):
        for _ in range(2):
            try:
                vote_services.vote_cast(
                    actor=voter, community=community, item=item, choice=choices[voter.pk]
                )
            except DomainError as error:
                if error.code != "ALREADY_VOTED":
                    raise

    assert _all_at_once(community, voters, vote) == []
    connection.set_tenant(community)
    assert Vote.objects.filter(item=item).count() == 100
    assert sorted(Vote.objects.values_list("voter_id", flat=True)) == sorted(v.pk for v in voters)
    tallied = vote_services.vote_tally(actor=staff, community=community, item=item)
    # i % 3 == 0 for 34 of 0..99: 66 for, 34 against; 66 falls short of ⅔ of 100 (66⅔).
    assert (tallied.votes_for, tallied.votes_against, tallied.present, tallied.outcome) == (
        66,
        34,
        100,
        "rejected",
    )
    assert AgendaItem.objects.get(pk=item.pk).outcome == "rejected"


def _meeting_with_a_vote(staff, community):
    meeting = meeting_services.meeting_schedule(
        actor=staff,
        community=community,
        title="居民代表大会",
        kind="council",
        starts_at=timezone.now() + timedelta(hours=1),
        place="坝坝会场地",
    )
    item = meeting_services.item_add(
        actor=staff,
        community=community,
        meeting=meeting,
        title="小区改造方案",
        vote_opens_at=timezone.now() - timedelta(minutes=1),
        vote_closes_at=timezone.now() + timedelta(hours=1),
    )
    return meeting, item


def test_thirty_supporters_at_once_move_the_proposal_to_review_exactly_once(community):
    staff = make_member(community, Role.STAFF, name="社工")
    proposer = make_member(community, Role.RESIDENT, name="提议人")
    supporters = [make_member(community, Role.RESIDENT, name=f"联名{i}") for i in range(30)]
    connection.set_tenant(community)
    settings_update(
        actor=staff,
        community=community,
        support_threshold=10,
        vote_rule="simple",
        quorum=5,
        proposer_roles=[],
        open_votes=False,
    )
    proposal = proposal_services.proposal_submit(
        actor=proposer,
        community=community,
        roles={Role.RESIDENT},
        title="增设电动车充电桩",
        proposal="在五号院增设充电桩，杜绝飞线充电。",
    )

    def support(person):
        for _ in range(2):
            proposal_services.proposal_support(actor=person, community=community, proposal=proposal)

    assert _all_at_once(community, supporters, support) == []
    connection.set_tenant(community)
    assert Proposal.objects.get(pk=proposal.pk).support_count == 30
    assert ProposalSupport.objects.filter(proposal=proposal).count() == 30
    assert list(
        ProposalTransition.objects.filter(proposal=proposal).values_list("from_status", "to_status")
    ) == [("", "proposed"), ("proposed", "in_review")]
    assert Proposal.objects.get(pk=proposal.pk).status == "in_review"
