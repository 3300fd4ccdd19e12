"""Every string a GraphQL client sends is checked once, before any resolver runs.

Strings reach resolvers two ways: as literals in the document and as variables. Both are
walked here (arguments, input-object fields and list items alike), so no resolver, and no
list argument such as `search(kinds:)`, ever sees NUL, a lone surrogate or a control
character. See `commonweal/platform/kernel/text.py` for the rule.
"""

from graphql import ExecutionResult
from graphql.language import (
    ArgumentNode,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    Visitor,
    visit,
)
from strawberry.extensions import SchemaExtension
from strawberry.utils.str_converters import to_camel_case

from commonweal.platform.kernel.graphql.errors import CodedGraphQLError
from commonweal.platform.kernel.text import TextErrorCode, invalid_text, text_problem


def _literal_strings(value, path: str):
    if isinstance(value, StringValueNode):
        yield path, value.value
    elif isinstance(value, ListValueNode):
        for item in value.values:
            yield from _literal_strings(item, path)
    elif isinstance(value, ObjectValueNode):
        for field in value.fields:
            yield from _literal_strings(field.value, f"{path}.{field.name.value}")


def _variable_strings(value, path: str):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _variable_strings(item, path)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _variable_strings(key, path)
            yield from _variable_strings(item, f"{path}.{key}")


class _Arguments(Visitor):
    def __init__(self):
        super().__init__()
        self.strings: list[tuple[str, str]] = []

    def enter_argument(self, node: ArgumentNode, *_args):
        self.strings.extend(_literal_strings(node.value, node.name.value))


def first_bad_string(document, variables) -> str | None:
    """The argument path of the first string that may not enter, or None."""
    arguments = _Arguments()
    if document is not None:
        visit(document, arguments)
    strings = [*arguments.strings, *_variable_strings(variables or {}, "")]
    for path, value in strings:
        if text_problem(value) is not None:
            return ".".join(to_camel_case(part) for part in path.strip(".").split(".")) or "?"
    return None


class TextAtTheBoundary(SchemaExtension):
    """Refuses the whole operation with INVALID_TEXT, naming the argument, before execution."""

    def on_execute(self):
        context = self.execution_context
        field = first_bad_string(context.graphql_document, context.variables)
        if field is not None:
            refusal = invalid_text(field)
            context.result = ExecutionResult(
                data=None,
                errors=[
                    CodedGraphQLError(str(refusal.message), TextErrorCode.INVALID_TEXT, field=field)
                ],
            )
        yield
