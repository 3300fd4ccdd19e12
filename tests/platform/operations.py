"""Accounts, sessions and notifications in the operation registry (see tests/operations.py)."""

from commonweal.platform.accounts.services import token_create
from commonweal.platform.kernel.roles import Role
from commonweal.platform.notifications.models import Notification
from tests.fixtures import PASSWORD
from tests.operations import (
    ADMIN,
    EVERYONE,
    SIGNED_IN,
    Operation,
    World,
    allowed,
    global_id,
    ok,
    open_invitation,
    register,
    setup,
)

# --- queries (isolation only) ---------------------------------------------------------------

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
        "auditLog",
        "query { auditLog(first: 100) { totalCount edges { node"
        " { action actorName target changes ip } } } }",
    )
)
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

# --- sessions (both endpoints) --------------------------------------------------------------

SIGN_IN = (
    "mutation($login: String!, $password: String!) { signIn(loginName: $login,"
    " password: $password) { me { displayName } errors { code } } }"
)
SIGN_OUT = "mutation { signOut }"


def _visitor(world: World, actor: str) -> dict:
    return {"login": "visitor@example.cn", "password": PASSWORD}


for _endpoint in ("community", "platform"):
    register(
        Operation(
            f"signIn@{_endpoint}",
            SIGN_IN,
            variables=_visitor,
            answers=allowed(EVERYONE, ok(me={"displayName": "访客"})),
            endpoint=_endpoint,
            # Accounts span communities: B's admin may sign in on A's host, to B's own account,
            # and that writes nothing of A (sessions are not part of the snapshot).
            outsider_variables=lambda w: {"login": w.outsider_admin.email, "password": PASSWORD},
            refused_with=None,
        )
    )
    register(
        Operation(
            f"signOut@{_endpoint}", SIGN_OUT, answers=allowed(EVERYONE, True), endpoint=_endpoint
        )
    )

# --- members and invitations (community endpoint) -------------------------------------------

register(
    Operation(
        "inviteMember",
        'mutation { inviteMember(email: "new@example.cn", roles: [RESIDENT])'
        " { invitation { email roles } errors { code } } }",
        answers=allowed(ADMIN, ok(invitation={"email": "new@example.cn", "roles": ["RESIDENT"]})),
    )
)


def _pending_invitation(world: World, actor: str) -> dict:
    invitation, _secret = open_invitation(
        world.community, world.people["admin"], "pending@example.cn", roles=(Role.DONOR,)
    )
    return {"id": global_id("Invitation", invitation.pk)}


register(
    Operation(
        "revokeInvitation",
        "mutation($id: ID!) { revokeInvitation(id: $id) { invitation { email } errors { code } } }",
        variables=_pending_invitation,
        answers=allowed(ADMIN, ok(invitation={"email": "pending@example.cn"})),
        outsider_variables=lambda w: {"id": global_id("Invitation", w.target_invitation.pk)},
    )
)

ACCEPT_INVITATION = (
    "mutation($secret: String!) { acceptInvitation(secret: $secret)"
    " { member { roles } errors { code } } }"
)


def _invitation_for_actor(world: World, actor: str) -> dict:
    person = world.people[actor]
    _invitation, secret = open_invitation(
        world.community,
        world.people["admin"],
        (person.email or "") if person else "nobody@example.cn",
        (person.phone or "") if person else "",
        roles=(Role.DONOR,),
    )
    return {"secret": secret}


def _accepted_roles(world: World, actor: str) -> dict:
    roles = {*world.roles_in_community(actor), Role.DONOR}
    return ok(member={"roles": sorted(r.upper() for r in roles)})


register(
    Operation(
        "acceptInvitation",
        ACCEPT_INVITATION,
        variables=_invitation_for_actor,
        answers=allowed(SIGNED_IN, _accepted_roles),
        # Isolation: B's admin holding A's invitation for someone else.
        outsider_variables=lambda w: {"secret": w.target_invitation_secret},
        refused_with="INVITATION_MISMATCH",
    )
)
register(
    Operation(
        "acceptInvitationOfOwnCommunity",
        ACCEPT_INVITATION,
        outsider_variables=lambda w: {"secret": w.outsider_invitation_secret},
        refused_with="INVITATION_INVALID",
    )
)

