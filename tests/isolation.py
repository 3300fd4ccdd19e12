"""Cross-community isolation harness for the community GraphQL endpoint.

Every operation of the community endpoint is registered here once, with the variables it
needs. `tests/platform/test_isolation.py` runs each of them on community A's host (the
target) as community B's admin (the outsider) — with B's session, with B's community-scoped
API token and with B's platform token — and asserts that nothing of A comes back and that the
database is exactly as before. A coverage test fails when a root field of the community schema
has no registered operation, so a new field cannot be forgotten.

Adding an operation is one `register(...)` statement. Put it at the bottom of this module, or
in `tests/<app>/isolation.py` (imported automatically by `operations()`):

    register(Operation("grants", "query { grants(first: 5) { edges { node { id title } } } }"))

    register(Operation(
        "approveGrant",
        "mutation($id: ID!) { approveGrant(id: $id) { errors { code } } }",
        variables_factory=lambda world: {"id": global_id("Grant", grant_of(world.target).pk)},
        kind="mutation",
        refused_with="FORBIDDEN",
    ))

Fields of `Operation`:
- `variables_factory(world)`: the variables; ids should name A's objects (what an attacker
  would try), or B's objects when testing that foreign ids are not honoured on A's host. It
  runs before the "before" snapshot, so it may create the objects it names.
- `refused_with`: the code the outsider's *session* must get — a top-level `extensions.code`
  or a payload `errors[].code` — or None when the operation answers (without A's data).
- `snapshot(world)`: the database state compared before and after; the default covers every
  account, community and job row and every table of every community schema, so new tenant
  tables are covered without code.
- `markers(world)`: extra strings that are A's private data (beyond its members' names,
  contacts and ids, and its invitations), e.g. titles of A's grants.
- `insider_sees_markers`: A's own admin gets A's markers from this operation; the harness
  checks it, proving that the outsider's empty answer is meaningful.
"""

import importlib
import json
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from django.db import connection
from django.utils import timezone
from graphql import OperationDefinitionNode, parse
from strawberry.relay import to_base64

from commonweal.platform.accounts.models import ApiToken, Invitation, Membership, User
from commonweal.platform.accounts.roles import Role
from commonweal.platform.accounts.services import INVITATION_LIFETIME
from commonweal.tenants.models import Community, CommunityApplication, Domain
from tests.fixtures import PASSWORD, make_member


def global_id(type_name: str, pk) -> str:
    return to_base64(type_name, pk)


@dataclass
class World:
    """Two communities with people and open invitations; A is attacked by B's admin."""

    target: Community
    outsider_community: Community
    target_admin: User
    target_staff: User
    target_resident: User
    target_invitation: Invitation
    target_invitation_secret: str
    outsider_admin: User
    outsider_resident: User
    outsider_invitation_secret: str

    def member_id(self, user: User, community: Community | None = None) -> str:
        membership = Membership.objects.get(user=user, community=community or self.target)
        return global_id("Member", membership.pk)


