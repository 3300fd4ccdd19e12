from commonweal.microfund.hosts.models import DonorRecord, FiscalHost
from commonweal.privacy.registry import not_personal, person_rows

not_personal(
    FiscalHost,
    contact_email="a registered charity's public office contact",
    office_address="a registered charity's public office",
    phone="a registered charity's public office telephone",
)
person_rows(DonorRecord, owner=("user",))
