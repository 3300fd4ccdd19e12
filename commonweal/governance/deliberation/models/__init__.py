"""Deliberation (议事协商): 提议题 → 审议题 → 议议题 → 落议题, and joint meetings (联席会).

A member proposes (议题), others support it (联名); at the community's threshold it goes to the
council's review, which puts it on an agenda, merges or declines it. A meeting — the residents'
council (居民议事会), a courtyard meeting (坝坝会) or a joint meeting with partners (联席会) —
records who came, lets those present vote on each item within set times, and publishes its
minutes (会议纪要) once the chair signs them off. Each decision is then carried out by its
owners and rated by residents. Every lifecycle has a status column moved only by the services'
transition tables and an append-only transition log (who, when, why).
"""

from commonweal.governance.deliberation.models.agenda import (
    AgendaItem,
    Vote,
    VoteChoice,
    VoteOption,
    VoteOutcome,
)
from commonweal.governance.deliberation.models.decisions import (
    Decision,
    DecisionRating,
    DecisionStatus,
    DecisionTransition,
)
from commonweal.governance.deliberation.models.meetings import (
    Attendance,
    Meeting,
    MeetingInvitation,
    MeetingKind,
    MeetingStatus,
    MeetingTransition,
)
from commonweal.governance.deliberation.models.proposals import (
    DeliberationSettings,
    Proposal,
    ProposalScope,
    ProposalStatus,
    ProposalSupport,
    ProposalTransition,
    VoteRule,
)

__all__ = [
    "AgendaItem",
    "Attendance",
    "Decision",
    "DecisionRating",
    "DecisionStatus",
    "DecisionTransition",
    "DeliberationSettings",
    "Meeting",
    "MeetingInvitation",
    "MeetingKind",
    "MeetingStatus",
    "MeetingTransition",
    "Proposal",
    "ProposalScope",
    "ProposalStatus",
    "ProposalSupport",
    "ProposalTransition",
    "Vote",
    "VoteChoice",
    "VoteOption",
    "VoteOutcome",
    "VoteRule",
]
