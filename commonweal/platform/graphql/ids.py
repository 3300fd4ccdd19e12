from django.utils.translation import gettext_lazy as _
from strawberry import relay

from commonweal.platform.errors import NotFound


def pk_of(global_id: relay.GlobalID, type_, error_codes) -> str:
    """The primary key inside a global id of `type_`; a wrong type reads as not found.

    `error_codes` is the caller's domain error-code enum; its NOT_FOUND is raised, so the
    refusal lands in the mutation's payload like any other of that domain.
    """
    expected = type_.__strawberry_definition__.name
    if global_id.type_name != expected:
        raise NotFound(error_codes.NOT_FOUND, _("Nothing found with this id."))
    return global_id.node_id