def _invite(community, actor, email, phone=""):
    # Made directly: the service refuses invitations to people who already belong.
    invitation = Invitation.objects.create(
        community=community,
        email=email,
        phone=phone,
        roles=[Role.STAFF],
        secret_digest=Invitation.unsealed(),
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    return invitation, invitation.seal()


def build_world(target: Community, outsider: Community) -> World:
    target_admin = make_member(
        target, Role.ADMIN, name="甲方管理员王芳", email="wangfang@fengshu.example.cn"
    )
    target_staff = make_member(
        target, Role.STAFF, name="甲方社工李强", email="liqiang@fengshu.example.cn"
    )
    target_resident = make_member(target, Role.RESIDENT, name="甲方居民张伟", phone="13912345678")
    target_invitation, target_secret = _invite(
        target, target_admin, "invitee@fengshu.example.cn", "13687654321"
    )
    outsider_admin = make_member(
        outsider, Role.ADMIN, name="乙方管理员赵敏", email="zhaomin@jiahonglu.example.cn"
    )
    outsider_resident = make_member(outsider, Role.RESIDENT, name="乙方居民孙丽")
    _invitation, outsider_secret = _invite(outsider, outsider_admin, outsider_admin.email)
    return World(
        target=target,
        outsider_community=outsider,
        target_admin=target_admin,
        target_staff=target_staff,
        target_resident=target_resident,
        target_invitation=target_invitation,
        target_invitation_secret=target_secret,
        outsider_admin=outsider_admin,
        outsider_resident=outsider_resident,
        outsider_invitation_secret=outsider_secret,
    )


# --- what must not leak, and what must not change -----------------------------------------


def target_markers(world: World) -> set[str]:
    """A's private data as it would appear in a response: names, contacts and ids."""
    markers: set[str] = set()
    for membership in Membership.objects.filter(community=world.target).select_related("user"):
        user = membership.user
        markers |= {user.display_name, user.email, user.phone}
        markers |= {global_id(t, user.pk) for t in ("User", "Me")}
        markers.add(global_id("Member", membership.pk))
    for invitation in Invitation.objects.filter(community=world.target):
        markers |= {invitation.email, invitation.phone, global_id("Invitation", invitation.pk)}
    for token in ApiToken.objects.filter(community=world.target):
        markers |= {token.hint, global_id("ApiToken", token.pk)}
    markers.discard(None)
    markers.discard("")
    return markers


def leaked(response: dict, markers: set[str]) -> list[str]:
    text = json.dumps(response, ensure_ascii=False)
    return sorted(m for m in markers if m in text)


def _rows(queryset, *exclude) -> list[dict]:
    names = [f.attname for f in queryset.model._meta.concrete_fields if f.attname not in exclude]
    return list(queryset.order_by("pk").values(*names))


def _schema_tables(schema: str) -> dict[str, tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = %s AND table_type = 'BASE TABLE' ORDER BY table_name",
            [schema],
        )
        tables = [row[0] for row in cursor.fetchall()]
        digests = {}
        for table in tables:
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f'FROM "{schema}"."{table}" t'
            )
            digests[table] = cursor.fetchone()
    return digests


