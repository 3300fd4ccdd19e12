"""Plain model columns resolve as attribute reads, and resolvers of `self` alone as calls.

strawberry-django sends every field of a Django type through its full resolver chain (Info
object, argument parsing, extension chain, cached-value checks) because a relation may need
the database; strawberry itself skips all that for "basic" fields. A members list of 200 rows
spent most of its GraphQL time there (bench/graphql_overhead.py). A field that is a concrete
column of its model, with no resolver, no extension (so no permission) and no argument, is
answered by `getattr`, exactly what the chain ends with; a resolver that takes only `self`
(`display_name`), with no extension and no argument, is called with the row, as the chain ends
up doing in a synchronous request. Relations, resolvers that take `info` or arguments, and
guarded fields keep the chain. The optimizer still loads the same columns (it reads the
strawberry definitions, which are untouched), and schema extensions still wrap every field.

Every resolver that reads its source alone and ignores `info` is marked `reads_source_only`
(these, and strawberry's own "basic" attribute fields such as `PageInfo.hasNextPage`), so
`execution.py` may answer objects made only of such fields in one pass. Fields that are not
plain but whose value the optimizer loaded (relations, annotations) get a reader of that value
for the one pass alone (`loaded.py`); graphql-core keeps their chain.
"""

from django.db.models.query_utils import DeferredAttribute
from graphql import GraphQLObjectType
from strawberry.types.field import StrawberryField
from strawberry_django.fields.field import StrawberryDjangoField

from commonweal.platform.kernel.graphql import loaded

_BACKREF = "strawberry-definition"


def _column_reader(attname: str):
    def resolve(source, _info, **_kwargs):
        return getattr(source, attname)

    resolve.reads_source_only = True
    return resolve


def _self_call(func):
    def resolve(source, _info, **_kwargs):
        return func(source)

    resolve.reads_source_only = True
    return resolve


def _direct(field, model):
    """A direct resolver for `field`, or None when it needs the full chain."""
    if not isinstance(field, StrawberryDjangoField) or model is None:
        return None
    if field.extensions or field.arguments:
        return None
    resolver = field.base_resolver
    if resolver is not None:
        plain = not (
            resolver.arguments
            or resolver.info_parameter
            or resolver.root_parameter
            or resolver.parent_parameter
            or resolver.is_async
        )
        return _self_call(resolver.wrapped_func) if plain and resolver.self_parameter else None
    attname = field.django_name or field.python_name
    if not isinstance(getattr(model, attname, None), DeferredAttribute):
        return None
    return _column_reader(attname)


def _mark_basic(field, graphql_field) -> None:
    """Strawberry answers a "basic" field (no resolver, no extension) of its own types by
    reading the attribute, without `info` (`_get_basic_result`); say so for `execution.py`."""
    if (
        type(field) is StrawberryField
        and field.is_basic_field
        and getattr(graphql_field.resolve, "__name__", "") == "_get_basic_result"
    ):
        graphql_field.resolve.reads_source_only = True


def resolve_plain_fields_directly(schema) -> int:
    """Give the plain fields of `schema` (a strawberry.Schema) a direct resolver; returns how
    many fields changed."""
    changed = 0
    for graphql_type in schema._schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType) or graphql_type.name.startswith("__"):
            continue
        definition = (graphql_type.extensions or {}).get(_BACKREF)
        django_definition = getattr(
            getattr(definition, "origin", None), "__strawberry_django_definition__", None
        )
        model = getattr(django_definition, "model", None)
        for graphql_field in graphql_type.fields.values():
            field = (graphql_field.extensions or {}).get(_BACKREF)
            direct = _direct(field, model)
            if direct is None:
                _mark_basic(field, graphql_field)
                reader = loaded.reader_for(field, model)
                if reader is not None:
                    graphql_field.extensions = {
                        **(graphql_field.extensions or {}),
                        loaded.READER: reader,
                    }
            else:
                graphql_field.resolve = direct
                changed += 1
    return changed
