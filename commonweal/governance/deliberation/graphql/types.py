"""GraphQL types of the public record of deliberation.

Nobody's vote is shown unless the community's rule makes votes open, and then only once the
vote is tallied; who came to a meeting is read by the office (everyone reads how many came).
"""

from datetime import date, datetime

import strawberry
import strawberry_django
from django.db.models import Count, Prefetch
from django.utils import timezone
from strawberry import relay
from strawberry.types import Info

from commonweal.governance.deliberation.models import (
    AgendaItem,
    Attendance,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingInvitation,
    MeetingKind,
    MeetingStatus,
    Proposal,
    ProposalScope,
    ProposalStatus,
    ProposalTransition,
    Vote,
    VoteChoice,
    VoteOption,
    VoteOutcome,
    VoteRule,
)
from commonweal.governance.deliberation.services.rules import rules
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.graphql.ids import global_id
from commonweal.platform.kernel.graphql.permissions import HasRole
from commonweal.platform.kernel.roles import OFFICE_ROLES
from commonweal.privacy.masking import resident_text

ProposalStatusEnum = strawberry.enum(
    ProposalStatus, name="DeliberationProposalStatus", description="Where a proposal (议题) stands."
)
ProposalScopeEnum = strawberry.enum(
    ProposalScope, name="DeliberationProposalScope", description="Whole community or one courtyard."
)
MeetingKindEnum = strawberry.enum(
    MeetingKind, name="MeetingKind", description="议事会, 坝坝会 or 联席会."
)
MeetingStatusEnum = strawberry.enum(
    MeetingStatus, name="MeetingStatus", description="Where a meeting stands."
)
VoteChoiceEnum = strawberry.enum(
    VoteChoice, name="VoteChoice", description="For, against, abstain."
)
VoteOutcomeEnum = strawberry.enum(
    VoteOutcome, name="VoteOutcome", description="What the rule made of a tally."
)
VoteRuleEnum = strawberry.enum(VoteRule, name="VoteRule", description="Simple or two-thirds.")
DecisionStatusEnum = strawberry.enum(
    DecisionStatus, name="DecisionStatus", description="Where a decision's follow-up stands."
)


def _is_office(info: Info) -> bool:
    return bool(roles_in_current_community(info.context.request) & OFFICE_ROLES)


@strawberry.type(name="DeliberationSettings", description="The community's rules of deliberation.")
class SettingsType:
    support_threshold: int = strawberry.field(description="Supporters (联名) that send to review.")
    vote_rule: VoteRuleEnum = strawberry.field(description="The vote rule.")
    quorum: int = strawberry.field(description="Members present for a vote to count (法定人数).")
    proposer_roles: list[str] = strawberry.field(description="Roles that may propose; [] = all.")
    open_votes: bool = strawberry.field(description="Whether who voted how is published.")


@strawberry_django.type(
    ProposalTransition,
    name="DeliberationProposalStep",
    description="A recorded step of a proposal.",
)
class ProposalStepType:
    from_status: str = strawberry_django.field(description="State before ('' at creation).")
    to_status: str = strawberry_django.field(description="State after.")
    reason: str = strawberry_django.field(description="Why, as published.")
    at: datetime = strawberry_django.field(description="When.")


@strawberry_django.type(
    Proposal, name="DeliberationProposal", description="议题: a proposal to deliberate."
)
class ProposalType(relay.Node):
    title: str = resident_text("Short title.")
    background: str = resident_text("Background.")
    proposal: str = resident_text("What is proposed.")
    scope: ProposalScopeEnum = strawberry_django.field(description="Whole community or a place.")
    place: str = resident_text("The courtyard or place, if any.")
    status: ProposalStatusEnum = strawberry_django.field(description="Where it stands.")
    status_reason: str = strawberry_django.field(description="The published reason of a decline.")
    support_count: int = strawberry_django.field(description="Supporters (联名).")
    created_at: datetime = strawberry_django.field(description="When it was proposed.")
    transitions: list[ProposalStepType] = strawberry_django.field(
        description="Its recorded steps, oldest first."
    )

    @strawberry_django.field(only=["proposed_by_id"], description="True when you proposed it.")
    def proposed_by_you(self, info: Info) -> bool:
        user = info.context.request.user
        return bool(user.is_authenticated and self.proposed_by_id == user.pk)

    @strawberry_django.field(only=["need_id"], description="The need (Need) it came from.")
    def need_id(self) -> relay.GlobalID | None:
        return global_id("Need", self.need_id) if self.need_id else None

    @strawberry_django.field(only=["merged_into_id"], description="Proposal it was merged into.")
    def merged_into_id(self) -> relay.GlobalID | None:
        if self.merged_into_id is None:
            return None
        return global_id("DeliberationProposal", self.merged_into_id)


@strawberry.type(name="CastVote", description="One member's vote, where votes are open.")
class CastVoteType:
    name: str = strawberry.field(description="The voter's name.")
    choice: VoteChoiceEnum | None = strawberry.field(description="How they voted (plain items).")
    option: str | None = strawberry.field(description="The option they chose (items with options).")


