"""What every partner mutation module uses: the typed error, and ids read back to rows of
this community or of the registry through the app's `access_*` selectors."""

from strawberry import relay

from commonweal.partners import selectors
from commonweal.partners.error_codes import PartnerErrorCode
from commonweal.partners.graphql.types import (
    MyPartnerOrganisationType,
    PartnerOrganisationType,
    PartnerType,
)
from commonweal.platform.kernel.graphql.errors import error_type
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import arg

PartnerError = error_type(PartnerErrorCode, "PartnerError")
NOT_FOUND = PartnerErrorCode.NOT_FOUND
PARTNER = arg("The partner (a partnership of this community).")


def partnership_of(who, id: relay.GlobalID):
    return selectors.access_partnership(
        actor=who.user, partnership_id=pk_of(id, PartnerType, NOT_FOUND)
    )


def organisation_pk(id: relay.GlobalID):
    """Both views of an organisation name the same row."""
    mine = MyPartnerOrganisationType.__strawberry_definition__.name
    return pk_of(
        id,
        MyPartnerOrganisationType if id.type_name == mine else PartnerOrganisationType,
        NOT_FOUND,
    )
