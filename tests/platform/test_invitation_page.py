from django.test import Client

from commonweal.platform.accounts.models import Membership, User
from commonweal.platform.accounts.services import invitation_create
from commonweal.platform.kernel.roles import Role
from tests.fixtures import host_of, make_member


def test_an_invitee_without_an_account_creates_one_and_joins(fengshu):
    # given an invitation sent by Fengshu's admin to a new volunteer
    admin = make_member(fengshu, Role.ADMIN)
    invitation, secret = invitation_create(
        actor=admin, community=fengshu, email="xiaoli@example.cn", roles=[Role.VOLUNTEER]
    )
    client = Client()
    page = client.get(f"/invitations/{secret}/", HTTP_HOST=host_of(fengshu))
    assert "志愿者" in page.content.decode()

    # when they open the link and choose a password
    response = client.post(
        f"/invitations/{secret}/",
        {"display_name": "小李", "password": "枫叶红了-2026-secure"},
        HTTP_HOST=host_of(fengshu),
    )

    # then they have an account, a volunteer membership, and the invitation is used
    assert response.status_code == 302
    user = User.objects.get(email="xiaoli@example.cn")
    assert Membership.objects.get(user=user, community=fengshu).roles == ["volunteer"]
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_a_used_invitation_link_explains_itself_and_changes_nothing(fengshu):
    admin = make_member(fengshu, Role.ADMIN)
    _invitation, secret = invitation_create(
        actor=admin, community=fengshu, email="a@example.cn", roles=[Role.RESIDENT]
    )
    client = Client()
    client.post(
        f"/invitations/{secret}/", {"password": "枫叶红了-2026-secure"}, HTTP_HOST=host_of(fengshu)
    )
    members = Membership.objects.count()

    page = Client().get(f"/invitations/{secret}/", HTTP_HOST=host_of(fengshu))

    assert "该邀请不存在、已过期、已撤销或已被使用。" in page.content.decode()
    assert Membership.objects.count() == members


def test_an_invitation_of_another_community_is_unknown_here(fengshu, jiahonglu):
    admin = make_member(fengshu, Role.ADMIN)
    _invitation, secret = invitation_create(
        actor=admin, community=fengshu, email="b@example.cn", roles=[Role.RESIDENT]
    )

    response = Client().post(
        f"/invitations/{secret}/",
        {"password": "枫叶红了-2026-secure"},
        HTTP_HOST=host_of(jiahonglu),
    )

    assert response.status_code == 200
    assert not User.objects.filter(email="b@example.cn").exists()
