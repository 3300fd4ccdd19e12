from commonweal.governance.deliberation.models import (
    AgendaItem,
    Attendance,
    Decision,
    DecisionRating,
    DecisionTransition,
    Meeting,
    MeetingInvitation,
    MeetingTransition,
    Proposal,
    ProposalSupport,
    ProposalTransition,
    Vote,
)
from commonweal.privacy.registry import NAME, TEXT, person_rows

person_rows(
    Proposal,
    owner=("proposed_by",),
    erase={"title": TEXT, "background": TEXT, "proposal": TEXT},
    scrub=("status_reason",),
)
person_rows(ProposalSupport, owner=("user",))
person_rows(Meeting, mentions=("chair", "minutes_signed_by", "convened_by"), scrub=("minutes",))
person_rows(MeetingInvitation, owner=("user",))
person_rows(Attendance, owner=("user",), mentions=("recorded_by",), erase={"name": NAME})
person_rows(AgendaItem, scrub=("notes",))
person_rows(Vote, owner=("voter",))
person_rows(Decision, scrub=("description", "progress", "owners"))
person_rows(DecisionRating, owner=("user",), erase={"comment": TEXT})
for transitions in (ProposalTransition, MeetingTransition, DecisionTransition):
    person_rows(transitions, mentions=("actor",), scrub=("reason",))
