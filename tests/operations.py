"""One registry of GraphQL operations, shared by the authorisation matrix and the isolation
harness. Each document is written once, here or in `tests/<app>/operations.py` (imported
automatically).

Two runners read it:
- `tests/platform/test_authorization.py` (the matrix) calls every mutation as each actor of
  `ACTORS` and checks the exact answer: a success's exact payload; a refusal's exact code and
  that the database (`database_state`) did not change. A coverage test fails when a mutation of
  either schema has no registered `answers`.
- `tests/platform/test_isolation.py` calls every community-endpoint operation on community A's
  host as community B's admin (session and API tokens) and checks that nothing of A leaks and
  nothing changes.

Adding a mutation is one `register(...)`; `answers` says what each actor gets:

    register(Operation(
        "approveGrant",
        "mutation($id: ID!) { approveGrant(id: $id) { grant { status } errors { code } } }",
        variables=lambda world, actor: {"id": world.ids["grant"]},
        answers=allowed(OFFICE, {"grant": {"status": "APPROVED"}, "errors": []},
                        representative={"grant": None, "errors": [{"code": "NOT_YOURS"}]}),
    ))

`allowed(actors, payload, **per_actor)`: the actors in `actors` get `payload` (the data under
the root field, or `lambda world, actor: ...` when it depends on the actor); `anonymous`
otherwise gets a top-level `UNAUTHENTICATED` and everyone else a top-level `FORBIDDEN`;
keyword arguments override one actor with a payload or `Refused("CODE")`. A payload whose
`errors` is non-empty is a refusal too: the runner then also checks nothing changed.

Data the operations need is made once per test module, before any cell runs: write a
`@setup("app", needs=(...))` function that creates it and records ids in `world.ids`. Every
cell runs in its own transaction, rolled back, so it may create what it names in `variables`
(it runs before the "before" snapshot) — but never cache anything on the world lazily.

Isolation (community endpoint only): the outsider sends `outsider_variables(world)`, or the
`variables` of `other_admin`, and must get `refused_with` (a code, or None for an answer);
by default that is what `answers` gives `other_admin`. `markers(world)` adds A's private
strings; `insider_sees_markers` asserts that A's admin does get them, so the check can fail.
Queries are registered for isolation only (`answers` stays None).
"""

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from graphql import OperationDefinitionNode, parse
from strawberry.relay import from_base64, to_base64

from commonweal.platform.accounts.models import Invitation, Membership, User
from commonweal.platform.accounts.services import INVITATION_LIFETIME
from commonweal.platform.kernel.graphql.ids import PLATFORM_TYPES
from commonweal.platform.kernel.roles import Role
from commonweal.tenants.models import Community
from tests.fixtures import make_community, make_member, make_user

ACTORS = (
    "anonymous",
    "resident",
    "volunteer",
    "representative",  # represents the partner the operation is about
    "other_representative",  # represents another partner of the same community
    "staff",
    "admin",
    "other_admin",  # admin of another community
    "platform_admin",  # no member of either community
)
EVERYONE = frozenset(ACTORS)
SIGNED_IN = EVERYONE - {"anonymous"}
MEMBERS = frozenset(
    {"resident", "volunteer", "representative", "other_representative", "staff", "admin"}
)
OFFICE = frozenset({"staff", "admin"})
ADMIN = frozenset({"admin"})
PLATFORM_ADMIN = frozenset({"platform_admin"})
OUTSIDER = "other_admin"


def global_id(type_name: str, pk) -> str:
    """An id in the form issued before ids named their community ("Partner:4"): still
    accepted, so registrations send it without knowing the community."""
    return to_base64(type_name, pk)


def issued_id(type_name: str, pk, community: Community | None = None) -> str:
    """An id as the API issues it: "Partner:c_fengshu:4", or "public" for the platform's rows
    (and for everything on the platform's host, `community` None)."""
    scope = "public" if community is None or type_name in PLATFORM_TYPES else community.schema_name
    return to_base64(type_name, f"{scope}:{pk}")


def without_community(global_id_: str) -> str | None:
    """The id of `global_id_` in the old form, or None when it is no id naming a community."""
    try:
        type_name, node_id = from_base64(global_id_)
    except ValueError:
        return None
    community, named, pk = node_id.rpartition(":")
    return to_base64(type_name, pk) if named and community else None


