"""Invitations and memberships over GraphQL: invite, mail, accept, and the last admin."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from commonweal.platform.accounts.models import Invitation, Membership
from commonweal.platform.accounts.services import invitation_create
from commonweal.platform.kernel.roles import Role
from commonweal.platform.tasks import send_invitation
from tests.fixtures import gql, make_member, make_user
from tests.isolation import database_state, global_id, issued_id

INVITE = (
    "mutation($email: String!, $phone: String!, $roles: [Role!]!) { inviteMember(email: $email,"
    " phone: $phone, roles: $roles) { invitation { id email phone roles } errors { code field } } }"
)
ACCEPT = (
    "mutation($secret: String!) { acceptInvitation(secret: $secret)"
    " { member { displayName roles } errors { code } } }"
)
REVOKE = "mutation($id: ID!) { revokeInvitation(id: $id) { invitation { email } errors { code } } }"
SET_ROLES = (
    "mutation($id: ID!, $roles: [Role!]!) { setMemberRoles(id: $id, roles: $roles)"
    " { member { displayName roles } errors { code field } } }"
)
REMOVE = "mutation($id: ID!) { removeMember(id: $id) { member { id } errors { code field } } }"
TASK = "commonweal.platform.tasks.send_invitation"


def _jobs() -> list[tuple[str, dict]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT task_name, args FROM procrastinate_jobs ORDER BY id")
        return [
            (name, args if isinstance(args, dict) else json.loads(args))
            for name, args in cursor.fetchall()
        ]


def _member_id(user, community) -> str:
    return global_id("Member", Membership.objects.get(user=user, community=community).pk)


def test_inviting_by_email_queues_a_mail_with_a_working_link(fengshu):
    # given Fengshu's admin
    admin = make_member(fengshu, Role.ADMIN, name="王主任")

    # when the admin invites someone by e-mail
    response = gql(fengshu, admin).execute(
        INVITE, {"email": "XiaoLi@Example.cn", "phone": "", "roles": ["VOLUNTEER", "RESIDENT"]}
    )

    # then the invitation exists, and one mail job carries its id (never the secret)
    payload = response["data"]["inviteMember"]
    invitation = Invitation.objects.get(community=fengshu)
    assert payload == {
        "invitation": {
            "id": issued_id("Invitation", invitation.pk),
            "email": "xiaoli@example.cn",
            "phone": "",
            "roles": ["RESIDENT", "VOLUNTEER"],
        },
        "errors": [],
    }
    ((task_name, args),) = _jobs()
    assert (task_name, args) == (TASK, {"invitation_id": invitation.pk})
    secret = invitation.secret()
    assert invitation.secret_digest == Invitation.digest(secret)
    assert secret not in invitation.secret_digest

    # when the job runs
    send_invitation(**args)

    # then the invitee gets the link to Fengshu's host
    (message,) = mail.outbox
    assert message.to == ["xiaoli@example.cn"]
    assert "枫树社区" in message.subject
    assert f"http://fengshu.localhost/invitations/{secret}/" in message.body
    assert "王主任" in message.body


def test_inviting_by_mobile_number_queues_no_mail(fengshu):
    # given Fengshu's admin
    admin = make_member(fengshu, Role.ADMIN)

    # when the admin invites someone by a formatted mobile number
    response = gql(fengshu, admin).execute(
        INVITE, {"email": "", "phone": "+86 139-1234-5678", "roles": ["RESIDENT"]}
    )

    # then the number is normalised and no mail job is queued
    assert response["data"]["inviteMember"]["invitation"]["phone"] == "13912345678"
    assert _jobs() == []


def test_mail_job_of_a_revoked_invitation_sends_nothing(fengshu):
    # given an invitation revoked before its mail job ran
    admin = make_member(fengshu, Role.ADMIN)
    invitation, _secret = invitation_create(
        actor=admin, community=fengshu, email="late@example.cn", roles=[Role.RESIDENT]
    )
    gql(fengshu, admin).execute(REVOKE, {"id": global_id("Invitation", invitation.pk)})

    # when the job runs
    send_invitation(invitation_id=invitation.pk)

    # then no mail goes out
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("variables", "code", "field"),
    [
        ({"email": "", "phone": "", "roles": ["RESIDENT"]}, "CONTACT_REQUIRED", "email"),
        ({"email": "nope", "phone": "", "roles": ["RESIDENT"]}, "INVALID_EMAIL", "email"),
        ({"email": "", "phone": "110", "roles": ["RESIDENT"]}, "INVALID_PHONE", "phone"),
        ({"email": "new@example.cn", "phone": "", "roles": []}, "ROLES_REQUIRED", "roles"),
        (
            {"email": "Member@Example.cn", "phone": "", "roles": ["STAFF"]},
            "ALREADY_MEMBER",
            "email",
        ),
    ],
    ids=["no-contact", "bad-email", "bad-phone", "no-roles", "already-member"],
)
def test_invitation_refusals_create_nothing(fengshu, variables, code, field):
    # given Fengshu's admin and a member
    admin = make_member(fengshu, Role.ADMIN)
    make_member(fengshu, Role.RESIDENT, email="member@example.cn")
    before = database_state()

    # when the admin sends a bad invitation
    response = gql(fengshu, admin).execute(INVITE, variables)

    # then it is refused and nothing (no invitation, no job) was created
    assert response == {
        "data": {"inviteMember": {"invitation": None, "errors": [{"code": code, "field": field}]}}
    }
    assert database_state() == before


@pytest.fixture
def invited(fengshu):
    """An open invitation from Fengshu's admin to zhang@example.cn as staff and volunteer."""
    admin = make_member(fengshu, Role.ADMIN)
    invitation, secret = invitation_create(
        actor=admin,
        community=fengshu,
        email="zhang@example.cn",
        roles=[Role.STAFF, Role.VOLUNTEER],
    )
    return invitation, secret


