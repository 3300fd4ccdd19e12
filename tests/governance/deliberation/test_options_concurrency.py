"""At once, on separate connections: sixty voters on an options vote (sixty votes, none twice,
each counted for the option chosen), and voters racing the tally (every vote the tally saw is
counted, none slips in after it)."""

from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from commonweal.governance.deliberation.models import AgendaItem, Vote
from commonweal.governance.deliberation.services import meetings as meeting_services
from commonweal.governance.deliberation.services import votes as vote_services
from commonweal.governance.deliberation.services.rules import settings_update
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role
from tests.fixtures import make_member
from tests.governance.deliberation.test_concurrency import _all_at_once, community  # noqa: F401

PLANS = ["方案一：地面新建车棚", "方案二：改造负一层坡道", "方案三：维持现状"]


def _options_vote(community, voters):  # noqa: F811
    staff = make_member(community, Role.STAFF, name="社工")
    connection.set_tenant(community)
    settings_update(
        actor=staff,
        community=community,
        support_threshold=10,
        vote_rule="simple",
        quorum=30,
        proposer_roles=[],
        open_votes=False,
    )
    with transaction.atomic():
        meeting = meeting_services.meeting_schedule(
            actor=staff,
            community=community,
            title="大观苑坝坝会",
            kind="courtyard",
            starts_at=timezone.now() + timedelta(hours=1),
            place="大观苑中庭",
        )
        item = meeting_services.item_add(
            actor=staff,
            community=community,
            meeting=meeting,
            title="非机动车停放方案",
            vote_opens_at=timezone.now() - timedelta(minutes=1),
            vote_closes_at=timezone.now() + timedelta(hours=1),
            options=PLANS,
        )
    for voter in voters:
        meeting_services.attendance_record(
            actor=staff, community=community, meeting=meeting, user=voter
        )
    return staff, item, list(item.options.order_by("position"))


def test_sixty_voters_at_once_on_an_options_vote_make_sixty_votes_none_twice(community):  # noqa: F811
    voters = [make_member(community, Role.RESIDENT, name=f"居民{i}") for i in range(60)]
    staff, item, options = _options_vote(community, voters)
    # 31 for 方案一, 17 for 方案二, 12 for 方案三.
    chosen = {v.pk: options[0 if i < 31 else 1 if i < 48 else 2] for i, v in enumerate(voters)}

    def vote(voter):
        for _ in range(2):  # each twice: only the database can stop the second
            try:
                vote_services.vote_cast(
                    actor=voter, community=community, item=item, option_id=chosen[voter.pk].pk
                )
            except DomainError as error:
                if error.code != "ALREADY_VOTED":
                    raise

    assert _all_at_once(community, voters, vote) == []
    connection.set_tenant(community)
    assert Vote.objects.filter(item=item).count() == 60
    assert sorted(Vote.objects.values_list("voter_id", flat=True)) == sorted(v.pk for v in voters)
    assert all(vote.option_id == chosen[vote.voter_id].pk for vote in Vote.objects.all())
    vote_services.vote_tally(actor=staff, community=community, item=item)
    stored = AgendaItem.objects.get(pk=item.pk)
    assert [o.votes for o in stored.options.order_by("position")] == [31, 17, 12]
    # 31 of 60 is more than half.
    assert (stored.outcome, stored.winning_option_id, stored.present) == (
        "adopted",
        options[0].pk,
        60,
    )


def test_voters_racing_the_tally_are_all_counted_or_refused(community):  # noqa: F811
    voters = [make_member(community, Role.RESIDENT, name=f"居民{i}") for i in range(40)]
    staff, item, options = _options_vote(community, voters)
    refused = []

    def act(person):
        if person is staff:
            vote_services.vote_tally(actor=staff, community=community, item=item)
            return
        try:
            vote_services.vote_cast(
                actor=person, community=community, item=item, option_id=options[person.pk % 3].pk
            )
        except DomainError as error:
            assert error.code == "VOTE_NOT_OPEN"
            refused.append(person.pk)

    assert _all_at_once(community, [*voters, staff], act) == []
    connection.set_tenant(community)
    stored = AgendaItem.objects.get(pk=item.pk)
    counted = [o.votes for o in stored.options.order_by("position")]
    cast = Vote.objects.filter(item=item).count()
    # The tally counted exactly the votes stored; the others were refused, none lost.
    assert sum(counted) == cast
    assert cast + len(refused) == 40
    for position, option in enumerate(options):
        assert counted[position] == Vote.objects.filter(option=option).count()
