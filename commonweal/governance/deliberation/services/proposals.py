"""提议题 and 审议题: a proposal is made, supported (联名), reviewed — put on an agenda, merged
or declined with a published reason — and decided when its meeting's minutes are published.

Reaching the support threshold moves a proposal to review exactly once: supporters take the
proposal's row lock in turn, so the one whose support reaches the threshold sees PROPOSED and
moves it; everyone after sees IN_REVIEW and only adds their name.
"""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from commonweal.governance.deliberation.error_codes import DeliberationErrorCode
from commonweal.governance.deliberation.models import (
    Proposal,
    ProposalScope,
    ProposalStatus,
    ProposalSupport,
    ProposalTransition,
)
from commonweal.governance.deliberation.services.lifecycle import lock, move, move_table
from commonweal.governance.deliberation.services.rules import rules
from commonweal.governance.deliberation.services.search import sync_proposal
from commonweal.governance.deliberation.services.text import required_text
from commonweal.platform.kernel.db import insert_once
from commonweal.platform.kernel.errors import DomainError

P = ProposalStatus
TRANSITIONS = move_table(
    review=({P.PROPOSED}, P.IN_REVIEW),
    accept=({P.PROPOSED, P.IN_REVIEW}, P.ON_AGENDA),
    merge=({P.PROPOSED, P.IN_REVIEW}, P.MERGED),
    decline=({P.PROPOSED, P.IN_REVIEW}, P.DECLINED, True),
    decide=({P.ON_AGENDA}, P.DECIDED),
)
OPEN_STATUSES = frozenset({P.PROPOSED, P.IN_REVIEW})
# Everything is public but what was merged away (its supporters moved to the other).
PUBLIC_STATUSES = frozenset(set(P) - {P.MERGED})


def may_propose(roles) -> bool:
    allowed = rules().proposer_roles
    return bool(roles) and (not allowed or bool(set(roles) & set(allowed)))


def proposal_submit(
    *,
    actor,
    community,
    roles,
    title,
    proposal,
    background="",
    scope=ProposalScope.COMMUNITY,
    place="",
    need=None,
) -> Proposal:
    """A member whose role the community lets propose submits a proposal (optionally from a
    need of the needs list)."""
    if not may_propose(roles):
        raise DomainError(
            DeliberationErrorCode.NOT_ALLOWED_TO_PROPOSE,
            _("In this community, proposals are made by other roles."),
        )
    if scope not in ProposalScope.values:
        scope = ProposalScope.COMMUNITY
    place = required_text(place, field="place", limit=80, required=False)
    if scope == ProposalScope.PLACE and not place:
        raise DomainError(
            DeliberationErrorCode.PLACE_REQUIRED, _("Name the courtyard or place."), field="place"
        )
    now = timezone.now()
    made = Proposal.objects.create(
        title=required_text(title, field="title", limit=80),
        background=required_text(background, field="background", limit=2000, required=False),
        proposal=required_text(
            proposal,
            field="proposal",
            limit=2000,
            code=DeliberationErrorCode.PROPOSAL_REQUIRED,
        ),
        scope=scope,
        place=place,
        need=need,
        proposed_by=actor,
        status=P.PROPOSED,
        status_changed_at=now,
        created_at=now,
    )
    ProposalTransition.objects.create(
        proposal=made, from_status="", to_status=P.PROPOSED, actor=actor, at=now
    )
    sync_proposal(community, made)
    return made