# --- expectations --------------------------------------------------------------------------


@dataclass(frozen=True)
class Refused:
    """A top-level error at the operation's path, with this code."""

    code: str


@dataclass(frozen=True)
class Answer:
    """The data under the root field, exactly (a callable `(world, actor)` computes it)."""

    payload: Any

    def for_actor(self, world, actor: str):
        return self.payload(world, actor) if callable(self.payload) else self.payload


def _expectation(value) -> Refused | Answer:
    return value if isinstance(value, Refused | Answer) else Answer(value)


def allowed(actors: Iterable[str], payload, **per_actor) -> dict[str, Refused | Answer]:
    """`payload` for `actors`, the standard refusal for the others, `per_actor` overrides."""
    actors = frozenset(actors)
    unknown = (actors | set(per_actor)) - EVERYONE
    if unknown:
        raise ValueError(f"unknown actors: {sorted(unknown)}")
    answers: dict[str, Refused | Answer] = {}
    for actor in ACTORS:
        if actor in per_actor:
            answers[actor] = _expectation(per_actor[actor])
        elif actor in actors:
            answers[actor] = Answer(payload)
        else:
            answers[actor] = Refused("UNAUTHENTICATED" if actor == "anonymous" else "FORBIDDEN")
    return answers


def ok(**results) -> dict:
    """A payload that succeeded: its results and no errors."""
    return {**results, "errors": []}


def refused(code: str, **results) -> dict:
    """A payload refusal: the named results (null), one error with `code`."""
    return {**results, "errors": [{"code": code}]}


# --- the world -----------------------------------------------------------------------------


@dataclass
class World:
    """Community A (Fengshu), whose actors the matrix asks, and community B (Jiahonglu),
    whose admin is the outsider of the isolation harness. `ids` holds what setups made."""

    community: Community
    other_community: Community
    people: dict[str, User | None]
    ids: dict[str, Any] = field(default_factory=dict)

    def roles_in_community(self, actor: str) -> list[str]:
        person = self.people[actor]
        if person is None:
            return []
        membership = Membership.objects.filter(user=person, community=self.community).first()
        return list(membership.roles) if membership else []

    def member_id(self, user: User, community: Community | None = None) -> str:
        membership = Membership.objects.get(user=user, community=community or self.community)
        return global_id("Member", membership.pk)

    # Names the isolation registrations were first written with.
    @property
    def target(self) -> Community:
        return self.community

    @property
    def outsider_community(self) -> Community:
        return self.other_community

    @property
    def target_admin(self) -> User:
        return self.people["admin"]

    @property
    def target_staff(self) -> User:
        return self.people["staff"]

    @property
    def target_resident(self) -> User:
        return self.people["resident"]

    @property
    def outsider_admin(self) -> User:
        return self.people[OUTSIDER]

    @property
    def outsider_resident(self) -> User:
        return self.ids["outsider_resident"]

    @property
    def target_invitation(self) -> Invitation:
        return self.ids["target_invitation"]

    @property
    def target_invitation_secret(self) -> str:
        return self.ids["target_invitation_secret"]

    @property
    def outsider_invitation_secret(self) -> str:
        return self.ids["outsider_invitation_secret"]


_SETUPS: dict[str, tuple[tuple[str, ...], Callable[[World], None]]] = {}


def setup(name: str, needs: tuple[str, ...] = ()):
    """Register `fn(world)`, run once per world after the setups it `needs`."""

    def decorate(fn):
        if name in _SETUPS:
            raise ValueError(f"setup {name!r} is registered twice")
        _SETUPS[name] = (needs, fn)
        return fn

    return decorate


def _run_setups(world: World) -> None:
    done: set[str] = set()

    def run(name: str, path: tuple[str, ...] = ()) -> None:
        if name in done:
            return
        if name in path:
            raise ValueError(f"setups depend on each other: {(*path, name)}")
        needs, fn = _SETUPS[name]
        for need in needs:
            run(need, (*path, name))
        fn(world)
        connection.set_schema_to_public()
        done.add(name)

    for name in sorted(_SETUPS):
        run(name)


