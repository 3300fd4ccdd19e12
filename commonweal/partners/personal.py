from commonweal.partners.models import (
    Evaluation,
    Fulfilment,
    PartnerCall,
    Partnership,
    PartnershipTransition,
    Recognition,
    ServiceRating,
)
from commonweal.privacy.registry import TEXT, person_rows

person_rows(PartnerCall, mentions=("created_by",))
person_rows(Partnership, mentions=("applied_by",), scrub=("statement", "status_reason"))
person_rows(PartnershipTransition, mentions=("actor",), scrub=("reason",))
person_rows(
    Fulfilment,
    owner=("recipient",),
    mentions=("recorded_by",),
    erase={"beneficiary": TEXT, "evidence": TEXT},
    scrub=("beneficiary", "evidence"),
)
person_rows(ServiceRating, owner=("rater",), erase={"comment": TEXT})
person_rows(Evaluation, mentions=("evaluated_by",), scrub=("comment",))
person_rows(Recognition, mentions=("awarded_by",), scrub=("citation",))
