from django.test import Client

from commonweal.platform.kernel.roles import Role
from tests.fixtures import host_of, make_member


def test_platform_admins_open_every_platform_admin_list(platform_admin, fengshu):
    # given a platform admin signed in on the platform host
    client = Client()
    client.force_login(platform_admin)

    # when they open the admin index and each registered model's list
    index = client.get("/admin/", HTTP_HOST=host_of(None))
    assert index.status_code == 200
    from django.contrib import admin

    for model in admin.site._registry:
        opts = model._meta
        page = client.get(f"/admin/{opts.app_label}/{opts.model_name}/", HTTP_HOST=host_of(None))

        # then every page renders
        assert (opts.label, page.status_code) == (opts.label, 200)


def test_community_staff_open_their_admin_and_residents_cannot(fengshu):
    staff = make_member(fengshu, Role.STAFF)
    resident = make_member(fengshu, Role.RESIDENT)
    as_staff, as_resident = Client(), Client()
    as_staff.force_login(staff)
    as_resident.force_login(resident)

    assert as_staff.get("/admin/", HTTP_HOST=host_of(fengshu)).status_code == 200
    refused = as_resident.get("/admin/", HTTP_HOST=host_of(fengshu))
    assert (refused.status_code, refused["Location"]) == (302, "/admin/login/?next=/admin/")


def test_staff_of_one_community_cannot_open_anothers_admin(fengshu, jiahonglu):
    staff = make_member(jiahonglu, Role.ADMIN)
    client = Client()
    client.force_login(staff)

    assert client.get("/admin/", HTTP_HOST=host_of(fengshu)).status_code == 302


def test_platform_admins_deactivate_accounts_but_cannot_delete_them(platform_admin, fengshu):
    # given a resident of a community and a platform admin signed in on the platform host
    resident = make_member(fengshu, Role.RESIDENT)
    client = Client()
    client.force_login(platform_admin)

    # when the admin asks to delete the account
    page = client.post(
        f"/admin/platform/user/{resident.pk}/delete/", {"post": "yes"}, HTTP_HOST=host_of(None)
    )

    # then it is refused and the account stays, ready to be deactivated instead
    assert page.status_code == 403
    resident.refresh_from_db()
    assert resident.is_active is True