def database_state(world: World | None = None) -> dict:
    """Every row that an operation of the accounts or communities could write, plus a digest
    of every table in every community schema. Sessions and `last_login` are left out: signing
    in writes them by design."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, task_name, args::text, status, queue_name "
            "FROM public.procrastinate_jobs ORDER BY id"
        )
        jobs = cursor.fetchall()
    return {
        "users": _rows(User.objects.all(), "last_login"),
        "memberships": _rows(Membership.objects.all()),
        "invitations": _rows(Invitation.objects.all()),
        "api_tokens": _rows(ApiToken.objects.all()),
        "communities": _rows(Community.objects.all()),
        "domains": _rows(Domain.objects.all()),
        "applications": _rows(CommunityApplication.objects.all()),
        "jobs": jobs,
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


# --- the registry ------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    name: str
    document: str
    variables_factory: Callable[[World], dict] = field(default=lambda world: {})
    kind: Literal["query", "mutation"] = "query"
    snapshot: Callable[[World], object] = database_state
    refused_with: str | None = None
    markers: Callable[[World], set[str]] = field(default=lambda world: set())
    insider_sees_markers: bool = False

    def __post_init__(self):
        operation = self.definition()
        if operation.operation.value != self.kind:
            raise ValueError(f"{self.name}: document is a {operation.operation.value}")

    def definition(self) -> OperationDefinitionNode:
        (operation,) = [
            d for d in parse(self.document).definitions if isinstance(d, OperationDefinitionNode)
        ]
        return operation

    def root_fields(self) -> set[tuple[str, str]]:
        return {
            (self.kind, selection.name.value)
            for selection in self.definition().selection_set.selections
        }

    def __str__(self):
        return self.name


_REGISTERED: list[Operation] = []


def register(operation: Operation) -> Operation:
    if any(o.name == operation.name for o in _REGISTERED):
        raise ValueError(f"operation {operation.name!r} is registered twice")
    _REGISTERED.append(operation)
    return operation


def operations() -> list[Operation]:
    """Every registered operation, including those of `tests/<app>/isolation.py` modules."""
    import tests

    for package in pkgutil.iter_modules(tests.__path__):
        if package.ispkg:
            try:
                importlib.import_module(f"tests.{package.name}.isolation")
            except ModuleNotFoundError as error:
                if error.name != f"tests.{package.name}.isolation":
                    raise
    return list(_REGISTERED)


# --- accounts and community profile ------------------------------------------------------

register(Operation("community", "query { community { id slug name introduction } }"))
register(
    Operation(
        "me",
        "query { me { id displayName email phone isPlatformAdmin } }",
        insider_sees_markers=True,
    )
)
register(Operation("myRoles", "query { myRoles }"))
register(
    Operation(
        "members",
        "query { members(first: 100) { totalCount edges { node"
        " { id displayName email phone roles joinedAt } } } }",
        insider_sees_markers=True,
    )
)
register(
    Operation(
        "membersByRole",
        "query { members(first: 100, role: ADMIN) { totalCount edges { node"
        " { id displayName email phone } } } }",
        insider_sees_markers=True,
    )
)
register(
    Operation(
        "invitations",
        "query { invitations(first: 100) { totalCount edges { node"
        " { id email phone roles createdAt } } } }",
        insider_sees_markers=True,
    )
)
register(
    Operation(
        "updateCommunityProfile",
        'mutation { updateCommunityProfile(introduction: "乙方改写")'
        " { community { introduction } errors { code } } }",
        kind="mutation",
        refused_with="FORBIDDEN",
    )
)
register(
    Operation(
        "inviteMember",
        'mutation { inviteMember(email: "spy@jiahonglu.example.cn", roles: [ADMIN])'
        " { invitation { id email } errors { code } } }",
        kind="mutation",
        refused_with="FORBIDDEN",
    )
)
register(
    Operation(
        "revokeInvitation",
        "mutation($id: ID!) { revokeInvitation(id: $id)"
        " { invitation { id email } errors { code } } }",
        variables_factory=lambda w: {"id": global_id("Invitation", w.target_invitation.pk)},
        kind="mutation",
        refused_with="FORBIDDEN",
    )
)
register(
    Operation(
        "acceptInvitation",
        "mutation($secret: String!) { acceptInvitation(secret: $secret)"
        " { member { id displayName roles } errors { code } } }",
        variables_factory=lambda w: {"secret": w.target_invitation_secret},
        kind="mutation",
        refused_with="INVITATION_MISMATCH",
    )
)
register(
    Operation(
        "acceptInvitationOfOwnCommunity",
        "mutation($secret: String!) { acceptInvitation(secret: $secret)"
        " { member { id displayName roles } errors { code } } }",
        variables_factory=lambda w: {"secret": w.outsider_invitation_secret},
        kind="mutation",
        refused_with="INVITATION_INVALID",
    )
)
register(
    Operation(
        "setMemberRoles",
        "mutation($id: ID!) { setMemberRoles(id: $id, roles: [RESIDENT])"
        " { member { id displayName roles } errors { code } } }",
        variables_factory=lambda w: {"id": w.member_id(w.target_admin)},
        kind="mutation",
        refused_with="FORBIDDEN",
    )
)
register(
    Operation(
        "setMemberRolesOfOwnMember",
        "mutation($id: ID!) { setMemberRoles(id: $id, roles: [ADMIN])"
        " { member { id displayName roles } errors { code } } }",
        variables_factory=lambda w: {"id": w.member_id(w.outsider_resident, w.outsider_community)},
        kind="mutation",
        refused_with="FORBIDDEN",
    )
)
register(
    Operation(
        "removeMember",
        "mutation($id: ID!) { removeMember(id: $id) { member { id } errors { code } } }",
        variables_factory=lambda w: {"id": w.member_id(w.target_resident)},
        kind="mutation",
        refused_with="FORBIDDEN",
    )
)
# Accounts span communities: signing in on A's host as B's admin is allowed, yields only
# B's admin's own account and writes nothing of A (sessions are not part of the snapshot).
register(
    Operation(
        "signIn",
        "mutation($login: String!, $password: String!) { signIn(loginName: $login,"
        " password: $password) { me { id displayName email } errors { code } } }",
        variables_factory=lambda w: {"login": w.outsider_admin.email, "password": PASSWORD},
        kind="mutation",
    )
)
register(Operation("signOut", "mutation { signOut }", kind="mutation"))