SET_MEMBER_ROLES = (
    "mutation($id: ID!) { setMemberRoles(id: $id, roles: [STAFF])"
    " { member { displayName roles } errors { code } } }"
)
register(
    Operation(
        "setMemberRoles",
        SET_MEMBER_ROLES,
        variables=lambda w, actor: {"id": w.member_id(w.ids["member"])},
        answers=allowed(ADMIN, ok(member={"displayName": "被管理的居民", "roles": ["STAFF"]})),
    )
)
register(
    Operation(
        "setMemberRolesOfOwnMember",
        SET_MEMBER_ROLES,
        outsider_variables=lambda w: {"id": w.member_id(w.outsider_resident, w.outsider_community)},
        refused_with="FORBIDDEN",
    )
)
register(
    Operation(
        "removeMember",
        "mutation($id: ID!) { removeMember(id: $id) { member { id } errors { code } } }",
        variables=lambda w, actor: {"id": w.member_id(w.ids["member"])},
        answers=allowed(ADMIN, ok(member=None)),
    )
)

# --- accounts and API tokens (platform endpoint) --------------------------------------------

register(
    Operation(
        "register",
        'mutation($password: String!) { register(input: {email: "newcomer@example.cn",'
        ' password: $password, displayName: "新人"})'
        " { me { displayName email } errors { code } } }",
        variables=lambda w, actor: {"password": PASSWORD},
        answers=allowed(EVERYONE, ok(me={"displayName": "新人", "email": "newcomer@example.cn"})),
        endpoint="platform",
    )
)
register(
    Operation(
        "createApiToken",
        'mutation { createApiToken(name: "脚本", lifetimeDays: 30)'
        " { token { name communitySlug } errors { code } } }",
        answers=allowed(SIGNED_IN, ok(token={"name": "脚本", "communitySlug": None})),
        endpoint="platform",
    )
)


def _own_token(world: World, actor: str) -> dict:
    token, _secret = token_create(user=world.people[actor] or world.people["admin"], name="旧令牌")
    return {"id": global_id("ApiToken", token.pk)}


register(
    Operation(
        "revokeApiToken",
        "mutation($id: ID!) { revokeApiToken(id: $id) { token { name } errors { code } } }",
        variables=_own_token,
        answers=allowed(SIGNED_IN, ok(token={"name": "旧令牌"})),
        endpoint="platform",
    )
)

# --- notifications (platform endpoint) ------------------------------------------------------


@setup("notifications", needs=("partners", "microfund"))
def _notifications(world: World) -> None:
    """One unread notification of each person's own, made after every other setup."""
    world.ids["notifications"] = {
        actor: global_id(
            "Notification",
            Notification.objects.create(user=person, kind="test", title="你的通知").pk,
        )
        for actor, person in world.people.items()
        if person is not None
    }


def _own_notification(world: World, actor: str) -> dict:
    # The anonymous caller names the representative's: refused before it is looked up.
    own = world.ids["notifications"]
    return {"id": own.get(actor, own["representative"])}


register(
    Operation(
        "markNotificationRead",
        "mutation($id: ID!) { markNotificationRead(id: $id)"
        " { notification { title } errors { code } } }",
        variables=_own_notification,
        answers=allowed(SIGNED_IN, ok(notification={"title": "你的通知"})),
        endpoint="platform",
    )
)
# How many unread notifications each has once the setups ran: their own, plus the partner
# programme's — each representative hears of four status changes of their partnership, and
# the office (staff, admin) of each of the three applications; the time bank's volunteer of
# three sign-ups, the points credited and a redemption code.
_UNREAD = {
    "representative": 5,
    "other_representative": 5,
    "staff": 4,
    "admin": 4,
    "volunteer": 6,
}
register(
    Operation(
        "markAllNotificationsRead",
        "mutation { markAllNotificationsRead }",
        answers=allowed(SIGNED_IN, lambda w, actor: _UNREAD.get(actor, 1)),
        endpoint="platform",
    )
)
