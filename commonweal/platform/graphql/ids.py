from django.utils.translation import gettext_lazy as _
from strawberry import relay

from commonweal.platform.errors import NotFound


def pk_of(global_id: relay.GlobalID, type_, not_found_code) -> str:
    """The primary key inside a global id of `type_`; a wrong type reads as not found."""
    expected = type_.__strawberry_definition__.name
    if global_id.type_name != expected:
        raise NotFound(not_found_code, _("Nothing found with this id."))
    return global_id.node_id
