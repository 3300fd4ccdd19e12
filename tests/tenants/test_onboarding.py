"""Onboarding end to end: apply on the platform host, a platform admin decides, the community
comes alive on its own host."""

import json
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from commonweal.platform.accounts.models import Membership, User
from commonweal.platform.kernel.roles import Role
from commonweal.tenants.models import (
    ApplicationStatus,
    Community,
    CommunityApplication,
    Domain,
)
from tests.fixtures import gql, make_community, make_member, make_user
from tests.tenants.fixtures import (
    APPLICANT_PASSWORD,
    APPLY,
    APPROVE,
    REJECT,
    application_input,
    census,
    community_schemas,
)

SIGN_IN = """
mutation SignIn($login: String!, $password: String!) {
  signIn(loginName: $login, password: $password) { me { email } errors { code } }
}
"""


def _tables(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p')",
            [schema],
        )
        return {row[0] for row in cursor.fetchall()}


def _apply(**overrides) -> dict:
    result = gql(None).execute(APPLY, {"input": application_input(**overrides)})
    return result["data"]["applyForCommunity"]


def test_anonymous_application_files_a_pending_application_and_makes_the_account(db):
    # given an anonymous visitor on the platform host

    # when they apply for 玉林社区 with a password
    payload = _apply()

    # then a pending application exists, owned by a new account made from the contact details
    assert payload["errors"] == []
    assert payload["application"]["slug"] == "yulin"
    assert payload["application"]["status"] == "PENDING"
    assert payload["application"]["community"] is None
    application = CommunityApplication.objects.get()
    assert application.status == ApplicationStatus.PENDING
    applicant = User.objects.get(email="li@yulin.example.cn")
    assert application.applicant == applicant
    assert applicant.display_name == "李书记"
    assert applicant.check_password(APPLICANT_PASSWORD)
    # and nothing is provisioned before review
    assert Community.objects.count() == 0
    assert community_schemas() == set()


def test_approval_provisions_the_community_and_its_first_admin(platform_admin):
    # given a pending application filed anonymously
    application_id = _apply()["application"]["id"]

    # when a platform admin approves it
    result = gql(None, platform_admin).execute(APPROVE, {"id": application_id})

    # then the application is approved and points at the new community
    payload = result["data"]["approveCommunityApplication"]
    assert payload["errors"] == []
    assert payload["application"]["status"] == "APPROVED"
    assert payload["application"]["reviewedAt"] is not None
    assert payload["application"]["community"] == {"slug": "yulin", "host": "yulin.localhost"}
    community = Community.objects.get(slug="yulin")
    assert (community.schema_name, community.name, community.introduction) == (
        "c_yulin",
        "玉林社区",
        "我们想加入平台。",
    )
    assert list(Domain.objects.filter(tenant=community).values_list("domain", "is_primary")) == [
        ("yulin.localhost", True)
    ]
    application = CommunityApplication.objects.get()
    assert (application.reviewed_by, application.community) == (platform_admin, community)
    # and its schema holds exactly the template's tables
    assert community_schemas() == {"c_yulin"}
    assert _tables("c_yulin") == _tables(settings.TEMPLATE_SCHEMA_NAME)
    assert "django_migrations" in _tables("c_yulin")
    # and the applicant is its administrator
    membership = Membership.objects.get(community=community)
    assert (membership.user.email, membership.roles) == ("li@yulin.example.cn", ["admin"])


def test_new_community_host_answers_and_its_admin_can_sign_in(platform_admin):
    # given an approved application
    application_id = _apply()["application"]["id"]
    gql(None, platform_admin).execute(APPROVE, {"id": application_id})
    community = Community.objects.get(slug="yulin")

    # when anyone asks the new host for its profile
    profile = gql(community).execute("{ community { name } myRoles }")

    # then it answers as 玉林社区 (to an anonymous visitor: no roles)
    assert profile == {"data": {"community": {"name": "玉林社区"}, "myRoles": []}}

    # when the applicant signs in on the community host with the password they applied with
    client = gql(community)
    signed_in = client.execute(
        SIGN_IN, {"login": "li@yulin.example.cn", "password": APPLICANT_PASSWORD}
    )
    roles = client.execute("{ myRoles }")

    # then the session is theirs and they are the community's administrator
    assert signed_in == {"data": {"signIn": {"me": {"email": "li@yulin.example.cn"}, "errors": []}}}
    assert roles == {"data": {"myRoles": ["ADMIN"]}}


