"""Who may call each mutation of accounts and communities, on both endpoints; a refusal
changes nothing.

Actors: anonymous; resident, staff and admin of Fengshu; the admin of Jiahonglu (another
community); and a platform admin. Community mutations run on Fengshu's host, platform
mutations on the bare host.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone
from strawberry.utils.str_converters import to_camel_case

from commonweal.platform.accounts.graphql import (
    CommunityAccountMutation,
    PlatformAccountMutation,
    SessionMutations,
)
from commonweal.platform.accounts.models import Invitation, User
from commonweal.platform.accounts.roles import Role
from commonweal.platform.accounts.services import INVITATION_LIFETIME, token_create
from commonweal.platform.graphql.schema import community_schema, platform_schema
from commonweal.tenants.graphql import CommunityProfileMutation, PlatformCommunityMutation
from commonweal.tenants.models import CommunityApplication, CommunityStatus
from tests.fixtures import PASSWORD, gql, make_community, make_member, make_user
from tests.isolation import database_state, global_id

ACTORS = ("anonymous", "resident", "staff", "admin", "other_admin", "platform_admin")
SIGNED_IN = frozenset(ACTORS) - {"anonymous"}
EVERYONE = frozenset(ACTORS)
ADMIN = frozenset({"admin"})
PLATFORM_ADMIN = frozenset({"platform_admin"})
# Roles each actor holds in Fengshu before the mutation.
# The mutations this matrix answers for; other apps keep their own matrices.
COMMUNITY_MUTATIONS = (SessionMutations, CommunityProfileMutation, CommunityAccountMutation)
PLATFORM_MUTATIONS = (SessionMutations, PlatformAccountMutation, PlatformCommunityMutation)
ROLES_IN_FENGSHU = {"resident": ["resident"], "staff": ["staff"], "admin": ["admin"]}


@dataclass
class Cast:
    fengshu: object
    jiahonglu: object
    people: dict[str, User | None]
    member: User  # a resident of Fengshu whom admins act on
    visitor: User  # an account anyone may sign in to


@pytest.fixture
def cast(fengshu, jiahonglu, platform_admin) -> Cast:
    people = {
        "anonymous": None,
        "resident": make_member(fengshu, Role.RESIDENT, name="居民"),
        "staff": make_member(fengshu, Role.STAFF, name="社工"),
        "admin": make_member(fengshu, Role.ADMIN, name="管理员"),
        "other_admin": make_member(jiahonglu, Role.ADMIN, name="佳宏路管理员"),
        "platform_admin": platform_admin,
    }
    return Cast(
        fengshu=fengshu,
        jiahonglu=jiahonglu,
        people=people,
        member=make_member(fengshu, Role.RESIDENT, name="被管理的居民"),
        visitor=make_user(email="visitor@example.cn", name="访客"),
    )


def _open_invitation(cast: Cast, email: str, roles=(Role.DONOR,)) -> str:
    invitation = Invitation.objects.create(
        community=cast.fengshu,
        email=email,
        roles=list(roles),
        secret_digest=Invitation.unsealed(),
        invited_by=cast.people["admin"],
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    return invitation.seal()


def _membership_id(cast: Cast, user: User) -> str:
    return global_id("Member", user.memberships.get(community=cast.fengshu).pk)


def _application(cast: Cast) -> str:
    application = CommunityApplication.objects.create(
        slug="shuangqiao",
        name="双桥社区",
        city="成都市",
        district="成华区",
        subdistrict="双桥子街道",
        area_km2="1.20",
        population=20000,
        households=8000,
        centre_lat=30.65,
        centre_lng=104.12,
        applicant_name="申请人",
        applicant_email="applicant@shuangqiao.example.cn",
    )
    return global_id("CommunityApplication", application.pk)


def _suspended_community(cast: Cast) -> str:
    community = make_community("duyuanjie", name="督院街社区")
    community.status = CommunityStatus.SUSPENDED
    community.suspended_reason = "核查"
    community.save(update_fields=["status", "suspended_reason"])
    return community.slug


def _own_token(cast: Cast, actor: User | None) -> str:
    token, _secret = token_create(user=actor or cast.people["admin"], name="旧令牌")
    return global_id("ApiToken", token.pk)


@dataclass(frozen=True)
class Case:
    endpoint: str  # "community" or "platform"
    field: str
    document: str
    allowed: frozenset[str]
    expected: Callable[[Cast, User | None], dict]
    variables: Callable[[Cast, User | None], dict] = lambda cast, actor: {}


def _accepted_roles(actor_name: str) -> list[str]:
    return [r.upper() for r in sorted({*ROLES_IN_FENGSHU.get(actor_name, []), "donor"})]


CASES = [
    Case(
        "community",
        "updateCommunityProfile",
        'mutation { updateCommunityProfile(introduction: "新的介绍")'
        " { community { introduction } errors { code } } }",
        ADMIN,
        lambda cast, actor: {"community": {"introduction": "新的介绍"}, "errors": []},
    ),
    Case(
        "community",
        "inviteMember",
        'mutation { inviteMember(email: "new@example.cn", roles: [RESIDENT])'
        " { invitation { email roles } errors { code } } }",
        ADMIN,
        lambda cast, actor: {
            "invitation": {"email": "new@example.cn", "roles": ["RESIDENT"]},
            "errors": [],
        },
    ),
    Case(
        "community",
        "revokeInvitation",
        "mutation($id: ID!) { revokeInvitation(id: $id) { invitation { email } errors { code } } }",
        ADMIN,
        lambda cast, actor: {"invitation": {"email": "pending@example.cn"}, "errors": []},
        lambda cast, actor: {
            "id": global_id(
                "Invitation",
                Invitation.objects.get(
                    secret_digest=Invitation.digest(_open_invitation(cast, "pending@example.cn"))
                ).pk,
            )
        },
    ),
    Case(
        "community",
        "acceptInvitation",
        "mutation($secret: String!) { acceptInvitation(secret: $secret)"
        " { member { roles } errors { code } } }",
        SIGNED_IN,
        lambda cast, actor: {
            "member": {"roles": _accepted_roles(_name_of(cast, actor))},
            "errors": [],
        },
        lambda cast, actor: {
            "secret": _open_invitation(cast, actor.email if actor else "nobody@example.cn")
        },
    ),
    Case(
        "community",
        "setMemberRoles",
        "mutation($id: ID!) { setMemberRoles(id: $id, roles: [STAFF])"
        " { member { displayName roles } errors { code } } }",
        ADMIN,
        lambda cast, actor: {
            "member": {"displayName": "被管理的居民", "roles": ["STAFF"]},
            "errors": [],
        },
        lambda cast, actor: {"id": _membership_id(cast, cast.member)},
    ),
    Case(
        "community",
        "removeMember",
        "mutation($id: ID!) { removeMember(id: $id) { member { id } errors { code } } }",
        ADMIN,
        lambda cast, actor: {"member": None, "errors": []},
        lambda cast, actor: {"id": _membership_id(cast, cast.member)},
    ),
    Case(
        "community",
        "signIn",
        'mutation($password: String!) { signIn(loginName: "visitor@example.cn",'
        " password: $password) { me { displayName } errors { code } } }",
        EVERYONE,
        lambda cast, actor: {"me": {"displayName": "访客"}, "errors": []},
        lambda cast, actor: {"password": PASSWORD},
    ),
    Case("community", "signOut", "mutation { signOut }", EVERYONE, lambda cast, actor: True),
    Case(
        "platform",
        "signIn",
        'mutation($password: String!) { signIn(loginName: "visitor@example.cn",'
        " password: $password) { me { displayName } errors { code } } }",
        EVERYONE,
        lambda cast, actor: {"me": {"displayName": "访客"}, "errors": []},
        lambda cast, actor: {"password": PASSWORD},
    ),
    Case("platform", "signOut", "mutation { signOut }", EVERYONE, lambda cast, actor: True),
    Case(
        "platform",
        "register",
        'mutation($password: String!) { register(input: {email: "newcomer@example.cn",'
        ' password: $password, displayName: "新人"})'
        " { me { displayName email } errors { code } } }",
        EVERYONE,
        lambda cast, actor: {
            "me": {"displayName": "新人", "email": "newcomer@example.cn"},
            "errors": [],
        },
        lambda cast, actor: {"password": PASSWORD},
    ),
    Case(
        "platform",
        "createApiToken",
        'mutation { createApiToken(name: "脚本", lifetimeDays: 30)'
        " { token { name communitySlug } errors { code } } }",
        SIGNED_IN,
        lambda cast, actor: {"token": {"name": "脚本", "communitySlug": None}, "errors": []},
    ),
    Case(
        "platform",
        "revokeApiToken",
        "mutation($id: ID!) { revokeApiToken(id: $id) { token { name } errors { code } } }",
        SIGNED_IN,
        lambda cast, actor: {"token": {"name": "旧令牌"}, "errors": []},
        lambda cast, actor: {"id": _own_token(cast, actor)},
    ),
    Case(
        "platform",
        "applyForCommunity",
        'mutation($password: String!) { applyForCommunity(input: {slug: "shuangqiao",'
        ' name: "双桥社区", city: "成都市", district: "成华区", subdistrict: "双桥子街道",'
        ' areaKm2: "1.2", population: 20000, households: 8000, centreLat: 30.65,'
        ' centreLng: 104.12, applicantName: "申请人", applicantEmail:'
        ' "applicant@shuangqiao.example.cn", password: $password})'
        " { application { slug status } errors { code } } }",
        EVERYONE,
        lambda cast, actor: {
            "application": {"slug": "shuangqiao", "status": "PENDING"},
            "errors": [],
        },
        lambda cast, actor: {"password": PASSWORD},
    ),
    Case(
        "platform",
        "approveCommunityApplication",
        "mutation($id: ID!) { approveCommunityApplication(id: $id)"
        " { application { slug status } errors { code } } }",
        PLATFORM_ADMIN,
        lambda cast, actor: {
            "application": {"slug": "shuangqiao", "status": "APPROVED"},
            "errors": [],
        },
        lambda cast, actor: {"id": _application(cast)},
    ),
    Case(
        "platform",
        "rejectCommunityApplication",
        'mutation($id: ID!) { rejectCommunityApplication(id: $id, reason: "资料不全")'
        " { application { slug status } errors { code } } }",
        PLATFORM_ADMIN,
        lambda cast, actor: {
            "application": {"slug": "shuangqiao", "status": "REJECTED"},
            "errors": [],
        },
        lambda cast, actor: {"id": _application(cast)},
    ),
    Case(
        "platform",
        "suspendCommunity",
        'mutation { suspendCommunity(slug: "fengshu", reason: "核查")'
        " { community { slug } errors { code } } }",
        PLATFORM_ADMIN,
        lambda cast, actor: {"community": {"slug": "fengshu"}, "errors": []},
    ),
    Case(
        "platform",
        "reactivateCommunity",
        "mutation($slug: String!) { reactivateCommunity(slug: $slug)"
        " { community { slug } errors { code } } }",
        PLATFORM_ADMIN,
        lambda cast, actor: {"community": {"slug": "duyuanjie"}, "errors": []},
        lambda cast, actor: {"slug": _suspended_community(cast)},
    ),
]


def _name_of(cast: Cast, actor: User | None) -> str:
    return next(name for name, person in cast.people.items() if person == actor)


def _client(cast: Cast, case: Case, actor: User | None):
    return gql(cast.fengshu if case.endpoint == "community" else None, actor)


MATRIX = [
    pytest.param(case, actor, id=f"{case.endpoint}-{case.field}-{actor}")
    for case in CASES
    for actor in ACTORS
]


def test_the_matrix_covers_every_mutation_of_accounts_and_communities():
    # given the mutations of accounts and communities, as each endpoint exposes them
    fields = set()
    for endpoint, schema, types in (
        ("community", community_schema, COMMUNITY_MUTATIONS),
        ("platform", platform_schema, PLATFORM_MUTATIONS),
    ):
        exposed = schema._schema.mutation_type.fields
        for type_ in types:
            names = {to_camel_case(f.python_name) for f in type_.__strawberry_definition__.fields}
            assert names <= set(exposed), (endpoint, type_)
            fields |= {(endpoint, name) for name in names}

    # then each has a row in the matrix, and no row names another field
    assert {(case.endpoint, case.field) for case in CASES} == fields


@pytest.mark.parametrize(("case", "actor_name"), MATRIX)
def test_mutation_answers_each_actor_as_its_permissions_say(cast, case, actor_name):
    # given an actor and the database as it stands
    actor = cast.people[actor_name]
    client = _client(cast, case, actor)
    variables = case.variables(cast, actor)
    before = database_state()

    # when the actor calls the mutation
    response = client.execute(case.document, variables)

    # then an allowed actor gets the mutation's answer ...
    assert client.status == 200
    if actor_name in case.allowed:
        assert response == {"data": {case.field: case.expected(cast, actor)}}
        return
    # ... and a refused one a coded top-level error, with nothing changed
    code = "UNAUTHENTICATED" if actor is None else "FORBIDDEN"
    assert response["data"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in response["errors"]] == [
        ([case.field], code)
    ]
    assert database_state() == before
