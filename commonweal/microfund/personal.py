from commonweal.microfund.models import (
    Donation,
    DonationEvidence,
    MonthlyDonation,
    Proposal,
    Refund,
    RevenueShareAgreement,
    Score,
)
from commonweal.privacy.registry import BLANK, NAME, TEXT, not_personal, person_rows

person_rows(
    Donation,
    owner=("donor",),
    mentions=("recorded_by",),
    erase={"donor_name": NAME, "message": TEXT, "evidence": TEXT},
    scrub=("message", "evidence"),
)
person_rows(DonationEvidence, mentions=("uploaded_by",), scrub=("name",))
person_rows(Refund, mentions=("created_by",), scrub=("reason",))
person_rows(MonthlyDonation, owner=("donor",), erase={"email": BLANK})
person_rows(
    Proposal,
    owner=("applicant",),
    mentions=("decided_by",),
    erase={"applicant_name": NAME, "summary": TEXT},
)
person_rows(Score, mentions=("reviewer",), scrub=("comment",))
not_personal(RevenueShareAgreement, partner_email="a partner organisation's billing address")