def test_rejection_with_reason_records_it_and_provisions_nothing(platform_admin):
    # given a pending application
    application_id = _apply()["application"]["id"]
    users_before = User.objects.count()

    # when a platform admin rejects it with a reason
    result = gql(None, platform_admin).execute(
        REJECT, {"id": application_id, "reason": "辖区信息不完整"}
    )

    # then it is rejected with the reason stored
    assert result == {
        "data": {
            "rejectCommunityApplication": {
                "application": {
                    "status": "REJECTED",
                    "rejectionReason": "辖区信息不完整",
                    "community": None,
                },
                "errors": [],
            }
        }
    }
    application = CommunityApplication.objects.get()
    assert (application.status, application.rejection_reason, application.reviewed_by) == (
        ApplicationStatus.REJECTED,
        "辖区信息不完整",
        platform_admin,
    )
    # and no community, domain, schema or membership came into being
    assert Community.objects.count() == 0
    assert Domain.objects.count() == 0
    assert community_schemas() == set()
    assert Membership.objects.count() == 0
    assert User.objects.count() == users_before


@pytest.mark.parametrize("reason", ["", "   "])
def test_rejection_without_reason_is_refused_and_changes_nothing(platform_admin, reason):
    # given a pending application
    application_id = _apply()["application"]["id"]
    before = census()

    # when a platform admin rejects it without a reason
    result = gql(None, platform_admin).execute(REJECT, {"id": application_id, "reason": reason})

    # then it is refused with REASON_REQUIRED and the application is still pending
    assert result == {
        "data": {
            "rejectCommunityApplication": {
                "application": None,
                "errors": [{"code": "REASON_REQUIRED", "field": "reason"}],
            }
        }
    }
    assert census() == before
    assert CommunityApplication.objects.get().status == ApplicationStatus.PENDING


def test_approving_a_rejected_application_is_refused_and_changes_nothing(platform_admin):
    # given a rejected application
    application_id = _apply()["application"]["id"]
    gql(None, platform_admin).execute(REJECT, {"id": application_id, "reason": "重复申请"})
    before = census()

    # when a platform admin tries to approve it
    result = gql(None, platform_admin).execute(APPROVE, {"id": application_id})

    # then it is refused and stays rejected, with nothing provisioned
    assert result == {
        "data": {
            "approveCommunityApplication": {
                "application": None,
                "errors": [{"code": "APPLICATION_NOT_PENDING", "field": None}],
            }
        }
    }
    assert census() == before
    assert CommunityApplication.objects.get().status == ApplicationStatus.REJECTED
    assert community_schemas() == set()


def test_approving_twice_is_refused_the_second_time(platform_admin):
    # given an approved application
    application_id = _apply()["application"]["id"]
    gql(None, platform_admin).execute(APPROVE, {"id": application_id})
    before = census()

    # when it is approved again
    result = gql(None, platform_admin).execute(APPROVE, {"id": application_id})

    # then the second approval is refused and nothing more is made
    assert result["data"]["approveCommunityApplication"]["errors"] == [
        {"code": "APPLICATION_NOT_PENDING", "field": None}
    ]
    assert census() == before


@pytest.mark.parametrize("who", ["anonymous", "applicant", "community admin"])
def test_only_platform_admins_decide_applications(db, who):
    # given a pending application and someone who is not a platform admin
    application_id = _apply()["application"]["id"]
    if who == "anonymous":
        client = gql(None)
        code = "UNAUTHENTICATED"
    else:
        if who == "applicant":
            user = User.objects.get(email="li@yulin.example.cn")
        else:
            user = make_member(make_community("fengshu"), Role.ADMIN)
        client = gql(None, user)
        code = "FORBIDDEN"
    before = census()

    # when they try to approve and to reject it
    approved = client.execute(APPROVE, {"id": application_id})
    rejected = client.execute(REJECT, {"id": application_id, "reason": "不行"})

    # then both are refused with a top-level coded error and nothing changed
    for result, field in (
        (approved, "approveCommunityApplication"),
        (rejected, "rejectCommunityApplication"),
    ):
        assert result["data"] is None
        assert [(e["path"], e["extensions"]["code"]) for e in result["errors"]] == [([field], code)]
    assert census() == before