def proposal_support(*, actor, community, proposal: Proposal) -> Proposal:
    """联名: once per person (asking again changes nothing); at the threshold the proposal goes
    to review, exactly once (see the module docstring)."""
    if proposal.proposed_by_id == actor.pk:
        raise DomainError(
            DeliberationErrorCode.OWN_PROPOSAL, _("You made this proposal yourself."), field="id"
        )
    with transaction.atomic():
        proposal = lock(Proposal, proposal.pk)
        if proposal.status not in OPEN_STATUSES:
            raise DomainError(
                DeliberationErrorCode.INVALID_TRANSITION,
                _("This proposal no longer gathers support."),
            )
        if not insert_once(
            ProposalSupport(proposal=proposal, user=actor), unique=("proposal", "user")
        ):
            return proposal
        proposal.support_count += 1
        proposal.save(update_fields=["support_count"])
        threshold = rules().support_threshold
        if proposal.status == P.PROPOSED and proposal.support_count >= threshold:
            # Stored once, in the language the community's record is kept in.
            with translation.override("zh-hans"):
                reason = str(
                    _("%(count)d supporters reached the threshold.")
                    % {"count": proposal.support_count}
                )
            move(
                proposal,
                table=TRANSITIONS,
                verb="review",
                actor=None,
                reason=reason,
                log=ProposalTransition,
                log_field="proposal",
            )
            sync_proposal(community, proposal)
    return proposal


def _move(*, actor, community, proposal: Proposal, verb: str, reason: str = "") -> Proposal:
    proposal = lock(Proposal, proposal.pk)
    move(
        proposal,
        table=TRANSITIONS,
        verb=verb,
        actor=actor,
        reason=reason,
        log=ProposalTransition,
        log_field="proposal",
    )
    sync_proposal(community, proposal)
    return proposal


def proposal_send_to_review(*, actor, community, proposal: Proposal) -> Proposal:
    """The office takes a proposal into review before it has all its supporters."""
    return _move(actor=actor, community=community, proposal=proposal, verb="review")


def proposal_accept(*, actor, community, proposal: Proposal, meeting=None) -> Proposal:
    """The council accepts a proposal onto an agenda (of `meeting`, when given)."""
    proposal = _move(actor=actor, community=community, proposal=proposal, verb="accept")
    if meeting is not None:
        from commonweal.governance.deliberation.services.meetings import item_add

        item_add(actor=actor, community=community, meeting=meeting, proposal=proposal)
    return proposal


def proposal_decline(*, actor, community, proposal: Proposal, reason: str) -> Proposal:
    """Declined with a reason the public reads."""
    proposal = _move(
        actor=actor, community=community, proposal=proposal, verb="decline", reason=reason
    )
    Proposal.objects.filter(pk=proposal.pk).update(status_reason=reason.strip())
    proposal.status_reason = reason.strip()
    return proposal


def proposal_merge(*, actor, community, proposal: Proposal, into: Proposal) -> Proposal:
    """Merge a duplicate into an open proposal; its proposer and supporters support the other
    (each person once)."""
    if proposal.pk == into.pk:
        raise DomainError(
            DeliberationErrorCode.MERGE_INTO_ITSELF,
            _("A proposal cannot be merged into itself."),
            field="into",
        )
    first, second = sorted([proposal.pk, into.pk])
    lock(Proposal, first), lock(Proposal, second)
    into = Proposal.objects.get(pk=into.pk)
    if into.status not in OPEN_STATUSES | {P.ON_AGENDA}:
        raise DomainError(
            DeliberationErrorCode.INVALID_TRANSITION,
            _("The proposal to merge into is no longer open."),
            field="into",
        )
    proposal = _move(
        actor=actor, community=community, proposal=proposal, verb="merge", reason=f"→ #{into.pk}"
    )
    people = set(
        ProposalSupport.objects.filter(proposal=proposal).values_list("user_id", flat=True)
    )
    if proposal.proposed_by_id:
        people.add(proposal.proposed_by_id)
    people.discard(into.proposed_by_id)
    added = sum(
        insert_once(ProposalSupport(proposal=into, user_id=user_id), unique=("proposal", "user"))
        for user_id in sorted(people)
    )
    into.support_count += added
    into.save(update_fields=["support_count"])
    Proposal.objects.filter(pk=proposal.pk).update(merged_into=into)
    proposal.merged_into = into
    return proposal


def proposal_decide(*, actor, community, proposal: Proposal, reason: str = "") -> Proposal:
    """Its meeting's minutes are published: the proposal is decided (议决)."""
    return _move(actor=actor, community=community, proposal=proposal, verb="decide", reason=reason)
