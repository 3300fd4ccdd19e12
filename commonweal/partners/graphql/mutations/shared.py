"""What every partner mutation module uses: the typed error, the caller, and ids read back
to rows of this community or of the registry."""

from strawberry import relay
from strawberry.types import Info

from commonweal.partners.error_codes import PartnerErrorCode
from commonweal.partners.graphql.types import (
    MyPartnerOrganisationType,
    PartnerOrganisationType,
    PartnerType,
)
from commonweal.partners.services.partnerships import access_partnership
from commonweal.platform.accounts.roles import OFFICE_ROLES
from commonweal.platform.graphql.errors import error_type
from commonweal.platform.graphql.ids import pk_of
from commonweal.platform.graphql.permissions import HasRole, for_mutation

PartnerError = error_type(PartnerErrorCode, "PartnerError")
NOT_FOUND = PartnerErrorCode.NOT_FOUND


def office():
    return [for_mutation(HasRole(*OFFICE_ROLES))]


def context(info: Info):
    request = info.context.request
    return request.tenant, request.user


def partnership_of(id: relay.GlobalID):
    return access_partnership(pk_of(id, PartnerType, NOT_FOUND))


def organisation_pk(id: relay.GlobalID):
    """Both views of an organisation name the same row."""
    mine = MyPartnerOrganisationType.__strawberry_definition__.name
    return pk_of(
        id,
        MyPartnerOrganisationType if id.type_name == mine else PartnerOrganisationType,
        NOT_FOUND,
    )