def test_invitee_accepts_and_becomes_a_member_with_the_roles(fengshu, invited):
    # given the invitee's account, with the address in another case
    invitation, secret = invited
    invitee = make_user(email="Zhang@example.cn", name="张三")
    client = gql(fengshu, invitee)

    # when the invitee accepts on Fengshu's host
    response = client.execute(ACCEPT, {"secret": secret})

    # then they are a member with the invited roles and the invitation is used
    assert response == {
        "data": {
            "acceptInvitation": {
                "member": {"displayName": "张三", "roles": ["STAFF", "VOLUNTEER"]},
                "errors": [],
            }
        }
    }
    invitation.refresh_from_db()
    assert (invitation.accepted_by, invitation.accepted_at is not None) == (invitee, True)
    assert client.execute("query { myRoles }") == {"data": {"myRoles": ["STAFF", "VOLUNTEER"]}}


def test_invitation_by_mobile_number_is_accepted_by_that_number(fengshu):
    # given an invitation to a mobile number and the account with that number
    admin = make_member(fengshu, Role.ADMIN)
    _invitation, secret = invitation_create(
        actor=admin, community=fengshu, phone="139 1234 5678", roles=[Role.RESIDENT]
    )
    invitee = make_user(phone="13912345678", name="李四")

    # when they accept
    response = gql(fengshu, invitee).execute(ACCEPT, {"secret": secret})

    # then they are a resident
    assert response["data"]["acceptInvitation"] == {
        "member": {"displayName": "李四", "roles": ["RESIDENT"]},
        "errors": [],
    }


def test_someone_else_cannot_accept_the_invitation(fengshu, invited):
    # given a signed-in account that is not the invitee
    _invitation, secret = invited
    stranger = make_user(email="li@example.cn")
    before = database_state()

    # when they try to accept
    response = gql(fengshu, stranger).execute(ACCEPT, {"secret": secret})

    # then it is refused and nothing changed
    assert response == {
        "data": {"acceptInvitation": {"member": None, "errors": [{"code": "INVITATION_MISMATCH"}]}}
    }
    assert database_state() == before


def test_invitation_is_accepted_once(fengshu, invited):
    # given an invitation the invitee has accepted
    _invitation, secret = invited
    client = gql(fengshu, make_user(email="zhang@example.cn"))
    client.execute(ACCEPT, {"secret": secret})
    before = database_state()

    # when it is accepted again
    response = client.execute(ACCEPT, {"secret": secret})

    # then it is refused and nothing changed
    assert response == {
        "data": {"acceptInvitation": {"member": None, "errors": [{"code": "INVITATION_INVALID"}]}}
    }
    assert database_state() == before


@pytest.mark.parametrize("state", ["revoked", "expired", "other-community", "unknown"])
def test_dead_invitations_cannot_be_accepted(fengshu, jiahonglu, invited, state):
    # given an invitation that was revoked, has expired, is used on another community's host,
    # or a secret that matches nothing
    invitation, secret = invited
    host = fengshu
    if state == "revoked":
        Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    elif state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    elif state == "other-community":
        host = jiahonglu
    else:
        secret = secret[::-1]
    invitee = make_user(email="zhang@example.cn")
    before = database_state()

    # when the invitee tries to accept
    response = gql(host, invitee).execute(ACCEPT, {"secret": secret})

    # then it is refused and nothing changed
    assert response["data"]["acceptInvitation"] == {
        "member": None,
        "errors": [{"code": "INVITATION_INVALID"}],
    }
    assert database_state() == before


