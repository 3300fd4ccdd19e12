from commonweal.partners.registry.models import PartnerOrganisation, PartnerRepresentative
from commonweal.privacy.registry import person_rows

# The organisation stays; its contact person, if it is the one erased, does not.
person_rows(
    PartnerOrganisation,
    mentions=("registered_by",),
    scrub=("contact_name", "contact_phone", "contact_email"),
)
person_rows(PartnerRepresentative, owner=("user",))
