"""Plain fields resolve directly; guarded fields and resolvers that need more keep the chain."""

from commonweal.platform.kernel.graphql import fast
from commonweal.platform.root.schema import community_schema, platform_schema


def _resolver_module(type_name: str, field_name: str) -> str:
    field = community_schema._schema.type_map[type_name].fields[field_name]
    return field.resolve.__qualname__


def test_plain_columns_and_self_resolvers_are_direct():
    # a column, a column with a camelCase name, and a resolver of `self` alone
    assert _resolver_module("Member", "roles") == "_column_reader.<locals>.resolve"
    assert _resolver_module("Member", "joinedAt") == "_column_reader.<locals>.resolve"
    assert _resolver_module("Member", "displayName") == "_self_call.<locals>.resolve"


def test_guarded_fields_and_global_ids_keep_strawberrys_chain():
    # email and phone carry HasRole (office roles only): the permission must still run
    for name in ("email", "phone", "id"):
        assert not _resolver_module("Member", name).startswith(("_column", "_self"))


def test_building_twice_changes_nothing_more():
    # the schemas were built with direct fields already: a second pass finds the same fields
    # and gives them equivalent readers
    assert fast.resolve_plain_fields_directly(community_schema) > 100
    assert fast.resolve_plain_fields_directly(platform_schema) > 40