def test_revoking_an_invitation_twice_is_refused(fengshu, invited):
    # given an invitation its admin has revoked
    invitation, _secret = invited
    admin = invitation.invited_by
    client = gql(fengshu, admin)
    first = client.execute(REVOKE, {"id": global_id("Invitation", invitation.pk)})

    # when it is revoked again
    second = client.execute(REVOKE, {"id": global_id("Invitation", invitation.pk)})

    # then the first revocation worked and the second is refused
    assert first == {
        "data": {"revokeInvitation": {"invitation": {"email": "zhang@example.cn"}, "errors": []}}
    }
    assert second == {
        "data": {
            "revokeInvitation": {"invitation": None, "errors": [{"code": "INVITATION_INVALID"}]}
        }
    }


# --- the last admin ----------------------------------------------------------------------


def test_last_admin_cannot_be_demoted(fengshu):
    # given a community with one admin
    admin = make_member(fengshu, Role.ADMIN)
    make_member(fengshu, Role.STAFF)
    before = database_state()

    # when the admin gives up the admin role
    response = gql(fengshu, admin).execute(
        SET_ROLES, {"id": _member_id(admin, fengshu), "roles": ["STAFF"]}
    )

    # then it is refused and nothing changed
    assert response == {
        "data": {
            "setMemberRoles": {"member": None, "errors": [{"code": "LAST_ADMIN", "field": "roles"}]}
        }
    }
    assert database_state() == before


def test_last_admin_cannot_be_removed(fengshu):
    # given a community with one admin
    admin = make_member(fengshu, Role.ADMIN)
    before = database_state()

    # when the admin removes themselves
    response = gql(fengshu, admin).execute(REMOVE, {"id": _member_id(admin, fengshu)})

    # then it is refused and nothing changed
    assert response == {
        "data": {
            "removeMember": {"member": None, "errors": [{"code": "LAST_ADMIN", "field": None}]}
        }
    }
    assert database_state() == before


def test_an_admin_may_step_down_while_another_remains(fengshu):
    # given a community with two admins
    admin, other = make_member(fengshu, Role.ADMIN, name="甲"), make_member(fengshu, Role.ADMIN)

    # when one admin becomes staff, then the remaining one tries the same
    stepped_down = gql(fengshu, admin).execute(
        SET_ROLES, {"id": _member_id(admin, fengshu), "roles": ["STAFF"]}
    )
    refused = gql(fengshu, other).execute(
        SET_ROLES, {"id": _member_id(other, fengshu), "roles": ["STAFF"]}
    )

    # then the first succeeds and the last admin is kept
    assert stepped_down == {
        "data": {
            "setMemberRoles": {"member": {"displayName": "甲", "roles": ["STAFF"]}, "errors": []}
        }
    }
    assert refused["data"]["setMemberRoles"]["errors"] == [{"code": "LAST_ADMIN", "field": "roles"}]
    assert Membership.objects.get(user=other, community=fengshu).roles == ["admin"]


def test_admin_of_another_community_does_not_count_as_an_admin_here(fengshu, jiahonglu):
    # given Fengshu's only admin, who is also admin of Jiahonglu with another Jiahonglu admin
    admin = make_member(fengshu, Role.ADMIN)
    Membership.objects.create(user=admin, community=jiahonglu, roles=[Role.ADMIN])
    make_member(jiahonglu, Role.ADMIN)

    # when they are removed from Fengshu
    response = gql(fengshu, admin).execute(REMOVE, {"id": _member_id(admin, fengshu)})

    # then Fengshu keeps them: admins are counted per community
    assert response["data"]["removeMember"]["errors"] == [{"code": "LAST_ADMIN", "field": None}]
    assert Membership.objects.filter(user=admin, community=fengshu).exists()


def test_setting_roles_of_another_communitys_member_reads_as_not_found(fengshu, jiahonglu):
    # given Fengshu's admin and a member id from Jiahonglu
    admin = make_member(fengshu, Role.ADMIN)
    foreigner = make_member(jiahonglu, Role.RESIDENT)
    before = database_state()

    # when Fengshu's admin changes that member's roles on Fengshu's host
    response = gql(fengshu, admin).execute(
        SET_ROLES, {"id": _member_id(foreigner, jiahonglu), "roles": ["ADMIN"]}
    )

    # then the member is not found and nothing changed
    assert response == {
        "data": {
            "setMemberRoles": {"member": None, "errors": [{"code": "NOT_FOUND", "field": None}]}
        }
    }
    assert database_state() == before
