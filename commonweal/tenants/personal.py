from commonweal.privacy.registry import BLANK, NAME, TEXT, person_rows
from commonweal.tenants.models import CommunityApplication

person_rows(
    CommunityApplication,
    owner=("applicant",),
    mentions=("reviewed_by",),
    erase={
        "applicant_name": NAME,
        "applicant_email": BLANK,
        "applicant_phone": BLANK,
        "statement": TEXT,
    },
)
