"""The privacy operations over GraphQL, end to end: refusals with codes, jobs, downloads."""

from django.test import Client

from commonweal.platform.accounts.services import membership_add
from commonweal.platform.audit.models import AuditEntry
from commonweal.platform.kernel.roles import Role
from commonweal.privacy.models import CommunityClosure
from tests.fixtures import PASSWORD, gql, host_of, make_member
from tests.operations import database_state
from tests.privacy.fixtures import run_export_jobs, unzip

ERASE = (
    "mutation($password: String!) { eraseMyAccount(password: $password)"
    " { pseudonym errors { code field message } } }"
)
EXPORTS = "query { myDataExports { status downloadUrl size } }"


def test_a_wrong_password_is_refused_with_its_code_and_changes_nothing(fengshu):
    # given a resident signed in on the platform
    resident = make_member(fengshu, Role.RESIDENT, name="居民小周")
    client = gql(None, resident)
    before = database_state()

    # when they ask for erasure with a wrong password
    response = client.execute(ERASE, {"password": "guess"})

    # then it is refused, in Chinese, and nothing changed
    assert response == {
        "data": {
            "eraseMyAccount": {
                "pseudonym": None,
                "errors": [
                    {"code": "WRONG_PASSWORD", "field": "password", "message": "密码不正确。"}
                ],
            }
        }
    }
    assert database_state() == before


def test_the_last_admin_is_refused_with_its_code_and_nothing_changes(fengshu, jiahonglu):
    # given the only admins of Fengshu and Jiahonglu in one person, and a co-admin elsewhere
    admin = make_member(fengshu, Role.ADMIN, name="书记")
    membership_add(community=jiahonglu, user=admin, roles=[Role.ADMIN])
    client = gql(None, admin)
    before = database_state()

    # when they ask for erasure with their password
    response = client.execute(ERASE, {"password": PASSWORD})

    # then it is refused, naming both communities, in Chinese; nothing changed
    assert response == {
        "data": {
            "eraseMyAccount": {
                "pseudonym": None,
                "errors": [
                    {
                        "code": "LAST_ADMIN",
                        "field": None,
                        "message": "您是佳宏路社区、枫树社区唯一的管理员："
                        "请先将其他成员设为管理员，再注销账号。",
                    }
                ],
            }
        }
    }
    assert database_state() == before


def test_erasure_signs_the_person_out_for_good(fengshu):
    # given a resident signed in on the platform
    resident = make_member(fengshu, Role.RESIDENT, name="居民小周")
    client = gql(None, resident)

    # when they erase their account
    pseudonym = client.execute(ERASE, {"password": PASSWORD})["data"]["eraseMyAccount"]

    # then the session is over and signing in again fails
    assert pseudonym["errors"] == [] and pseudonym["pseudonym"].startswith("已注销用户 #")
    assert client.execute("query { me { id } }") == {"data": {"me": None}}
    sign_in = gql(None).execute(
        "mutation($l: String!, $p: String!) { signIn(loginName: $l, password: $p)"
        " { errors { code } } }",
        {"l": resident.email, "p": PASSWORD},
    )
    assert sign_in["data"]["signIn"]["errors"] == [{"code": "INVALID_CREDENTIALS"}]


def test_my_data_export_is_prepared_by_the_worker_and_downloaded(person):
    # given the person signed in on the platform, asking for their data
    client = gql(None, person.user)
    asked = client.execute("mutation { requestMyDataExport { export { status } errors { code } } }")
    assert asked["data"]["requestMyDataExport"] == {"export": {"status": "PREPARING"}, "errors": []}
    assert client.execute(EXPORTS)["data"]["myDataExports"][0]["downloadUrl"] is None

    # when the job queue runs
    assert run_export_jobs() == 1

    # then the export is ready, and its link gives the zip with both communities' rows
    (ready,) = client.execute(EXPORTS)["data"]["myDataExports"]
    assert ready["status"] == "READY" and ready["size"] > 0
    response = client.client.get(ready["downloadUrl"], HTTP_HOST=host_of(None))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    files = unzip(response.content)
    assert {"fengshu/needs.Need.json", "jiahonglu/needs.Need.json"} <= set(files)
    # ... and nobody else can fetch it
    other = Client()
    other.force_login(person.staff["fengshu"])
    assert other.get(ready["downloadUrl"], HTTP_HOST=host_of(None)).status_code == 404


def test_a_community_export_is_audited_and_downloaded_by_its_admin(fengshu):
    # given Fengshu's admin
    admin = make_member(fengshu, Role.ADMIN, name="管理员王芳")
    client = gql(fengshu, admin)

    # when the admin asks for the community's export and the worker runs
    asked = client.execute(
        "mutation { requestCommunityExport { export { status } errors { code } } }"
    )
    assert asked["data"]["requestCommunityExport"]["errors"] == []
    assert run_export_jobs() == 1

    # then it is in the audit log once, and its link gives every table
    assert (
        AuditEntry.objects.filter(action="requestCommunityExport", community="c_fengshu").count()
        == 1
    )
    (ready,) = client.execute("query { communityExports { status downloadUrl } }")["data"][
        "communityExports"
    ]
    assert ready["downloadUrl"].startswith("/privacy/exports/")
    response = client.client.get(ready["downloadUrl"], HTTP_HOST=host_of(fengshu))
    assert response.status_code == 200
    assert "ledger_account.csv" in unzip(response.content)
    # ... which a resident of the same community cannot open
    resident = Client()
    resident.force_login(make_member(fengshu, Role.RESIDENT))
    assert resident.get(ready["downloadUrl"], HTTP_HOST=host_of(fengshu)).status_code == 404


def test_a_deletion_with_a_short_grace_is_refused_and_one_can_be_called_off(
    fengshu, platform_admin
):
    client = gql(None, platform_admin)
    schedule = (
        'mutation($days: Int!) { scheduleCommunityDeletion(slug: "fengshu", graceDays: $days)'
        " { closure { communityName } errors { code field } } }"
    )
    too_soon = client.execute(schedule, {"days": 1})["data"]["scheduleCommunityDeletion"]
    assert too_soon == {
        "closure": None,
        "errors": [{"code": "GRACE_TOO_SHORT", "field": "graceDays"}],
    }
    assert CommunityClosure.objects.count() == 0

    assert (
        client.execute(schedule, {"days": 30})["data"]["scheduleCommunityDeletion"]["errors"] == []
    )
    closing = gql(fengshu).execute("query { closingAfter }")["data"]["closingAfter"]
    assert closing is not None
    cancel = client.execute(
        'mutation { cancelCommunityDeletion(slug: "fengshu")'
        " { closure { cancelledAt } errors { code } } }"
    )["data"]["cancelCommunityDeletion"]
    assert cancel["errors"] == [] and cancel["closure"]["cancelledAt"] is not None
    assert gql(fengshu).execute("query { closingAfter }") == {"data": {"closingAfter": None}}
