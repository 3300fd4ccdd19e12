"""One way to write a mutation: who may call it, what it returns, one transaction.

    CampaignPayload = payload(
        "CampaignPayload", FundError, campaign=(CampaignType, "The project as saved.")
    )

    @strawberry.type
    class FundMutation:
        @mutation(CampaignPayload, allow=OFFICE, description="Create a project.")
        def create_campaign(
            self, info: Info, title: Annotated[str, arg("Title, as donors see it.")]
        ) -> CampaignPayload:
            who = caller(info)
            return CampaignPayload(campaign=services.campaign_create(actor=who.user, ...))

The body validates the input's shape, calls services and maps the result. It runs inside one
`transaction.atomic()`: a `DomainError` of the payload's domain rolls back *everything* the body
did, however many services it called, and comes back as `errors: [{code, message, field}]`
with `field` the camelCase name of the GraphQL argument (or input field). Any other exception
also rolls back and becomes a coded top-level error (`ErrorCodes`).

A mutation, each of its arguments and each payload field must have a description: the
decorator refuses to build one without, and `tests/platform/test_schema_documented.py` walks
both schemas for anything that slipped past.

Anchors: Saleor's `BaseMutation` (permissions, error type and description declared once),
HackSoft's thin API calling one service.
"""

from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from enum import Enum
from typing import Any

import strawberry
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.graphql.permissions import (
    HasRole,
    IsPlatformAdmin,
    IsSignedIn,
    for_mutation,
)
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role


def arg(description: str, **kwargs):
    """A described argument: `title: Annotated[str, arg("Title.")]`."""
    return strawberry.argument(description=description, **kwargs)


@dataclass(frozen=True)
class Allow:
    """Who may call a mutation at all. Object-level rules (this partner's representative,
    the donor of this donation) stay in the app's `access_<entity>` selectors."""

    kind: str
    roles: frozenset[Role] = frozenset()

    @property
    def audited(self) -> bool:
        """Staff and admin writes go to the audit log (操作日志): office roles, platform admins."""
        if self.kind == "platform_admin":
            return True
        return self.kind == "roles" and self.roles <= OFFICE_ROLES

    def extensions(self) -> list:
        if self.kind == "anyone":
            return []
        if self.kind == "signed_in":
            return [for_mutation(IsSignedIn())]
        if self.kind == "platform_admin":
            return [for_mutation(IsPlatformAdmin())]
        return [for_mutation(HasRole(*self.roles))]


def roles(*allowed: Role) -> Allow:
    """Members of the current community holding one of these roles."""
    return Allow("roles", frozenset(allowed))


ANYONE = Allow("anyone")
SIGNED_IN = Allow("signed_in")
PLATFORM_ADMIN = Allow("platform_admin")
MEMBERS = roles(*Role)
OFFICE = roles(*OFFICE_ROLES)
ADMINS = roles(Role.ADMIN)


@dataclass(frozen=True)
class Caller:
    """Who is asking, and where: the same three things every mutation body needs."""

    user: Any
    community: Any  # None on the platform's host
    request: Any

    @property
    def actor(self):
        """The signed-in user, or None for an anonymous caller."""
        return self.user if self.user.is_authenticated else None


def caller(info: Info) -> Caller:
    request = info.context.request
    return Caller(user=request.user, community=getattr(request, "tenant", None), request=request)


class Always:
    """A payload result that is never null: `rejected=(list[Row], "…", Always(list))`
    answers `default()` (an empty list, 0) when the mutation is refused."""

    def __init__(self, default: Any):
        self.default = default


def payload(name: str, error_type: type, *, description: str = "", **results) -> type:
    """A payload type: each result `name=(type, description)` is null when refused (or
    `(type, description, Always(default))`: never null), and `errors` lists why.
    `description` defaults to one naming the mutation's outcome."""
    if not results:
        raise ImproperlyConfigured(f"{name}: a payload returns at least one result.")
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__annotations__": annotations, "__module__": __name__}
    for field_name, spec in results.items():
        result_type, field_description, *always = spec
        if not field_description:
            raise ImproperlyConfigured(f"{name}.{field_name} has no description.")
        if always:
            (always,) = always
            annotations[field_name] = result_type
            default = always.default
            namespace[field_name] = strawberry.field(
                description=field_description,
                **({"default_factory": default} if callable(default) else {"default": default}),
            )
            continue
        annotations[field_name] = result_type | None
        namespace[field_name] = strawberry.field(default=None, description=field_description)
    annotations["errors"] = list[error_type]
    namespace["errors"] = strawberry.field(
        default_factory=list,
        description="Why the operation was refused; empty when it succeeded.",
    )
    cls = type(name, (), namespace)
    cls = strawberry.type(
        cls,
        name=name,
        description=description or "The outcome of an operation: its results, or why not.",
    )
    cls.error_type = error_type
    return cls


