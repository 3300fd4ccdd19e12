"""How refusals reach GraphQL clients.

Domain errors of a mutation come back in its payload as typed `<Domain>Error` objects with an
enum code. Everything else (authentication, permission, limits, bad documents) is a top-level
error whose `extensions.code` is one of `TopLevelErrorCode`.
"""

import functools
import logging
from enum import StrEnum

import strawberry
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from graphql import GraphQLError
from graphql.language import VariableDefinitionNode, print_ast
from strawberry.extensions import SchemaExtension
from strawberry.relay.types import GlobalIDValueError
from strawberry.utils.str_converters import to_camel_case

from commonweal.platform.kernel import outage
from commonweal.platform.kernel.errors import DomainError

logger = logging.getLogger(__name__)


class TopLevelErrorCode(StrEnum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
    TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
    QUERY_TOO_COSTLY = "QUERY_TOO_COSTLY"
    PAGE_SIZE_EXCEEDED = "PAGE_SIZE_EXCEEDED"
    INVALID_INPUT = "INVALID_INPUT"
    INVALID_TEXT = "INVALID_TEXT"
    TOO_LONG = "TOO_LONG"
    CSRF_FAILED = "CSRF_FAILED"
    RATE_LIMITED = "RATE_LIMITED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    INTERNAL_ERROR = "INTERNAL_ERROR"


class CodedGraphQLError(GraphQLError):
    def __init__(self, message: str, code: StrEnum, *, field: str | None = None, **kwargs):
        extensions = {"code": str(code)}
        if field:
            extensions["field"] = field
        super().__init__(message, extensions=extensions, **kwargs)


_error_types: dict[type, type] = {}


def error_type(code_enum: type[StrEnum], name: str):
    """The typed error of one domain, e.g. `CommunityError { code: CommunityErrorCode! }`."""
    if code_enum in _error_types:
        return _error_types[code_enum]
    gql_enum = strawberry.enum(
        code_enum,
        name=code_enum.__name__,
        description=f"Stable codes of {name}: why an operation was refused.",
    )

    @strawberry.type(name=name, description="Why the operation was refused; nothing changed.")
    class _Error:
        code: gql_enum = strawberry.field(description="Stable code to switch on.")
        message: str = strawberry.field(description="Human-readable, in the request's language.")
        field: str | None = strawberry.field(
            default=None, description="Input field the error is about, if any."
        )

    _Error.code_enum = code_enum
    _error_types[code_enum] = _Error
    return _Error


def refusals_in_payload(payload_cls, error_cls):
    """Wrap a mutation resolver so that a DomainError becomes `payload(errors=[…])`."""

    def decorate(resolver):
        @functools.wraps(resolver)
        def wrapper(*args, **kwargs):
            try:
                return resolver(*args, **kwargs)
            except DomainError as error:
                if not isinstance(error.code, error_cls.code_enum):
                    raise  # another domain's refusal: a top-level coded error
                return payload_cls(
                    errors=[
                        error_cls(code=error.code, message=str(error.message), field=error.field)
                    ]
                )

        return wrapper

    return decorate


class ErrorCodes(SchemaExtension):
    """Gives every top-level error a stable `extensions.code` and a translated message, and
    logs it: the client's mistakes as one warning line, only INTERNAL_ERROR (a bug) with its
    traceback."""

    def on_operation(self):
        yield
        result = self.execution_context.result
        if not result or not result.errors:
            return
        user = getattr(getattr(self.execution_context.context, "request", None), "user", None)
        result.errors = [self._coded(error, user) for error in result.errors]
        for error in result.errors:
            code = error.extensions["code"]
            if code != TopLevelErrorCode.INTERNAL_ERROR:
                logger.warning("GraphQL request refused: %s %s", code, error.extensions)

    def _coded(self, error: GraphQLError, user) -> GraphQLError:
        if error.extensions and "code" in error.extensions:
            return error
        original = error.original_error
        extensions = {}
        if _is_variable_error(error):
            code, message = TopLevelErrorCode.INVALID_INPUT, _variable_message(error)
            extensions["detail"] = error.message
        elif original is None:
            code = TopLevelErrorCode.GRAPHQL_VALIDATION_FAILED
            message = _("The query does not fit the schema: %(detail)s") % {"detail": error.message}
            extensions["detail"] = error.message
        elif isinstance(original, DomainError):
            code, message = original.code, str(original.message)
            if original.field:
                extensions["field"] = ".".join(
                    to_camel_case(part) for part in original.field.split(".")
                )
        elif isinstance(original, PermissionDenied):
            if user is None or not user.is_authenticated:
                code, message = TopLevelErrorCode.UNAUTHENTICATED, _("Please sign in first.")
            else:
                code, message = (
                    TopLevelErrorCode.FORBIDDEN,
                    _("You do not have permission to do this."),
                )
        elif isinstance(original, ValueError) and "cannot be higher than" in str(original):
            code, message = (
                TopLevelErrorCode.PAGE_SIZE_EXCEEDED,
                _("Too many items requested in one page."),
            )
        elif outage.database_unreachable(original):
            # PostgreSQL restarting or failing over: not a bug; the client may retry
            code = TopLevelErrorCode.SERVICE_UNAVAILABLE
            message = _("The service is temporarily unavailable; try again shortly.")
        elif _is_bad_client_value(original):
            code, message = TopLevelErrorCode.INVALID_INPUT, _("An argument has an invalid value.")
        else:
            logger.error("GraphQL resolver failed", exc_info=original)
            code, message = TopLevelErrorCode.INTERNAL_ERROR, _("Something went wrong on our side.")
        return GraphQLError(
            message,
            nodes=error.nodes,
            path=error.path,
            extensions={"code": str(code), **extensions},
        )


def _is_variable_error(error: GraphQLError) -> bool:
    """Variables that do not fit their declared types (missing, wrong type, an Int over 32
    bits, a field missing inside an input object) are refused before execution, and
    graphql-core reports them against the variable's definition."""
    return error.path is None and any(
        isinstance(node, VariableDefinitionNode) for node in error.nodes or ()
    )


def _variable_message(error: GraphQLError) -> str:
    node = next(n for n in error.nodes if isinstance(n, VariableDefinitionNode))
    return _("The value of variable $%(name)s does not fit its type %(type)s.") % {
        "name": node.variable.name.value,
        "type": print_ast(node.type),
    }


class QuietSchema(strawberry.Schema):
    """Strawberry logs every error with its traceback before extensions see it; ErrorCodes
    logs instead, once it knows whose fault the error is."""

    def process_errors(self, errors, execution_context=None) -> None:
        return None


def _is_bad_client_value(error: Exception) -> bool:
    """A malformed global id, a negative page size or a cursor that is not ours: the client's
    mistake, not ours, so it is neither logged nor reported as INTERNAL_ERROR. Strawberry
    raises plain ValueError/TypeError for page arguments, so they are told apart by where
    they were raised."""
    if isinstance(error, GlobalIDValueError):
        return True
    if not isinstance(error, ValueError | TypeError) or error.__traceback__ is None:
        return False
    frame = error.__traceback__
    while frame.tb_next is not None:
        frame = frame.tb_next
    return frame.tb_frame.f_globals.get("__name__") == "strawberry.relay.utils"