@strawberry_django.type(
    VoteOption, name="VoteOption", description="One of an item's options (表决方案)."
)
class VoteOptionType(relay.Node):
    label: str = strawberry_django.field(description="The option, as voters read it.")
    position: int = strawberry_django.field(description="Order among the item's options.")
    votes: int | None = strawberry_django.field(description="Votes it received, once tallied.")


def _open_votes(info) -> bool:
    """Whether the community's votes are open, read once per request (not once per item)."""
    request = info.context.request
    if not hasattr(request, "deliberation_open_votes"):
        request.deliberation_open_votes = rules().open_votes
    return request.deliberation_open_votes


def _your_votes(info) -> Prefetch:
    """The caller's own vote on each item, fetched with the items (none for the anonymous)."""
    user = info.context.request.user
    mine = Vote.objects.filter(voter_id=user.pk) if user.is_authenticated else Vote.objects.none()
    return Prefetch("votes", queryset=mine, to_attr="your_votes")


@strawberry_django.type(AgendaItem, name="AgendaItem", description="An item of a meeting.")
class AgendaItemType(relay.Node):
    title: str = strawberry_django.field(description="Title.")
    notes: str = strawberry_django.field(description="Discussion notes.")
    position: int = strawberry_django.field(description="Order on the agenda.")
    vote_opens_at: datetime | None = strawberry_django.field(description="Vote opens (if any).")
    vote_closes_at: datetime | None = strawberry_django.field(description="Vote closes.")
    votes_for: int | None = strawberry_django.field(description="For, once tallied.")
    votes_against: int | None = strawberry_django.field(description="Against, once tallied.")
    votes_abstain: int | None = strawberry_django.field(description="Abstentions, once tallied.")
    present: int | None = strawberry_django.field(description="Members present at the tally.")
    quorum: int | None = strawberry_django.field(description="Quorum applied at the tally.")
    outcome: VoteOutcomeEnum | None = strawberry_django.field(
        description="The rule's outcome, once tallied."
    )
    tallied_at: datetime | None = strawberry_django.field(description="When it was tallied.")
    options: list[VoteOptionType] = strawberry_django.field(
        description="Its vote's options, in order; empty when the vote is for/against/abstain."
    )

    @strawberry_django.field(
        only=["winning_option_id"], description="The option adopted (VoteOption), once tallied."
    )
    def winning_option_id(self) -> relay.GlobalID | None:
        if self.winning_option_id is None:
            return None
        return global_id("VoteOption", self.winning_option_id)

    @strawberry_django.field(
        only=["need_id", "task_id", "project_id"],
        description="The need (Need), task (NeedsTask) or project (NeedsProject) it takes.",
    )
    def source_id(self) -> relay.GlobalID | None:
        for type_name, pk in (
            ("Need", self.need_id),
            ("NeedsTask", self.task_id),
            ("NeedsProject", self.project_id),
        ):
            if pk is not None:
                return global_id(type_name, pk)
        return None

    @strawberry_django.field(
        select_related=["meeting"], only=["meeting_id"], description="Its meeting."
    )
    def meeting(self) -> "MeetingType":
        return self.meeting

    @strawberry_django.field(only=["rule"], description="The rule applied at the tally.")
    def rule(self) -> VoteRuleEnum | None:
        return VoteRule(self.rule) if self.rule else None

    @strawberry_django.field(only=["proposal_id"], description="The proposal it deliberates.")
    def proposal_id(self) -> relay.GlobalID | None:
        return global_id("DeliberationProposal", self.proposal_id) if self.proposal_id else None

    @strawberry_django.field(
        only=["tallied_at", "meeting_id"],
        prefetch_related=[
            Prefetch(
                "votes",
                queryset=Vote.objects.select_related("option").order_by("pk"),
                to_attr="cast_votes",
            ),
            Prefetch("meeting__attendance", to_attr="present_people"),
        ],
        description="Who voted how: only where the community's votes are open, once tallied.",
    )
    def votes(self, info: Info) -> list[CastVoteType]:
        if self.tallied_at is None or not _open_votes(info):
            return []
        names = {a.user_id: a.name for a in self.meeting.present_people if a.user_id}
        return [
            CastVoteType(
                name=names.get(vote.voter_id, "—"),
                choice=VoteChoice(vote.choice) if vote.choice else None,
                option=vote.option.label if vote.option_id else None,
            )
            for vote in self.cast_votes
        ]

    @strawberry_django.field(
        only=["id"],
        prefetch_related=[_your_votes],
        description="Your own vote on it, if you voted.",
    )
    def your_vote(self, info: Info) -> VoteChoiceEnum | None:
        mine = getattr(self, "your_votes", [])
        return VoteChoice(mine[0].choice) if mine and mine[0].choice else None

    @strawberry_django.field(
        only=["id"],
        prefetch_related=[_your_votes],
        description="The option (VoteOption) you chose, if you voted on an item with options.",
    )
    def your_option_id(self, info: Info) -> relay.GlobalID | None:
        mine = getattr(self, "your_votes", [])
        if not mine or mine[0].option_id is None:
            return None
        return global_id("VoteOption", mine[0].option_id)


