"""Global ids that name their community.

An id reads "Partner:fengshu:4" (base64-encoded, as Relay expects), so a client that caches by
id and talks to two communities never mixes up fengshu's Partner 4 with jiahonglu's. Objects
of the platform's own schema name "public". The community is added where ids are made
(`name_communities_in_ids`, applied to both schemas, and `global_id` for references) and
checked where they are read (`pk_of`): an id naming another community reads exactly as a
missing id. Ids without a community ("Partner:4", issued until December 2026) are still
accepted while clients move over, until 30 June 2027 (README, "GraphQL ids").
"""

import types

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_lazy as _
from strawberry import relay

from commonweal.platform.kernel.errors import NotFound

PLATFORM = "public"

# GraphQL names of the Node types whose rows live in the platform's schema (organisations,
# accounts, memberships): one id for them on every host. Filled as the schemas are built.
PLATFORM_TYPES: set[str] = set()


def _community(type_name: str) -> str:
    if type_name in PLATFORM_TYPES:
        return PLATFORM
    # The tenant middleware sets the connection to the request's community ("public" on the
    # platform's host) before the operation runs.
    return connection.schema_name


def global_id(type_name: str, pk) -> relay.GlobalID:
    """The id of the row `pk` of the type named `type_name`, for a field that refers to it."""
    return relay.GlobalID(type_name, f"{_community(type_name)}:{pk}")


def local_pk(id_: relay.GlobalID) -> str | None:
    """The primary key inside `id_`, or None when the id names another community."""
    community, named, pk = id_.node_id.rpartition(":")
    if named and community != _community(id_.type_name):
        return None
    return pk


def pk_of(id_: relay.GlobalID, type_, error_codes) -> str:
    """The primary key inside a global id of `type_` (a strawberry type or its GraphQL name);
    a wrong type or another community's id reads as not found.

    `error_codes` is the caller's domain error-code enum; its NOT_FOUND is raised, so the
    refusal lands in the mutation's payload like any other of that domain.
    """
    # a type, or the GraphQL name of one another app owns (the import contracts keep apps apart)
    expected = type_ if isinstance(type_, str) else type_.__strawberry_definition__.name
    pk = local_pk(id_) if id_.type_name == expected else None
    if pk is None:
        raise NotFound(error_codes.NOT_FOUND, _("Nothing found with this id."))
    return pk


def _lives_on_the_platform(origin) -> bool:
    django_type = getattr(origin, "__strawberry_django_definition__", None)
    if django_type is None:
        return True  # not a row of a community's schema (the signed-in account and the like)
    return django_type.model._meta.app_config.name not in settings.TENANT_APPS


def _naming_community(resolve_id, type_name: str):
    def resolve(cls, root, *, info):
        return f"{_community(type_name)}:{resolve_id(root, info=info)}"

    resolve.names_community = True
    return resolve


def name_communities_in_ids(schema) -> int:
    """Make every Node type of `schema` (a strawberry.Schema) name the community in its id;
    returns how many types changed. Types shared by both schemas change once."""
    changed = 0
    for definition in schema.schema_converter.type_map.values():
        origin = getattr(definition.definition, "origin", None)
        if not (isinstance(origin, type) and issubclass(origin, relay.Node)):
            continue
        if definition.definition.is_interface:
            continue  # the Node interface itself: only the types implementing it are ours
        current = origin.resolve_id
        if getattr(current, "names_community", False):
            continue
        name = definition.definition.name
        if _lives_on_the_platform(origin):
            PLATFORM_TYPES.add(name)
        origin.resolve_id = types.MethodType(_naming_community(current, name), origin)
        changed += 1
    return changed