def _refused(payload_cls, error: DomainError):
    error_cls = payload_cls.error_type
    field = error.field
    if field:
        field = ".".join(to_camel_case(part) for part in field.split("."))
    return payload_cls(errors=[error_cls(code=error.code, message=str(error.message), field=field)])


# strawberry-django's permission extensions take `source` as a parameter of their own; an
# argument of that name makes every call fail with a TypeError.
RESERVED_ARGUMENTS = frozenset({"source"})


def _audit(name: str, arguments: dict) -> None:
    """Inside the body's transaction: the row exists only if the write does."""
    from commonweal.platform.audit.services import record

    info = arguments.get("info")
    user = info.context.request.user if info is not None else None
    changes = {to_camel_case(k): v for k, v in arguments.items() if k not in ("info", "self")}
    record(actor=user, channel="graphql", action=name, changes=changes)


def _check_documented(field, name: str) -> None:
    for argument in field.arguments:
        if argument.python_name in RESERVED_ARGUMENTS:
            raise ImproperlyConfigured(
                f"Mutation {name}: an argument may not be called {argument.python_name!r}."
            )
        if not argument.description:
            raise ImproperlyConfigured(
                f"Mutation {name}: argument {argument.python_name!r} has no description;"
                " write it as Annotated[T, arg('…')]."
            )


_PLAIN_RESULTS = (bool, int)


def mutation(
    payload_cls: type,
    *,
    allow: Allow,
    description: str,
    name: str | None = None,
    atomic: bool = True,
):
    """Declare a mutation; see the module docstring. `payload_cls` is made with `payload()`,
    or is `bool`/`int` for a mutation whose answer is a plain value.

    `atomic=False` is for the few bodies that ask a payment provider: they must commit what
    they made before the provider is asked (no lock held over the network), so the services
    they call own their transactions; refusals still come back in the payload."""
    if not description:
        raise ImproperlyConfigured("A mutation needs a description.")
    plain = payload_cls in _PLAIN_RESULTS
    if not plain and not hasattr(payload_cls, "error_type"):
        raise ImproperlyConfigured(f"{payload_cls.__name__} was not made with payload().")
    # A plain result (signOut's Boolean) has no payload to refuse in: refusals are top-level.
    code_enum: type[Enum] | tuple = () if plain else payload_cls.error_type.code_enum

    def decorate(resolver):
        def run(*args, **kwargs):
            try:
                with transaction.atomic() if atomic else nullcontext():
                    result = resolver(*args, **kwargs)
                    if allow.audited and not getattr(result, "errors", None):
                        _audit(name or to_camel_case(resolver.__name__), kwargs)
                    return result
            except DomainError as error:
                if not code_enum or not isinstance(error.code, code_enum):
                    raise  # another domain's refusal: a coded top-level error
                return _refused(payload_cls, error)

        run.__name__ = resolver.__name__
        run.__qualname__ = resolver.__qualname__
        run.__module__ = resolver.__module__
        run.__doc__ = resolver.__doc__
        run.__wrapped__ = resolver  # strawberry reads the signature through it
        run.__annotations__ = resolver.__annotations__
        field = strawberry.mutation(
            resolver=run,
            name=name,
            description=description,
            extensions=allow.extensions(),
        )
        field.allow = allow
        _check_documented(field, resolver.__name__)
        return field

    return decorate


def allowed_roles(mutation_field) -> Allow:
    """What a registered mutation declared (for the authorisation matrix)."""
    return mutation_field.allow


__all__: Iterable[str] = (
    "ADMINS",
    "ANYONE",
    "MEMBERS",
    "OFFICE",
    "PLATFORM_ADMIN",
    "SIGNED_IN",
    "Allow",
    "Always",
    "Caller",
    "allowed_roles",
    "arg",
    "caller",
    "mutation",
    "payload",
    "roles",
)