def open_invitation(community, actor, email, phone="", roles=(Role.STAFF,)):
    """An open invitation, made directly: the service refuses people who already belong."""
    invitation = Invitation.objects.create(
        community=community,
        email=email,
        phone=phone,
        roles=list(roles),
        secret_digest=Invitation.unsealed(),
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    return invitation, invitation.seal()


@contextmanager
def world_of_module(django_db_blocker):
    """`build_world()` for a whole test module, in a transaction rolled back at its end; each
    test runs in a savepoint inside it (pytest-django's `db`). Use it as a module fixture:

        @pytest.fixture(scope="module")
        def world(django_db_setup, django_db_blocker):
            with world_of_module(django_db_blocker) as world:
                yield world
    """
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=hashers):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            connection.set_schema_to_public()
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def build_world() -> World:
    """Both communities, every actor and every registered setup (caller runs this inside a
    transaction that is rolled back when the module's tests are done)."""
    load_registry()
    fengshu = make_community("fengshu", name="枫树社区")
    jiahonglu = make_community("jiahonglu", name="佳宏路社区", subdistrict="狮子山街道")
    people = {
        "anonymous": None,
        "resident": make_member(fengshu, Role.RESIDENT, name="甲方居民张伟", phone="13912345678"),
        "volunteer": make_member(fengshu, Role.VOLUNTEER, name="甲方志愿者刘洋"),
        # Partners' setup makes them representatives (activation makes them members).
        "representative": make_user(email="rep@partner.example.cn", name="合伙人代表"),
        "other_representative": make_user(email="rep2@partner.example.cn", name="另一合伙人代表"),
        "staff": make_member(
            fengshu, Role.STAFF, name="甲方社工李强", email="liqiang@fengshu.example.cn"
        ),
        "admin": make_member(
            fengshu, Role.ADMIN, name="甲方管理员王芳", email="wangfang@fengshu.example.cn"
        ),
        "other_admin": make_member(
            jiahonglu, Role.ADMIN, name="乙方管理员赵敏", email="zhaomin@jiahonglu.example.cn"
        ),
        "platform_admin": make_user(email="root@example.cn", staff=True),
    }
    world = World(community=fengshu, other_community=jiahonglu, people=people)
    _run_setups(world)
    return world


@setup("accounts")
def _accounts(world: World) -> None:
    admin, outsider = world.people["admin"], world.people[OUTSIDER]
    invitation, secret = open_invitation(
        world.community, admin, "invitee@fengshu.example.cn", "13687654321"
    )
    _own, outsider_secret = open_invitation(world.other_community, outsider, outsider.email)
    world.ids |= {
        "target_invitation": invitation,
        "target_invitation_secret": secret,
        "outsider_invitation_secret": outsider_secret,
        "outsider_resident": make_member(world.other_community, Role.RESIDENT, name="乙方居民孙丽"),
        # a resident of A whom admins act on, and an account anyone may sign in to
        "member": make_member(world.community, Role.RESIDENT, name="被管理的居民"),
        "visitor": make_user(email="visitor@example.cn", name="访客"),
    }


# --- what must not change ------------------------------------------------------------------


# Written by signing in, by design; the users table is compared without `last_login`.
def _public_tables_left_out() -> frozenset[str]:
    return frozenset({"django_session", User._meta.db_table})


def _rows(queryset, *exclude) -> list[dict]:
    names = [f.attname for f in queryset.model._meta.concrete_fields if f.attname not in exclude]
    return list(queryset.order_by("pk").values(*names))