def test_auto_approve_provisions_on_application(db, settings):
    # given a platform that approves applications without review
    settings.COMMUNITY_AUTO_APPROVE = True

    # when a visitor applies
    payload = _apply()

    # then the answer already shows the approval
    assert payload["errors"] == []
    assert payload["application"]["status"] == "APPROVED"
    assert payload["application"]["community"] == {"slug": "yulin"}
    # and the community exists at once, with its schema, domain and first admin
    application = CommunityApplication.objects.get()
    assert (application.status, application.reviewed_by) == (ApplicationStatus.APPROVED, None)
    community = Community.objects.get(slug="yulin")
    assert application.community == community
    assert Domain.objects.get(tenant=community).domain == "yulin.localhost"
    assert community_schemas() == {"c_yulin"}
    assert Membership.objects.get(community=community).roles == ["admin"]


def test_approving_when_the_address_was_taken_meanwhile_is_refused(platform_admin):
    # given a pending application for yulin, and a community yulin created directly since
    application_id = _apply()["application"]["id"]
    make_community("yulin")
    before = census()

    # when a platform admin approves the application
    result = gql(None, platform_admin).execute(APPROVE, {"id": application_id})

    # then it is refused as taken, and the application stays pending
    assert result["data"]["approveCommunityApplication"] == {
        "application": None,
        "errors": [{"code": "SLUG_TAKEN", "field": "slug"}],
    }
    assert census() == before
    assert CommunityApplication.objects.get().status == ApplicationStatus.PENDING


@pytest.mark.parametrize(
    "application_id",
    [
        "Q29tbXVuaXR5QXBwbGljYXRpb246OTk5OQ==",  # CommunityApplication:9999
        "Q29tbXVuaXR5OjE=",  # Community:1, a valid id of another type
    ],
)
def test_deciding_an_unknown_application_is_not_found(platform_admin, application_id):
    # given no such application
    before = census()

    # when a platform admin approves and rejects it
    approved = gql(None, platform_admin).execute(APPROVE, {"id": application_id})
    rejected = gql(None, platform_admin).execute(REJECT, {"id": application_id, "reason": "无"})

    # then both are refused as not found
    not_found = {"application": None, "errors": [{"code": "NOT_FOUND", "field": None}]}
    assert approved["data"]["approveCommunityApplication"] == not_found
    assert rejected["data"]["rejectCommunityApplication"] == not_found
    assert census() == before


def test_applicant_sees_their_applications(db):
    # given an applicant with a pending application, and someone else's
    _apply()
    _apply(slug="wangjiaguai", applicantEmail="wang@example.cn", applicantName="王主任")
    applicant = User.objects.get(email="li@yulin.example.cn")

    # when the applicant lists their applications
    result = gql(None, applicant).execute(
        "{ myCommunityApplications { edges { node { slug status } } } }"
    )

    # then only theirs is listed
    assert result == {
        "data": {
            "myCommunityApplications": {"edges": [{"node": {"slug": "yulin", "status": "PENDING"}}]}
        }
    }


@pytest.mark.parametrize("who", ["anonymous", "applicant"])
def test_only_platform_admins_list_all_applications(db, platform_admin, who):
    # given a pending application
    _apply()
    user = None if who == "anonymous" else User.objects.get(email="li@yulin.example.cn")

    # when someone who is not a platform admin, then a platform admin, lists applications
    query = "{ communityApplications { totalCount edges { node { slug } } } }"
    refused = gql(None, user).execute(query)
    allowed = gql(None, platform_admin).execute(query)

    # then the list is empty for the former and complete for the latter
    assert refused == {"data": {"communityApplications": {"totalCount": 0, "edges": []}}}
    assert allowed == {
        "data": {"communityApplications": {"totalCount": 1, "edges": [{"node": {"slug": "yulin"}}]}}
    }


# --- the web pages on the platform host ---------------------------------------------------


