"""The deliberation pages of a community host: the public record, proposing and 联名, the
council's review, meetings with attendance, votes and minutes, and decisions followed to done.
Every write calls the same service as GraphQL, in one transaction; a refusal is shown in words
and changes nothing."""

from commonweal.governance.deliberation.views.decisions import decision_act, decision_detail
from commonweal.governance.deliberation.views.invitations import confirm
from commonweal.governance.deliberation.views.meetings import (
    meeting_act,
    meeting_detail,
    meeting_new,
)
from commonweal.governance.deliberation.views.proposals import (
    index,
    proposal_act,
    proposal_detail,
    proposal_new,
)
from commonweal.governance.deliberation.views.record import record_csv

__all__ = [
    "confirm",
    "decision_act",
    "decision_detail",
    "index",
    "meeting_act",
    "meeting_detail",
    "meeting_new",
    "proposal_act",
    "proposal_detail",
    "proposal_new",
    "record_csv",
]
