"""Validation rules that refuse over-deep, over-aliased and over-costly documents up front.

They run before any resolver, so a refused query costs no database work. Cost estimates the
rows a query may touch: a list field multiplies the cost of its selection by its page size.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLNonNull,
    InlineFragmentNode,
    OperationDefinitionNode,
    ValidationRule,
    get_named_type,
)
from graphql.language import IntValueNode, VariableNode
from strawberry.extensions import SchemaExtension

from commonweal.platform.kernel.graphql.errors import CodedGraphQLError, TopLevelErrorCode

PAGINATION_ARGUMENTS = ("first", "last")
# Introspection reads the schema, not the database, and GraphiQL's own query is deeper than
# any data query needs to be; production refuses introspection altogether.
INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})
# Fragments that spread fragments twice over expand a 1 kB document into millions of fields;
# the walks stop there and refuse the document instead of spending minutes on it.
MAX_FIELD_VISITS = 10_000


class _WalkTooLong(Exception):
    pass


class _Walker:
    def __init__(self, context, variable_values):
        self.context = context
        self.variable_values = variable_values or {}
        self.visits = 0
        self.fragments = {
            d.name.value: d
            for d in context.document.definitions
            if isinstance(d, FragmentDefinitionNode)
        }

    def selections(self, node, seen=()):
        """Fields under `node`, fragments expanded (cycles are caught by core validation)."""
        if node.selection_set is None:
            return
        for selection in node.selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value not in INTROSPECTION_FIELDS:
                    self.visits += 1
                    if self.visits > MAX_FIELD_VISITS:
                        raise _WalkTooLong
                    yield selection
            elif isinstance(selection, InlineFragmentNode):
                yield from self.selections(selection, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in seen or name not in self.fragments:
                    continue
                yield from self.selections(self.fragments[name], (*seen, name))

    def page_size(self, field: FieldNode) -> int:
        for argument in field.arguments or ():
            if argument.name.value not in PAGINATION_ARGUMENTS:
                continue
            if isinstance(argument.value, IntValueNode):
                return max(1, int(argument.value.value))
            if isinstance(argument.value, VariableNode):
                value = self.variable_values.get(argument.value.name.value)
                if isinstance(value, int):
                    return max(1, value)
        return 0

    def depth(self, node, level=0) -> int:
        children = list(self.selections(node))
        return max((self.depth(c, level + 1) for c in children), default=level)

    def aliases(self, node) -> int:
        count = 0
        for child in self.selections(node):
            count += (child.alias is not None) + self.aliases(child)
        return count

    def cost(self, node, parent_type) -> int:
        total = 0
        for child in self.selections(node):
            field_type = _field_type(parent_type, child)
            inner = self.cost(child, get_named_type(field_type)) if field_type else 0
            # A connection already multiplied its selection; its edges list is the same rows.
            if _is_list(field_type) and child.name.value != "edges":
                inner = max(inner, 1) * (self.page_size(child) or settings.GRAPHQL_MAX_PAGE_SIZE)
            # Relay plumbing adds no rows of its own.
            own = 0 if child.name.value in ("edges", "node", "pageInfo", "__typename") else 1
            total += own + inner
        return total


def _field_type(parent_type, field: FieldNode):
    fields = getattr(parent_type, "fields", None)
    if not fields or field.name.value not in fields:
        return None
    return fields[field.name.value].type


def _is_list(field_type) -> bool:
    if field_type is None:
        return False
    inner = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
    return isinstance(inner, GraphQLList) or get_named_type(inner).name.endswith("Connection")


def limits_rule(variable_values=None):
    class Limits(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
            try:
                error = _breach(_Walker(self.context, variable_values), self.context, node)
            except _WalkTooLong:
                error = _too_costly(node)
            if error is not None:
                self.report_error(error)

    return Limits


def _breach(walker: _Walker, context, node: OperationDefinitionNode) -> CodedGraphQLError | None:
    if walker.depth(node) > settings.GRAPHQL_MAX_DEPTH:
        return CodedGraphQLError(
            _("The query is nested too deeply (at most %(limit)d levels).")
            % {"limit": settings.GRAPHQL_MAX_DEPTH},
            TopLevelErrorCode.QUERY_TOO_DEEP,
            nodes=[node],
        )
    if walker.aliases(node) > settings.GRAPHQL_MAX_ALIASES:
        return CodedGraphQLError(
            _("The query uses too many aliases (at most %(limit)d).")
            % {"limit": settings.GRAPHQL_MAX_ALIASES},
            TopLevelErrorCode.TOO_MANY_ALIASES,
            nodes=[node],
        )
    if walker.cost(node, _root_type(context, node)) > settings.GRAPHQL_MAX_COST:
        return _too_costly(node)
    return None


def _too_costly(node) -> CodedGraphQLError:
    return CodedGraphQLError(
        _("The query asks for too much at once; request smaller pages."),
        TopLevelErrorCode.QUERY_TOO_COSTLY,
        nodes=[node],
    )


def _root_type(context, node: OperationDefinitionNode):
    return context.schema.get_root_type(node.operation)


class QueryLimits(SchemaExtension):
    """Adds the limits rule with this operation's variables (page sizes may be variables)."""

    def on_operation(self):
        rule = limits_rule(self.execution_context.variables)
        self.execution_context.validation_rules = (
            *self.execution_context.validation_rules,
            rule,
        )
        yield