def _form(**overrides) -> dict:
    data = {
        "name": "玉林社区",
        "slug": "yulin",
        "city": "成都市",
        "district": "武侯区",
        "subdistrict": "玉林街道",
        "area_km2": "1.20",
        "population": "21000",
        "households": "9000",
        "centre_lat": "30.63",
        "centre_lng": "104.06",
        "centre_system": "gcj02",
        "applicant_name": "李书记",
        "applicant_email": "li@yulin.example.cn",
        "applicant_phone": "",
        "statement": "",
        "password": APPLICANT_PASSWORD,
    }
    data.update(overrides)
    return data


def test_home_page_lists_active_communities(db):
    # given two active communities and a suspended one
    make_community("fengshu", name="枫树社区")
    make_community("jiahonglu", name="佳宏路社区")
    make_community("duyuanjie", name="督院街社区", status="suspended")

    # when a visitor opens the platform's home page
    response = Client().get("/", HTTP_HOST="localhost")

    # then it lists the active ones, linking to their hosts, and not the suspended one
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("枫树社区") == 1
    assert html.count("佳宏路社区") == 1
    assert "督院街社区" not in html
    assert 'href="http://fengshu.localhost/"' in html


def test_apply_page_renders_the_form_in_simplified_chinese(db):
    # given a visitor whose browser states no language preference

    # when they open the application form
    response = Client().get("/apply/", HTTP_HOST="localhost")

    # then the page is served in Simplified Chinese with every field of the application
    html = response.content.decode()
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in html
    form = html.split('<form method="post" class="steps" id="community-apply"')[1]
    names = re.findall(r'<(?:input|textarea)[^>]* name="([a-z0-9_]+)"', form)
    assert names == ["csrfmiddlewaretoken", *_form()]


def test_apply_page_labels_are_in_chinese(db):
    # given the zh-Hans catalogue (commonweal/locale/zh_Hans)

    # when a visitor opens the application form
    html = Client().get("/apply/", HTTP_HOST="localhost").content.decode()

    # then heading, labels and button are the Chinese ones, not the English source strings
    assert html.count("<h1>申请入驻平台</h1>") == 1
    assert html.count('<label for="id_name">社区名称</label>') == 1
    assert html.count("提交申请</button>") == 1
    assert "Community name" not in html


