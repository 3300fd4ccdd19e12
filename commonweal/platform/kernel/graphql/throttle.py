"""Rate limits of GraphQL operations, spent before any resolver runs.

Every operation spends from its client's GraphQL budget in proportion to its estimated cost
(the rows `limits.py` estimates, a hundred to a point, at least one). Root fields that open
accounts, sign in or file applications also spend from their own, much smaller, budgets; a
sign-in for a login name that failed repeatedly waits its back-off. A refusal is
`RATE_LIMITED`, and the view answers it with HTTP 429 and `Retry-After`.
"""

from django.conf import settings
from graphql import ExecutionResult, FieldNode, StringValueNode, VariableNode
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension

from commonweal.platform.kernel import ratelimit
from commonweal.platform.kernel.graphql.errors import CodedGraphQLError, TopLevelErrorCode
from commonweal.platform.kernel.graphql.limits import _Walker

ROOT_SCOPES = {
    "signIn": "sign-in",
    "register": "sign-up",
    "applyForCommunity": "community-application",
    "applyForPartnership": "partner-application",
    "registerPartnerOrganisation": "partner-application",
}
ROWS_PER_POINT = 100


class _Document:
    def __init__(self, document):
        self.document = document


def _argument(field: FieldNode, name: str, variables: dict) -> str:
    for argument in field.arguments or ():
        if argument.name.value != name:
            continue
        if isinstance(argument.value, StringValueNode):
            return argument.value.value
        if isinstance(argument.value, VariableNode):
            value = variables.get(argument.value.name.value)
            return value if isinstance(value, str) else ""
    return ""


def wait_for(request, schema, document, operation_name, variables) -> int | None:
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None
    client = ratelimit.client_of(request)
    variables = variables or {}
    walker = _Walker(_Document(document), variables)
    cost = walker.cost(operation, schema.get_root_type(operation.operation))
    wait = ratelimit.spend("graphql", client, 1 + cost // ROWS_PER_POINT)
    for field in operation.selection_set.selections:
        if wait is not None:
            break
        if not isinstance(field, FieldNode) or field.name.value not in ROOT_SCOPES:
            continue
        if field.name.value == "signIn":
            wait = ratelimit.sign_in_wait(_argument(field, "loginName", variables))
        if wait is None:
            wait = ratelimit.spend(ROOT_SCOPES[field.name.value], client)
    return wait


class RateLimits(SchemaExtension):
    def on_execute(self):
        context = self.execution_context
        request = getattr(context.context, "request", None)
        if request is not None and context.result is None and settings.RATE_LIMITS_ENABLED:
            wait = wait_for(
                request,
                context.schema._schema,
                context.graphql_document,
                context.operation_name,
                context.variables,
            )
            if wait is not None:
                request.rate_limit_retry_after = wait
                context.result = ExecutionResult(
                    data=None,
                    errors=[CodedGraphQLError(ratelimit.message(), TopLevelErrorCode.RATE_LIMITED)],
                )
        yield
