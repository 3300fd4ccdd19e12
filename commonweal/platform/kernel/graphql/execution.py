"""Objects whose selected fields are all plain values are answered in one pass.

graphql-core executes every field of every row alike: a path object, a resolve-info object
(strawberry builds its own subclass), argument parsing, the resolver, then three or four calls
of `complete_value` to unwrap non-null and list types before the scalar is serialised. For a
list of 200 members with three plain fields that machinery, not SQL, was most of the request
(`bench/graphql_overhead.py --profile`).

Here an object whose selection holds only fields marked by `fast.py` as reading their source
alone (`reads_source_only`: columns, resolvers of `self`, strawberry's basic attributes) and
`__typename` is answered directly: each value is read, checked and serialised by the same
scalar or enum type graphql-core would use. Nothing of the path that guards data is skipped:
guarded fields (permissions), fields with arguments, relations and resolvers that take `info`
are never marked, so an object selecting one of them goes through graphql-core whole. Relations
and annotations the optimizer loaded are read by `loaded.py`'s readers, which refuse
(`NotLoaded`) whenever strawberry-django's chain would do more than hand back the loaded value.
When a schema extension hooks every field (a middleware), nothing here applies.

Errors read exactly as before: when any value of the object does not fit (null for a non-null
field, a value the scalar refuses, a resolver raising), the object is executed again by
graphql-core, which reports the error with its path as it always did; a reader's refusal is
handled the same way. The fields re-read are pure reads, so reading them twice changes nothing.
"""

from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, Undefined, is_leaf_type
from graphql.type.introspection import TypeNameMetaFieldDef
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from commonweal.platform.kernel.graphql import loaded


class _Refused(Exception):
    """A value the one pass will not answer; graphql-core answers the object instead."""


def _complete_leaf(leaf_type, non_null: bool):
    coerce = leaf_type.coerce_output_value

    def complete(value):
        if value is None or value is Undefined:
            if non_null:
                raise _Refused
            return None
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise _Refused
        return coerced

    return complete


def _complete_list(item, non_null: bool):
    def complete(value):
        if value is None or value is Undefined:
            if non_null:
                raise _Refused
            return None
        # graphql-core accepts any iterable but a string or a mapping; plain fields hold lists
        if not isinstance(value, list | tuple):
            raise _Refused
        return [item(v) for v in value]

    return complete


def _complete_object(object_type, plan, non_null: bool):
    is_type_of = object_type.is_type_of

    def complete(value):
        if value is None or value is Undefined:
            if non_null:
                raise _Refused
            return None
        # strawberry's checks read the value alone; anything else (an awaitable, a refusal)
        # is left to graphql-core, which reports a wrong type as it always did
        if is_type_of is not None and is_type_of(value, None) is not True:
            raise _Refused
        return {name: finish(resolve(value, None)) for name, resolve, finish in plan}

    return complete


class _TypeName:
    """`__typename` answers the name of the object's type, as graphql-core's resolver does."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, _source, _info):
        return self.name


class PlainFieldsExecution(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor with the one-pass answer for objects of plain fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # (id of a grouped field set, its type) -> (the set, kept alive so that the id stays
        # its own, and its plan or None)
        self._plans: dict[tuple, tuple] = {}
        # strawberry always passes a manager; it holds middlewares when an extension hooks
        # every field's resolve, and then every field must go through it
        self._hooked = bool(getattr(self.middleware_manager, "middlewares", None))

    def _plan(self, parent_type, grouped_field_set):
        """[(response key, resolve, complete)] for an object of `parent_type` selecting
        `grouped_field_set`, or None when any field needs graphql-core."""
        key = (id(grouped_field_set), parent_type)
        cached = self._plans.get(key)
        if cached is not None:
            return cached[1]
        plan = []
        for response_name, field_details_list in grouped_field_set.items():
            field = self._plan_field(parent_type, field_details_list)
            if field is None:
                plan = None
                break
            plan.append((response_name, *field))
        self._plans[key] = (grouped_field_set, plan)
        return plan

    def _plan_field(self, parent_type, field_details_list):
        """(resolve, complete) for one response key, or None when graphql-core must run it."""
        node = field_details_list[0].node
        if node.arguments or node.directives:
            return None  # anything taking arguments, @stream, @include: graphql-core's
        field_def = self.schema.get_field(parent_type, node.name.value)
        if field_def is TypeNameMetaFieldDef:
            return _TypeName(parent_type.name), _complete_leaf(field_def.type.of_type, True)
        if field_def is None:
            return None
        resolve = field_def.resolve
        if not getattr(resolve, "reads_source_only", False):
            resolve = (field_def.extensions or {}).get(loaded.READER)
            if resolve is None:
                return None
        complete = self._completer(field_def.type, field_details_list)
        return None if complete is None else (resolve, complete)

    def _completer(self, return_type, field_details_list, *, in_list=False):
        """How to check and serialise a value of `return_type`: a scalar, an enum, an object
        of plain fields, or a list of one of those; None for anything else."""
        non_null = isinstance(return_type, GraphQLNonNull)
        inner = return_type.of_type if non_null else return_type
        if is_leaf_type(inner):
            return _complete_leaf(inner, non_null)
        if isinstance(inner, GraphQLList) and not in_list:
            item = self._completer(inner.of_type, field_details_list, in_list=True)
            return None if item is None else _complete_list(item, non_null)
        if isinstance(inner, GraphQLObjectType):
            grouped_field_set, defer_usages, _ = self.collect_subfields(inner, field_details_list)
            plan = None if defer_usages else self._plan(inner, grouped_field_set)
            return None if plan is None else _complete_object(inner, plan, non_null)
        return None  # interfaces and unions: graphql-core resolves the runtime type

    def execute_fields(self, parent_type, source_value, path, grouped_field_set, position_context):
        plan = None
        if not self._hooked and position_context is None:
            plan = self._plan(parent_type, grouped_field_set)
        if plan:
            try:
                return {name: finish(resolve(source_value, None)) for name, resolve, finish in plan}
            except Exception:  # graphql-core answers below and reports it with its path
                pass
        return super().execute_fields(
            parent_type, source_value, path, grouped_field_set, position_context
        )