def _schema_tables(schema: str, leave_out=frozenset()) -> dict[str, tuple[int, str]]:
    """A row count and digest of every table of `schema`, in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = %s AND table_type = 'BASE TABLE' ORDER BY table_name",
            [schema],
        )
        tables = [row[0] for row in cursor.fetchall() if row[0] not in leave_out]
        if not tables:
            return {}
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT '{table}', count(*), "
                "md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f'FROM "{schema}"."{table}" t'
                for table in tables
            )
        )
        return {name: (count, digest) for name, count, digest in cursor.fetchall()}


def database_state(world: World | None = None) -> dict:
    """Every row of the public schema (users without `last_login`, sessions left out: signing
    in writes them by design) and a digest of every table in every community schema."""
    return {
        "users": _rows(User.objects.all(), "last_login"),
        "public": _schema_tables("public", _public_tables_left_out()),
        "schemas": {
            schema: _schema_tables(schema)
            for schema in Community.objects.order_by("schema_name").values_list(
                "schema_name", flat=True
            )
        },
    }


def refusal_codes(response: dict) -> list[str]:
    """Codes of top-level errors and of every `errors` list inside the data, in order."""
    codes = [e.get("extensions", {}).get("code") for e in response.get("errors") or ()]

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "errors" and isinstance(value, list):
                    codes.extend(e["code"] for e in value if isinstance(e, dict) and "code" in e)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(response.get("data"))
    return codes


# --- the registry --------------------------------------------------------------------------

_DERIVED = object()


@dataclass(frozen=True)
class Operation:
    name: str
    document: str
    variables: Callable[[World, str], dict] | None = None
    answers: dict[str, Refused | Answer] | None = None
    endpoint: Literal["community", "platform"] = "community"
    # isolation harness (community endpoint)
    refused_with: Any = _DERIVED
    outsider_variables: Callable[[World], dict] | None = None
    markers: Callable[[World], set[str]] = field(default=lambda world: set())
    insider_sees_markers: bool = False
    isolation: bool = True
    # cells that fail today because of a known defect: actor → why (run as strict xfail)
    known_defects: dict[str, str] = field(default_factory=dict)
    # the isolation harness's first shape: `variables_factory(world)` and a declared `kind`
    variables_factory: Callable[[World], dict] | None = None
    kind: Literal["query", "mutation"] | None = None

    def __post_init__(self):
        actual = self.definition().operation.value
        if self.kind is not None and actual != self.kind:
            raise ValueError(f"{self.name}: document is a {actual}")
        if self.answers is not None:
            if set(self.answers) != EVERYONE:
                raise ValueError(f"{self.name}: answers name every actor; use allowed()")
            if len(self.root_fields()) != 1:
                raise ValueError(f"{self.name}: a matrix operation calls one root field")

    @property
    def is_mutation(self) -> bool:
        return self.definition().operation.value == "mutation"

    def definition(self) -> OperationDefinitionNode:
        (operation,) = [
            d for d in parse(self.document).definitions if isinstance(d, OperationDefinitionNode)
        ]
        return operation

    def root_fields(self) -> set[tuple[str, str]]:
        kind = self.definition().operation.value
        return {
            (kind, selection.name.value) for selection in self.definition().selection_set.selections
        }

    @property
    def field(self) -> str:
        ((_kind, name),) = self.root_fields()
        return name

    def variables_for(self, world: World, actor: str) -> dict:
        if self.variables is not None:
            return self.variables(world, actor)
        if self.variables_factory is not None:
            return self.variables_factory(world)
        return {}

    def outsider_variables_for(self, world: World) -> dict:
        if self.outsider_variables is not None:
            return self.outsider_variables(world)
        return self.variables_for(world, OUTSIDER)

    def outsider_codes(self, world: World) -> list[str]:
        """What B's admin's session must get: the registered code, or what `answers` says."""
        if self.refused_with is not _DERIVED:
            return [self.refused_with] if self.refused_with else []
        if self.answers is None:
            return []
        expected = self.answers[OUTSIDER]
        if isinstance(expected, Refused):
            return [expected.code]
        return refusal_codes({"data": {self.field: expected.for_actor(world, OUTSIDER)}})

    def __str__(self):
        return self.name


_REGISTERED: list[Operation] = []


def register(operation: Operation) -> Operation:
    if any(o.name == operation.name for o in _REGISTERED):
        raise ValueError(f"operation {operation.name!r} is registered twice")
    _REGISTERED.append(operation)
    return operation


def load_registry() -> None:
    """Import every `tests/<app>/operations.py` (and the older `isolation.py`)."""
    import tests

    for package in pkgutil.iter_modules(tests.__path__):
        if not package.ispkg:
            continue
        for module in ("operations", "isolation"):
            name = f"tests.{package.name}.{module}"
            try:
                importlib.import_module(name)
            except ModuleNotFoundError as error:
                if error.name != name:
                    raise


def operations() -> list[Operation]:
    """Every registered operation."""
    load_registry()
    return list(_REGISTERED)


def matrix_cells() -> list[tuple[Operation, str]]:
    return [(o, actor) for o in operations() if o.answers is not None for actor in ACTORS]
