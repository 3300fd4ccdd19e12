"""提议题 → 审议题: proposing, 联名 up to the threshold, review, decline, merge."""

import pytest

from commonweal.governance.deliberation.error_codes import DeliberationErrorCode
from commonweal.governance.deliberation.models import (
    Proposal,
    ProposalStatus,
    ProposalSupport,
    ProposalTransition,
)
from commonweal.governance.deliberation.services import proposals as services
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role
from tests.governance.deliberation.fixtures import propose, set_rules
from tests.partners.fixtures import in_schema


def _support(community, proposal, people):
    with in_schema(community):
        for person in people:
            proposal = services.proposal_support(
                actor=person, community=community, proposal=proposal
            )
    return proposal


def test_reaching_the_threshold_moves_to_review_once_with_one_recorded_transition(fengshu, council):
    set_rules(fengshu, support_threshold=3)
    proposal = propose(fengshu, council.proposer)
    proposal = _support(fengshu, proposal, council.members[:2])
    assert (proposal.status, proposal.support_count) == (ProposalStatus.PROPOSED, 2)
    proposal = _support(fengshu, proposal, council.members[2:6])
    with in_schema(fengshu):
        assert Proposal.objects.get(pk=proposal.pk).support_count == 6
        assert list(
            ProposalTransition.objects.filter(proposal=proposal).values_list(
                "from_status", "to_status", "actor"
            )
        ) == [("", "proposed", council.proposer.pk), ("proposed", "in_review", None)]
        reason = ProposalTransition.objects.get(proposal=proposal, to_status="in_review").reason
        assert reason == "联名人数达到 3 人，自动进入审议。"


def test_supporting_twice_counts_once_and_the_proposer_cannot_support(fengshu, council):
    proposal = propose(fengshu, council.proposer)
    _support(fengshu, proposal, [council.members[0], council.members[0]])
    with in_schema(fengshu):
        assert Proposal.objects.get(pk=proposal.pk).support_count == 1
        assert ProposalSupport.objects.filter(proposal=proposal).count() == 1
        with pytest.raises(DomainError) as refused:
            services.proposal_support(actor=council.proposer, community=fengshu, proposal=proposal)
    assert refused.value.code == DeliberationErrorCode.OWN_PROPOSAL


def test_only_the_roles_the_community_sets_may_propose(fengshu, council):
    set_rules(fengshu, proposer_roles=["staff", "grid_worker"])
    with in_schema(fengshu), pytest.raises(DomainError) as refused:
        services.proposal_submit(
            actor=council.proposer,
            community=fengshu,
            roles={Role.RESIDENT},
            title="加装电梯",
            proposal="老旧小区加装电梯",
        )
    assert refused.value.code == DeliberationErrorCode.NOT_ALLOWED_TO_PROPOSE
    with in_schema(fengshu):
        assert Proposal.objects.count() == 0
        made = services.proposal_submit(
            actor=council.staff,
            community=fengshu,
            roles={Role.STAFF},
            title="加装电梯",
            proposal="老旧小区加装电梯",
            scope="place",
            place="五号院",
        )
    assert (made.scope, made.place, made.status) == ("place", "五号院", "proposed")


def test_a_courtyard_proposal_names_its_courtyard(fengshu, council):
    with pytest.raises(DomainError) as refused:
        propose(fengshu, council.proposer, scope="place", place=" ")
    assert (refused.value.code, refused.value.field) == ("PLACE_REQUIRED", "place")


def test_declining_publishes_the_reason_and_a_refused_move_changes_nothing(fengshu, council):
    proposal = propose(fengshu, council.proposer)
    with in_schema(fengshu):
        with pytest.raises(DomainError) as refused:
            services.proposal_decline(
                actor=council.staff, community=fengshu, proposal=proposal, reason="  "
            )
        assert refused.value.code == DeliberationErrorCode.REASON_REQUIRED
        assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.PROPOSED
        declined = services.proposal_decline(
            actor=council.staff,
            community=fengshu,
            proposal=proposal,
            reason="属于物业职责，已转交物业",
        )
        assert (declined.status, declined.status_reason) == ("declined", "属于物业职责，已转交物业")
        before = list(ProposalTransition.objects.values_list("pk", flat=True))
        with pytest.raises(DomainError) as again:
            services.proposal_accept(actor=council.staff, community=fengshu, proposal=declined)
        assert again.value.code == DeliberationErrorCode.INVALID_TRANSITION
        assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DECLINED
        assert list(ProposalTransition.objects.values_list("pk", flat=True)) == before


def test_merging_moves_proposer_and_supporters_to_the_other_once(fengshu, council):
    kept = propose(fengshu, council.proposer, title="三号院停车难")
    duplicate = propose(fengshu, council.members[0], title="停车位不够")
    _support(fengshu, duplicate, [council.members[1], council.proposer])
    _support(fengshu, kept, [council.members[1]])
    with in_schema(fengshu):
        merged = services.proposal_merge(
            actor=council.staff, community=fengshu, proposal=duplicate, into=kept
        )
        assert (merged.status, merged.merged_into_id) == ("merged", kept.pk)
        # members[0] (the duplicate's proposer) joins; members[1] already supported; the kept
        # proposal's own proposer is never its supporter.
        assert Proposal.objects.get(pk=kept.pk).support_count == 2
        assert sorted(
            ProposalSupport.objects.filter(proposal=kept).values_list("user_id", flat=True)
        ) == sorted([council.members[0].pk, council.members[1].pk])