def test_apply_form_files_an_application_and_redirects(db):
    # given a visitor on the platform host
    client = Client()

    # when they submit a valid form
    response = client.post("/apply/", _form(), HTTP_HOST="localhost")

    # then the application is filed with its applicant's account, and they see the receipt
    application = CommunityApplication.objects.get()
    assert (application.slug, application.status, application.applicant.email) == (
        "yulin",
        ApplicationStatus.PENDING,
        "li@yulin.example.cn",
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/apply/done/{application.pk}/"
    receipt = client.get(response.headers["Location"], HTTP_HOST="localhost")
    assert receipt.status_code == 200
    assert "玉林社区" in receipt.content.decode()


def test_apply_form_with_a_reserved_slug_shows_the_error_and_files_nothing(db):
    # given a visitor
    before = census()

    # when they ask for the reserved address "www"
    response = Client().post("/apply/", _form(slug="www"), HTTP_HOST="localhost")

    # then the form comes back with the reason next to the address, and nothing was filed
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("“www”为平台保留网址，请换一个。") == 1
    assert 'value="www"' in html
    assert census() == before


def test_the_form_asks_for_the_centre_on_a_map_not_as_numbers(db):
    html = Client().get("/apply/", HTTP_HOST="localhost").content.decode()
    # the coordinates are hidden inputs the picker writes; people see a map and its label
    for name in ("centre_lat", "centre_lng", "centre_system"):
        assert f'<input type="hidden" name="{name}"' in html
    assert 'class="map-picker-canvas"' in html
    assert "社区中心在哪里？" in html
    assert "Centre latitude" not in html and "纬度" not in html


def test_a_centre_picked_on_wgs84_tiles_is_stored_in_gcj02(db):
    from commonweal.welfaremap.coordinates import wgs84_to_gcj02

    Client().post(
        "/apply/",
        _form(centre_lat="30.63", centre_lng="104.06", centre_system="wgs84"),
        HTTP_HOST="localhost",
    )

    application = CommunityApplication.objects.get()
    assert (application.centre_lat, application.centre_lng) == wgs84_to_gcj02(30.63, 104.06)


def test_without_a_centre_the_map_says_so_and_nothing_is_filed(db):
    before = census()
    response = Client().post("/apply/", _form(centre_lat="", centre_lng=""), HTTP_HOST="localhost")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("请在地图上选择社区中心位置。") == 1
    assert census() == before


def test_the_address_is_suggested_from_the_names_pinyin_and_skips_taken_ones(db):
    make_community("fengshu", name="枫树社区")

    def suggest(name):
        response = Client().get("/apply/slug/", {"name": name}, HTTP_HOST="localhost")
        return json.loads(response.content)["slug"]

    assert suggest("玉林社区") == "yulin"
    assert suggest("长宁社区") == "changning"
    assert suggest("枫树社区") == "fengshu-2"
    assert suggest("社区") == "shequ"
    assert suggest("") == ""


def test_the_receipt_says_what_happens_next_and_how_long_it_takes(db):
    from datetime import timedelta

    from django.utils import timezone

    client = Client()
    response = client.post("/apply/", _form(), HTTP_HOST="localhost")
    html = client.get(response.headers["Location"], HTTP_HOST="localhost").content.decode()
    # without history, the platform's stated time
    assert "通常需要 3 个工作日以内。" in html
    assert "yulin.localhost" in html

    # given three decided applications that waited 1, 2 and 5 days
    now = timezone.now()
    for n, days in enumerate((1, 2, 5)):
        decided = CommunityApplication.objects.create(
            slug=f"old{n}x",
            name=f"旧社区{n}",
            city="成都市",
            district="锦江区",
            subdistrict="某街道",
            area_km2="1",
            population=1,
            households=1,
            centre_lat=30.6,
            centre_lng=104.1,
            applicant_name="某",
            status=ApplicationStatus.REJECTED,
            reviewed_at=now,
        )
        CommunityApplication.objects.filter(pk=decided.pk).update(
            submitted_at=now - timedelta(days=days)
        )
    html = client.get(response.headers["Location"], HTTP_HOST="localhost").content.decode()
    # then the median of what they waited
    assert "最近的申请一般在 2 天内完成审核。" in html


def test_application_receipt_is_only_shown_to_whoever_filed_it(db):
    # given an application filed through the form
    applicant = Client()
    response = applicant.post("/apply/", _form(), HTTP_HOST="localhost")
    receipt = response.headers["Location"]

    # when another visitor opens the receipt's address
    response = Client().get(receipt, HTTP_HOST="localhost")

    # then it is not found: ids are guessable and the receipt names the community and decision
    assert response.status_code == 404


def test_application_receipt_is_shown_to_its_signed_in_applicant(db):
    # given an application filed over GraphQL by a signed-in user
    user = make_user(email="zhang@example.cn")
    gql(None, user).execute(APPLY, {"input": application_input(password="")})
    application = CommunityApplication.objects.get()
    client = Client()
    client.force_login(user)

    # when they open its receipt in the browser
    response = client.get(f"/apply/done/{application.pk}/", HTTP_HOST="localhost")

    # then they see it
    assert response.status_code == 200
    assert "玉林社区" in response.content.decode()


def test_apply_form_with_a_weak_password_shows_the_error_and_files_nothing(db):
    # given a visitor
    before = census()

    # when they choose a password too weak for their new account
    response = Client().post("/apply/", _form(password="123"), HTTP_HOST="localhost")

    # then the form comes back with the error on the password, and nothing was filed
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<ul class="errorlist" id="id_password_error">') == 1
    assert census() == before


def test_apply_form_missing_fields_are_reported_in_chinese(db):
    # given a visitor (Django's own messages are translated even before ours)
    before = census()

    # when they submit the form without a community name
    response = Client().post("/apply/", _form(name=""), HTTP_HOST="localhost")

    # then the form comes back with Django's Chinese "required" message and nothing was filed
    assert response.status_code == 200
    assert response.content.decode().count("这个字段是必填项。") == 1
    assert census() == before
