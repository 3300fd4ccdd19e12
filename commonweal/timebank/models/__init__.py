"""What a community's time bank keeps (tenant schema). Points live on the ledger
(`commonweal.ledger`, unit PTS); service hours live here, apart from points."""

from commonweal.timebank.models.exchange import (
    Certificate,
    Offer,
    OfferStatus,
    Redemption,
    RedemptionStatus,
)
from commonweal.timebank.models.tasks import (
    CheckIn,
    CheckInMethod,
    ServiceRecord,
    SignUp,
    SignUpStatus,
    Task,
    TaskCategory,
    TaskSeries,
    TaskStatus,
    TaskTransition,
)
from commonweal.timebank.models.volunteers import Team, TimebankSettings, VolunteerProfile

__all__ = [
    "Certificate",
    "CheckIn",
    "CheckInMethod",
    "Offer",
    "OfferStatus",
    "Redemption",
    "RedemptionStatus",
    "ServiceRecord",
    "SignUp",
    "SignUpStatus",
    "Task",
    "TaskCategory",
    "TaskSeries",
    "TaskStatus",
    "TaskTransition",
    "Team",
    "TimebankSettings",
    "VolunteerProfile",
]
