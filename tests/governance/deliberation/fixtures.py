"""Deliberation fixtures: a council (居民议事会) of Fengshu, proposals and meetings in any state,
votes arranged so that each rule's outcome can be read off exactly."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from commonweal.governance.deliberation.models import DeliberationSettings, Meeting
from commonweal.governance.deliberation.services import meetings as meeting_services
from commonweal.governance.deliberation.services import proposals as proposal_services
from commonweal.governance.deliberation.services import votes as vote_services
from commonweal.platform.kernel.roles import Role
from tests.fixtures import make_member
from tests.partners.fixtures import in_schema


@dataclass
class Council:
    staff: object
    admin: object
    proposer: object
    members: list


@pytest.fixture
def council(fengshu) -> Council:
    return Council(
        staff=make_member(fengshu, Role.STAFF, name="社工李强"),
        admin=make_member(fengshu, Role.ADMIN, name="书记"),
        proposer=make_member(fengshu, Role.RESIDENT, name="居民张伟"),
        members=[make_member(fengshu, Role.RESIDENT, name=f"议事会成员{i}") for i in range(9)],
    )


def set_rules(community, **fields):
    with in_schema(community):
        row = DeliberationSettings.objects.filter(pk=1).first() or DeliberationSettings(pk=1)
        for name, value in fields.items():
            setattr(row, name, value)
        row.save()


def propose(community, actor, *, title="院落停车位重新划线", **extra):
    with in_schema(community):
        return proposal_services.proposal_submit(
            actor=actor,
            community=community,
            roles={Role.RESIDENT},
            title=title,
            background=extra.pop("background", "三号院停车位划线模糊，经常堵住消防通道。"),
            proposal=extra.pop("proposal", "由议事会组织重新划线，并设置消防通道标识。"),
            **extra,
        )


def meeting(community, actor, *, kind="council", title="居民议事会第三次会议", **extra):
    with in_schema(community):
        return meeting_services.meeting_schedule(
            actor=actor,
            community=community,
            title=title,
            kind=kind,
            starts_at=extra.pop("starts_at", timezone.now() + timedelta(days=2)),
            place=extra.pop("place", "社区党群服务中心二楼议事厅"),
            **extra,
        )


def open_item(community, actor, meeting_row: Meeting, *, title="是否重新划线", proposal=None):
    """An item whose vote opened a minute ago and closes in an hour."""
    now = timezone.now()
    with in_schema(community):
        return meeting_services.item_add(
            actor=actor,
            community=community,
            meeting=meeting_row,
            proposal=proposal,
            title=title,
            vote_opens_at=now - timedelta(minutes=1),
            vote_closes_at=now + timedelta(hours=1),
        )


def vote_with(community, item, *, present, staff, **choices):
    """`present` members are recorded at the meeting; `choices` maps for/against/abstain to how
    many of them vote so (in that order)."""
    with in_schema(community):
        for person in present:
            meeting_services.attendance_record(
                actor=staff, community=community, meeting=item.meeting, user=person
            )
        voters = iter(present)
        for choice in ("for", "against", "abstain"):
            for _ in range(choices.get(choice, 0)):
                vote_services.vote_cast(
                    actor=next(voters), community=community, item=item, choice=choice
                )
        return vote_services.vote_tally(actor=staff, community=community, item=item)
