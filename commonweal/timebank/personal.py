from commonweal.ledger.models import Leg
from commonweal.privacy.registry import NAME, person_rows
from commonweal.privacy.services.exports import person_export_section
from commonweal.timebank.models import (
    Certificate,
    CheckIn,
    Offer,
    Redemption,
    ServiceRecord,
    SignUp,
    Task,
    TaskSeries,
    TaskTransition,
    VolunteerProfile,
)
from commonweal.timebank.models.volunteers import wallet_code

person_rows(VolunteerProfile, owner=("user",), erase={"real_name": NAME})
person_rows(Certificate, owner=("volunteer",), mentions=("issued_by",), erase={"real_name": NAME})
person_rows(SignUp, owner=("volunteer",))
person_rows(CheckIn, owner=("volunteer",), mentions=("recorded_by",))
person_rows(ServiceRecord, owner=("volunteer",))
person_rows(Redemption, owner=("volunteer",), mentions=("verified_by",))
person_rows(Offer, mentions=("created_by",))
person_rows(TaskSeries, mentions=("created_by",))
person_rows(Task, mentions=("created_by",), scrub=("status_reason",))
person_rows(TaskTransition, mentions=("actor",), scrub=("reason",))


@person_export_section
def points(user) -> dict[str, list[dict]]:
    """The person's points on this community's ledger: every movement and the balance."""
    legs = (
        Leg.objects.filter(account__code=wallet_code(user.pk))
        .select_related("entry")
        .order_by("entry__occurred_at", "pk")
    )
    rows = [
        {
            "occurred_at": leg.entry.occurred_at.isoformat(),
            "kind": leg.entry.kind,
            "points": leg.amount,
            "memo": leg.entry.memo,
        }
        for leg in legs
    ]
    return {"timebank.points": rows}
