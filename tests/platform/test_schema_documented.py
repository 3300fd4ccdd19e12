"""The schema is the API's manual: every type, field, argument, input field and enum of both
schemas has a description."""

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
)

from commonweal.platform.root.schema import community_schema, platform_schema

BUILT_IN_SCALARS = {"String", "Int", "Float", "Boolean", "ID"}


def undocumented(schema: GraphQLSchema) -> set[str]:
    """`Type`, `Type.field`, `Type.field(argument)` of everything without a description."""
    missing: set[str] = set()
    for name, type_ in schema.type_map.items():
        if name.startswith("__") or name in BUILT_IN_SCALARS:
            continue
        kinds = (
            GraphQLObjectType,
            GraphQLInterfaceType,
            GraphQLInputObjectType,
            GraphQLEnumType,
            GraphQLScalarType,
            GraphQLUnionType,
        )
        assert isinstance(type_, kinds), name
        if not type_.description:
            missing.add(name)
        if not isinstance(type_, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            continue
        for field_name, field in type_.fields.items():
            if not field.description:
                missing.add(f"{name}.{field_name}")
            for argument_name, argument in getattr(field, "args", {}).items():
                if not argument.description:
                    missing.add(f"{name}.{field_name}({argument_name})")
    return missing


def test_every_type_field_argument_and_enum_of_both_schemas_is_described():
    # given both schemas
    schemas = (community_schema._schema, platform_schema._schema)

    # when walking every named type they expose
    missing = set().union(*(undocumented(schema) for schema in schemas))

    # then nothing lacks a description
    assert sorted(missing) == []


def test_the_walk_finds_an_undocumented_field():
    # given a schema with one undocumented argument and one undocumented enum
    import enum

    import strawberry

    @strawberry.enum
    class Colour(enum.Enum):
        RED = "red"

    @strawberry.type(description="Root.")
    class Query:
        @strawberry.field(description="Echo.")
        def echo(self, colour: Colour) -> str:
            return colour.value

    # when walking it
    missing = undocumented(strawberry.Schema(query=Query)._schema)

    # then both are named
    assert missing == {"Colour", "Query.echo(colour)"}
