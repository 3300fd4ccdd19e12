"""The pages: 我的个人信息 (download, erase), 社区数据导出 for admins, deletions for platform
admins. Phone-first markup is checked by the browser test."""

from django.test import Client

from commonweal.platform.accounts.services import membership_add
from commonweal.platform.audit.models import AuditEntry
from commonweal.platform.kernel.roles import Role
from commonweal.privacy.models import CommunityClosure, DataExport
from tests.fixtures import PASSWORD, host_of, make_member
from tests.operations import database_state
from tests.privacy.fixtures import run_export_jobs, unzip


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_my_data_asks_to_sign_in_first(fengshu):
    response = _client().get("/me/data/", HTTP_HOST=host_of(fengshu))
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/me/data/")


def test_a_resident_prepares_and_downloads_their_data_from_the_page(fengshu):
    # given a resident on Fengshu's host
    resident = make_member(fengshu, Role.RESIDENT, name="居民小周")
    client = _client(resident)
    page = client.get("/me/data/", HTTP_HOST=host_of(fengshu)).content.decode()
    assert "下载我的数据" in page and "注销并删除个人信息" in page

    # when they ask for the download and the job runs
    response = client.post("/me/data/exports/", HTTP_HOST=host_of(fengshu))
    assert (response.status_code, response["Location"]) == (302, "/me/data/")
    assert run_export_jobs() == 1

    # then the page links the zip, which holds their account
    export = DataExport.objects.get(requested_by=resident)
    page = client.get("/me/data/", HTTP_HOST=host_of(fengshu)).content.decode()
    assert f'href="/me/data/exports/{export.pk}/"' in page
    response = client.get(f"/me/data/exports/{export.pk}/", HTTP_HOST=host_of(fengshu))
    assert unzip(response.content)["account.json"]["display_name"] == "居民小周"


def test_the_erase_page_refuses_a_wrong_password_and_changes_nothing(fengshu):
    # given a resident on the erase page
    resident = make_member(fengshu, Role.RESIDENT, name="居民小周")
    client = _client(resident)
    before = database_state()

    # when they confirm with a wrong password
    response = client.post(
        "/me/data/erase/",
        {"password": "guess", "understood": "on"},
        HTTP_HOST=host_of(None),
    )

    # then the page says so, and nothing changed
    assert response.status_code == 400
    assert "密码不正确。" in response.content.decode()
    assert database_state() == before


def test_the_last_admin_of_a_community_is_told_to_hand_on_first(fengshu, jiahonglu):
    # given the only admin of Fengshu, also a resident of Jiahonglu, on the erase page
    admin = make_member(fengshu, Role.ADMIN, name="书记")
    membership_add(community=jiahonglu, user=admin, roles=[Role.RESIDENT])
    client = _client(admin)
    before = database_state()

    # when they confirm with their password
    response = client.post(
        "/me/data/erase/", {"password": PASSWORD, "understood": "on"}, HTTP_HOST=host_of(None)
    )

    # then the page names the community they must hand on, and nothing changed
    assert response.status_code == 400
    assert (
        "您是枫树社区唯一的管理员：请先将其他成员设为管理员，再注销账号。"
        in response.content.decode()
    )
    assert database_state() == before

    # and once a second admin is named, the same request closes the account
    make_member(fengshu, Role.ADMIN, name="副书记")
    response = client.post(
        "/me/data/erase/", {"password": PASSWORD, "understood": "on"}, HTTP_HOST=host_of(None)
    )
    assert response.status_code == 200
    admin.refresh_from_db()
    assert admin.is_active is False


def test_the_erase_page_closes_the_account(fengshu):
    # given a resident on the erase page
    resident = make_member(fengshu, Role.RESIDENT, name="居民小周")
    client = _client(resident)

    # when they confirm with their password
    response = client.post(
        "/me/data/erase/", {"password": PASSWORD, "understood": "on"}, HTTP_HOST=host_of(None)
    )

    # then they read their pseudonym and are signed out
    page = response.content.decode()
    assert response.status_code == 200
    assert "您的账号已注销" in page and "已注销用户 #" in page
    resident.refresh_from_db()
    assert not resident.is_active
    me = client.get("/me/data/", HTTP_HOST=host_of(None))
    assert me.status_code == 302


def test_only_admins_export_the_community_from_the_page_and_it_is_audited(fengshu):
    # given a resident and the admin of Fengshu
    resident = make_member(fengshu, Role.RESIDENT)
    admin = make_member(fengshu, Role.ADMIN, name="管理员王芳")
    host = host_of(fengshu)

    # then the resident does not find the page
    assert _client(resident).get("/privacy/", HTTP_HOST=host).status_code == 404
    assert _client(resident).post("/privacy/", HTTP_HOST=host).status_code == 404
    assert DataExport.objects.count() == 0

    # when the admin asks for the export and the job runs
    client = _client(admin)
    assert client.post("/privacy/", HTTP_HOST=host).status_code == 302
    assert run_export_jobs() == 1

    # then it is audited and its zip downloads from the page's link
    assert AuditEntry.objects.filter(action="requestCommunityExport").count() == 1
    export = DataExport.objects.get()
    page = client.get("/privacy/", HTTP_HOST=host).content.decode()
    assert f'href="/privacy/exports/{export.pk}/"' in page
    files = unzip(client.get(f"/privacy/exports/{export.pk}/", HTTP_HOST=host).content)
    assert "needs_need.json" in files


def test_a_platform_admin_schedules_and_calls_off_a_deletion_on_the_page(fengshu, platform_admin):
    client = _client(platform_admin)
    host = host_of(None)
    # a community member does not find the page
    assert (
        _client(make_member(fengshu, Role.ADMIN))
        .get("/privacy/closures/", HTTP_HOST=host)
        .status_code
        == 404
    )

    # a grace period under 7 days is refused, nothing scheduled
    refused = client.post(
        "/privacy/closures/",
        {"slug": "fengshu", "reason": "", "grace_days": "2", "schedule": "1"},
        HTTP_HOST=host,
    )
    assert refused.status_code == 400
    assert "请至少给成员 7 天时间下载自己的数据。" in refused.content.decode()
    assert CommunityClosure.objects.count() == 0

    # scheduled, then called off
    client.post(
        "/privacy/closures/",
        {"slug": "fengshu", "reason": "合并", "grace_days": "30", "schedule": "1"},
        HTTP_HOST=host,
    )
    assert "枫树社区" in client.get("/privacy/closures/", HTTP_HOST=host).content.decode()
    client.post("/privacy/closures/", {"slug": "fengshu", "cancel": "1"}, HTTP_HOST=host)
    closure = CommunityClosure.objects.get()
    assert closure.cancelled_by == platform_admin
    assert [a.action for a in AuditEntry.objects.order_by("id")] == [
        "scheduleCommunityDeletion",
        "cancelCommunityDeletion",
    ]