@strawberry_django.type(
    MeetingInvitation, name="MeetingInvitation", description="Who was asked to come."
)
class InvitationType:
    created_at: datetime = strawberry_django.field(description="When they were invited.")
    confirmed_at: datetime | None = strawberry_django.field(
        description="When a department confirmed through its link (报到)."
    )
    confirmation_note: str = strawberry_django.field(description="Its answer, if any.")

    @strawberry_django.field(
        select_related=["user", "partnership__organisation", "department"],
        only=["user_id", "partnership_id", "department_id"],
        description="The member, partner or department invited.",
    )
    def name(self) -> str:
        if self.department_id:
            return self.department.name
        if self.partnership_id:
            return self.partnership.organisation.legal_name
        return self.user.display_name

    @strawberry_django.field(
        only=["user_id", "partnership_id"], description="MEMBER, PARTNER or DEPARTMENT."
    )
    def kind(self) -> str:
        if self.user_id:
            return "MEMBER"
        return "PARTNER" if self.partnership_id else "DEPARTMENT"


@strawberry_django.type(Attendance, name="MeetingAttendee", description="One person present.")
class AttendeeType:
    name: str = strawberry_django.field(description="Name as recorded.")

    @strawberry_django.field(only=["user_id"], description="False for those without a phone.")
    def has_account(self) -> bool:
        return self.user_id is not None


@strawberry_django.type(Meeting, name="Meeting", description="A deliberation or joint meeting.")
class MeetingType(relay.Node):
    title: str = strawberry_django.field(description="Title.")
    kind: MeetingKindEnum = strawberry_django.field(description="Kind of meeting.")
    starts_at: datetime = strawberry_django.field(description="When it starts.")
    place: str = strawberry_django.field(description="Where.")
    online_link: str = strawberry_django.field(description="Online link, if any.")
    status: MeetingStatusEnum = strawberry_django.field(description="Where it stands.")
    minutes_published_at: datetime | None = strawberry_django.field(
        description="When the chair signed the minutes off."
    )
    items: list[AgendaItemType] = strawberry_django.field(description="The agenda, in order.")
    attendance: list[AttendeeType] | None = strawberry_django.field(
        description="Who came (office roles; null for others).",
        extensions=[HasRole(*OFFICE_ROLES)],
    )
    invitations: list[InvitationType] | None = strawberry_django.field(
        description="Who was invited, and which departments confirmed (office roles).",
        extensions=[HasRole(*OFFICE_ROLES)],
    )

    @strawberry_django.field(
        only=["minutes", "status"],
        description="Minutes (会议纪要): public once signed off; the office reads drafts.",
    )
    def minutes(self, info: Info) -> str | None:
        if self.status == MeetingStatus.PUBLISHED or _is_office(info):
            return self.minutes
        return None

    @strawberry_django.field(
        select_related=["chair", "chair_partnership__organisation"],
        only=["chair_id", "chair_partnership_id"],
        description="The chair: a person, or the partner whose turn it is (轮值主席).",
    )
    def chair_name(self) -> str:
        if self.chair_partnership_id:
            return self.chair_partnership.organisation.legal_name
        return self.chair.display_name if self.chair_id else ""

    @strawberry_django.field(
        only=["chair_partnership_id"], description="The chairing partner (Partner), if joint."
    )
    def chair_partner_id(self) -> relay.GlobalID | None:
        if self.chair_partnership_id is None:
            return None
        return global_id("Partner", self.chair_partnership_id)

    @strawberry_django.field(
        annotate={"_present": Count("attendance")}, description="How many came."
    )
    def attendance_count(self) -> int:
        present = getattr(self, "_present", None)  # not annotated when a mutation returns it
        return self.attendance.count() if present is None else present


@strawberry_django.type(Decision, name="Decision", description="落议题: a decision carried out.")
class DecisionType(relay.Node):
    title: str = strawberry_django.field(description="Title.")
    description: str = strawberry_django.field(description="What is to be done.")
    due_on: date = strawberry_django.field(description="Due.")
    status: DecisionStatusEnum = strawberry_django.field(description="Where it stands.")
    progress: str = strawberry_django.field(description="Latest progress, in words.")
    done_at: datetime | None = strawberry_django.field(description="When it was done.")

    @strawberry_django.field(only=["due_on", "status"], description="Past due and not done.")
    def overdue(self) -> bool:
        return self.status != DecisionStatus.DONE and self.due_on < timezone.localdate()

    @strawberry_django.field(only=["task_id"], description="Task (NeedsTask) made for it.")
    def task_id(self) -> relay.GlobalID | None:
        return global_id("NeedsTask", self.task_id) if self.task_id else None

    @strawberry_django.field(
        select_related=["item__meeting"], only=["item_id"], description="The meeting (Meeting)."
    )
    def meeting_id(self) -> relay.GlobalID:
        return global_id("Meeting", self.item.meeting_id)

    @strawberry_django.field(only=["owners"], description="True when you are one of its owners.")
    def owned_by_you(self, info: Info) -> bool:
        user = info.context.request.user
        return bool(user.is_authenticated and user.pk in self.owners)
