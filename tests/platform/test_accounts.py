"""Accounts: signing in, registering, API tokens and CSRF."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import timezone

from commonweal.platform.accounts.models import ApiToken, User
from commonweal.platform.accounts.services import membership_add
from commonweal.platform.kernel.roles import Role
from commonweal.tenants.models import Community
from tests.fixtures import PASSWORD, GraphQLClient, gql, host_of, make_member, make_user, token_for
from tests.isolation import database_state, global_id

SIGN_IN = (
    "mutation($login: String!, $password: String!) { signIn(loginName: $login,"
    " password: $password) { me { displayName email phone } errors { code field } } }"
)
ME = "query { me { displayName email } }"
REGISTER = (
    "mutation($email: String!, $phone: String!, $password: String!) { register(input:"
    ' {email: $email, phone: $phone, password: $password, displayName: "新人"})'
    " { me { displayName email phone } errors { code field } } }"
)
CREATE_TOKEN = (
    "mutation($name: String!, $slug: String, $days: Int!) { createApiToken(name: $name,"
    " communitySlug: $slug, lifetimeDays: $days)"
    " { token { id name hint communitySlug } secret errors { code field } } }"
)
REVOKE_TOKEN = (
    "mutation($id: ID!) { revokeApiToken(id: $id) { token { name } errors { code field } } }"
)
UPDATE_PROFILE = (
    "mutation($text: String!) { updateCommunityProfile(introduction: $text)"
    " { community { introduction } errors { code } } }"
)
MY_ROLES = "query { myRoles }"


# --- signing in --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "login",
    ["liming@example.cn", "LiMing@Example.CN", " liming@example.cn "],
    ids=["exact", "other-case", "padded"],
)
def test_sign_in_by_email_starts_a_session(db, login):
    # given an account with an e-mail address
    make_user(email="liming@example.cn", phone="13800138000", name="李明")
    client = gql()

    # when signing in with the address
    response = client.execute(SIGN_IN, {"login": login, "password": PASSWORD})

    # then the account is returned and the session is signed in
    assert response == {
        "data": {
            "signIn": {
                "me": {"displayName": "李明", "email": "liming@example.cn", "phone": "13800138000"},
                "errors": [],
            }
        }
    }
    assert client.execute(ME) == {
        "data": {"me": {"displayName": "李明", "email": "liming@example.cn"}}
    }


@pytest.mark.parametrize(
    "login",
    ["13800138000", "+86 138-0013-8000", "+8613800138000", "0086 138 0013 8000", "138-0013-8000"],
)
def test_sign_in_by_mobile_number_normalises_it(db, login):
    # given an account with a mobile number only
    make_user(phone="13800138000", name="王磊")
    client = gql()

    # when signing in with the number, however it is written
    response = client.execute(SIGN_IN, {"login": login, "password": PASSWORD})

    # then the account is returned
    assert response == {
        "data": {
            "signIn": {
                "me": {"displayName": "王磊", "email": None, "phone": "13800138000"},
                "errors": [],
            }
        }
    }


@pytest.mark.parametrize(
    ("login", "password"),
    [
        ("liming@example.cn", "wrong password 123"),
        ("nobody@example.cn", PASSWORD),
        ("13900000000", PASSWORD),
        ("not a login", PASSWORD),
    ],
    ids=["wrong-password", "unknown-email", "unknown-mobile", "garbage"],
)
def test_sign_in_refuses_wrong_credentials_alike(db, login, password):
    # given an account
    make_user(email="liming@example.cn", name="李明")
    client = gql()

    # when signing in with a wrong password or an unknown login
    response = client.execute(SIGN_IN, {"login": login, "password": password})

    # then the same refusal comes back and nobody is signed in
    assert response == {
        "data": {"signIn": {"me": None, "errors": [{"code": "INVALID_CREDENTIALS", "field": None}]}}
    }
    assert client.execute(ME) == {"data": {"me": None}}


def test_sign_in_refuses_a_deactivated_account(db):
    # given a deactivated account
    user = make_user(email="gone@example.cn")
    User.objects.filter(pk=user.pk).update(is_active=False)

    # when signing in with the right password
    response = gql().execute(SIGN_IN, {"login": "gone@example.cn", "password": PASSWORD})

    # then it is refused like a wrong password
    assert response["data"]["signIn"]["errors"] == [{"code": "INVALID_CREDENTIALS", "field": None}]


# --- registering ------------------------------------------------------------------------


def test_register_creates_a_signed_in_account_with_normalised_contacts(db):
    # given a visitor
    client = gql()

    # when registering with a mixed-case address and a formatted mobile number
    response = client.execute(
        REGISTER,
        {"email": "ZhangWei@Example.CN", "phone": "+86 139-1234-5678", "password": PASSWORD},
    )

    # then the account exists, normalised, with a hashed password, and is signed in
    assert response == {
        "data": {
            "register": {
                "me": {
                    "displayName": "新人",
                    "email": "zhangwei@example.cn",
                    "phone": "13912345678",
                },
                "errors": [],
            }
        }
    }
    user = User.objects.get(email="zhangwei@example.cn")
    assert (user.phone, user.check_password(PASSWORD), PASSWORD in user.password) == (
        "13912345678",
        True,
        False,
    )
    assert client.execute(ME) == {"data": {"me": {"displayName": "新人", "email": user.email}}}


@pytest.mark.parametrize(
    ("email", "phone", "password", "code", "field"),
    [
        ("Taken@Example.cn", "", PASSWORD, "ACCOUNT_EXISTS", "email"),
        ("", "+86 138 0013 8000", PASSWORD, "ACCOUNT_EXISTS", "phone"),
        ("fresh@example.cn", "13800138000", PASSWORD, "ACCOUNT_EXISTS", "email"),
        ("fresh@example.cn", "", "12345678", "WEAK_PASSWORD", "password"),
        ("fresh@example.cn", "", "short", "WEAK_PASSWORD", "password"),
        ("fresh@example.cn", "", "password", "WEAK_PASSWORD", "password"),
        ("not-an-email", "", PASSWORD, "INVALID_EMAIL", "email"),
        ("fresh@", "", PASSWORD, "INVALID_EMAIL", "email"),
        ("", "12345", PASSWORD, "INVALID_PHONE", "phone"),
        ("", "12800138000", PASSWORD, "INVALID_PHONE", "phone"),
        ("", "+1 415 555 0100", PASSWORD, "INVALID_PHONE", "phone"),
        ("", "", PASSWORD, "CONTACT_REQUIRED", "email"),
    ],
    ids=[
        "email-taken",
        "phone-taken",
        "phone-of-other-account",
        "numeric-password",
        "short-password",
        "common-password",
        "email-without-at",
        "email-without-domain",
        "phone-too-short",
        "phone-bad-prefix",
        "phone-not-mainland",
        "no-contact",
    ],
)
def test_register_refuses_bad_input_and_creates_nothing(db, email, phone, password, code, field):
    # given an existing account
    make_user(email="taken@example.cn", phone="13800138000")
    client = gql()
    before = database_state()

    # when registering with bad or taken details
    response = client.execute(REGISTER, {"email": email, "phone": phone, "password": password})

    # then the refusal names the problem, nothing was created and nobody is signed in
    assert response == {
        "data": {"register": {"me": None, "errors": [{"code": code, "field": field}]}}
    }
    assert database_state() == before
    assert client.execute(ME) == {"data": {"me": None}}


# --- API tokens -------------------------------------------------------------------------


def _create_token(user, *, slug=None, days=30, name="同步脚本") -> tuple[dict, GraphQLClient]:
    client = gql(None, user)
    return client.execute(CREATE_TOKEN, {"name": name, "slug": slug, "days": days}), client


def test_platform_token_authenticates_on_the_platform_host_only(fengshu):
    # given a platform token created by a signed-in user
    user = make_member(fengshu, Role.RESIDENT, email="liming@example.cn", name="李明")
    response, _client = _create_token(user)
    payload = response["data"]["createApiToken"]
    secret = payload["secret"]

    # when it is used as a Bearer token on the platform host and on a community host
    on_platform = gql(token=secret)
    me = on_platform.execute(ME)
    on_community = gql(fengshu, token=secret)
    refused = on_community.execute(MY_ROLES)

    # then the platform host knows the user and the community host refuses the token
    assert (payload["token"]["name"], payload["token"]["communitySlug"], payload["errors"]) == (
        "同步脚本",
        None,
        [],
    )
    assert (on_platform.status, me) == (
        200,
        {"data": {"me": {"displayName": "李明", "email": "liming@example.cn"}}},
    )
    assert (on_community.status, refused["errors"][0]["extensions"]) == (
        401,
        {"code": "UNAUTHENTICATED"},
    )


def test_community_token_works_on_its_host_and_nowhere_else(fengshu, jiahonglu):
    # given a member of both communities with a token scoped to Fengshu
    user = make_member(fengshu, Role.STAFF)
    membership_add(community=jiahonglu, user=user, roles=[Role.ADMIN])
    response, _client = _create_token(user, slug="fengshu")
    secret = response["data"]["createApiToken"]["secret"]

    # when it is used on Fengshu's host, Jiahonglu's host and the platform host
    results = {}
    for name, community in (("fengshu", fengshu), ("jiahonglu", jiahonglu), ("platform", None)):
        client = gql(community, token=secret)
        body = client.execute(MY_ROLES)
        results[name] = (client.status, body)

    # then only Fengshu's host accepts it
    assert response["data"]["createApiToken"]["token"]["communitySlug"] == "fengshu"
    assert results["fengshu"] == (200, {"data": {"myRoles": ["STAFF"]}})
    for name in ("jiahonglu", "platform"):
        status, body = results[name]
        assert (status, list(body), body["errors"][0]["extensions"]["code"]) == (
            401,
            ["errors"],
            "UNAUTHENTICATED",
        )


def test_token_secret_is_stored_only_as_a_digest(db):
    # given a user
    user = make_user()

    # when a token is created
    response, _client = _create_token(user)
    secret = response["data"]["createApiToken"]["secret"]

    # then the database holds its digest and hint, never the secret itself
    token = ApiToken.objects.get(user=user)
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret.startswith("cw_") and len(secret) == 46
    assert token.secret_digest == ApiToken.digest(secret) != secret
    assert token.hint == secret[:8] == response["data"]["createApiToken"]["token"]["hint"]
    assert [column for column, value in row.items() if secret in str(value)] == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM platform_apitoken WHERE secret_digest = %s", [secret])
        assert cursor.fetchone() == (0,)


def test_token_use_records_last_use(db):
    # given an unused platform token
    user = make_user()
    secret = token_for(user)

    # when it is used
    gql(token=secret).execute(ME)

    # then its last use is recorded
    assert ApiToken.objects.get(user=user).last_used_at is not None


@pytest.mark.parametrize("state", ["expired", "revoked", "unknown", "user-deactivated"])
def test_dead_token_is_refused_with_401(db, state):
    # given a platform token that is expired, revoked, unknown or whose user is deactivated
    user = make_user()
    secret = token_for(user)
    token = ApiToken.objects.get(user=user)
    if state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(1))
    elif state == "revoked":
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    elif state == "unknown":
        secret = secret[:-4] + "AAAA"
    else:
        User.objects.filter(pk=user.pk).update(is_active=False)
    client = gql(token=secret)

    # when it is used
    response = client.execute(ME)

    # then the request is refused before GraphQL runs
    assert client.status == 401
    assert list(response) == ["errors"]
    assert response["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}


def test_revoked_token_stops_working(db):
    # given a working platform token
    user = make_user()
    secret = token_for(user)
    token = ApiToken.objects.get(user=user)

    # when its owner revokes it
    response = gql(None, user).execute(REVOKE_TOKEN, {"id": global_id("ApiToken", token.pk)})

    # then it is revoked and refused from then on
    assert response == {"data": {"revokeApiToken": {"token": {"name": "tests"}, "errors": []}}}
    client = gql(token=secret)
    client.execute(ME)
    assert client.status == 401


@pytest.mark.parametrize(
    ("days", "created"),
    [(0, False), (-5, False), (1000, False), (367, False), (1, True), (366, True)],
)
def test_token_lifetime_is_between_1_and_366_days(db, days, created):
    # given a user
    user = make_user()

    # when creating a token with the lifetime
    response, _client = _create_token(user, days=days)
    payload = response["data"]["createApiToken"]

    # then only lifetimes within bounds are accepted
    if created:
        lifetime = ApiToken.objects.get(user=user).expires_at - timezone.now()
        assert payload["errors"] == []
        assert timedelta(days=days) - timedelta(minutes=1) < lifetime <= timedelta(days=days)
    else:
        assert payload == {
            "token": None,
            "secret": None,
            "errors": [{"code": "TOKEN_EXPIRY_INVALID", "field": "lifetimeDays"}],
        }
        assert ApiToken.objects.filter(user=user).count() == 0


@pytest.mark.parametrize(
    ("slug", "name"),
    [("jiahonglu", "同步"), ("nowhere", "同步"), (None, "   ")],
    ids=["not-a-member", "unknown-community", "blank-name"],
)
def test_token_scope_and_name_are_checked(fengshu, jiahonglu, slug, name):
    # given a member of Fengshu only
    user = make_member(fengshu, Role.ADMIN)

    # when creating a token for a community they do not belong to, or without a name
    response, _client = _create_token(user, slug=slug, name=name)

    # then it is refused, naming the argument, and nothing is created
    error = (
        ("TOKEN_NAME_REQUIRED", "name")
        if slug is None
        else ("TOKEN_SCOPE_INVALID", "communitySlug")
    )
    assert [(e["code"], e["field"]) for e in response["data"]["createApiToken"]["errors"]] == [
        error
    ]
    assert ApiToken.objects.filter(user=user).count() == 0


def test_revoking_someone_elses_token_reads_as_not_found(db):
    # given two users, one with a token
    owner, other = make_user(), make_user()
    secret = token_for(owner)
    token = ApiToken.objects.get(user=owner)

    # when the other user tries to revoke it
    response = gql(None, other).execute(REVOKE_TOKEN, {"id": global_id("ApiToken", token.pk)})

    # then it reads as not found and the token still works
    assert response == {
        "data": {
            "revokeApiToken": {"token": None, "errors": [{"code": "NOT_FOUND", "field": None}]}
        }
    }
    token.refresh_from_db()
    assert token.revoked_at is None
    client = gql(token=secret)
    client.execute(ME)
    assert client.status == 200


def test_revoking_with_an_id_of_another_type_reads_as_not_found(fengshu):
    # given a user whose membership id is known
    user = make_member(fengshu, Role.RESIDENT)
    token_for(user)
    membership_id = global_id("Member", user.memberships.get().pk)

    # when revoking a token by that id
    response = gql(None, user).execute(REVOKE_TOKEN, {"id": membership_id})

    # then it reads as not found
    assert response["data"]["revokeApiToken"]["errors"] == [{"code": "NOT_FOUND", "field": None}]


# --- CSRF -------------------------------------------------------------------------------


def _post(client: Client, community, query: str, variables: dict, **headers):
    response = client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
        HTTP_HOST=host_of(community),
        **headers,
    )
    connection.set_schema_to_public()
    return response


def test_session_post_without_csrf_token_is_refused(fengshu):
    # given Fengshu's admin with a browser session
    admin = make_member(fengshu, Role.ADMIN)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin)

    # when a mutation is posted without the CSRF token
    response = _post(browser, fengshu, UPDATE_PROFILE, {"text": "伪造"})

    # then it is refused and nothing changed
    assert response.status_code == 403
    assert Community.objects.get(pk=fengshu.pk).introduction == ""


def test_session_post_with_csrf_token_is_accepted(fengshu):
    # given Fengshu's admin with a browser session and a CSRF cookie
    admin = make_member(fengshu, Role.ADMIN)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin)
    csrf = _get_new_csrf_string()
    browser.cookies[settings.CSRF_COOKIE_NAME] = csrf

    # when the mutation is posted with the token in the header
    response = _post(browser, fengshu, UPDATE_PROFILE, {"text": "欢迎"}, HTTP_X_CSRFTOKEN=csrf)

    # then it is carried out
    assert (response.status_code, response.json()) == (
        200,
        {"data": {"updateCommunityProfile": {"community": {"introduction": "欢迎"}, "errors": []}}},
    )


def test_session_post_with_a_wrong_csrf_token_is_refused(fengshu):
    # given Fengshu's admin with a browser session and a CSRF cookie
    admin = make_member(fengshu, Role.ADMIN)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin)
    browser.cookies[settings.CSRF_COOKIE_NAME] = _get_new_csrf_string()

    # when the header carries another token
    response = _post(
        browser, fengshu, UPDATE_PROFILE, {"text": "伪造"}, HTTP_X_CSRFTOKEN=_get_new_csrf_string()
    )

    # then it is refused
    assert response.status_code == 403
    assert Community.objects.get(pk=fengshu.pk).introduction == ""


def test_token_post_needs_no_csrf_token(fengshu):
    # given Fengshu's admin with a token scoped to Fengshu, and no session
    admin = make_member(fengshu, Role.ADMIN)
    api_client = Client(enforce_csrf_checks=True)

    # when the mutation is posted with the token and without a CSRF token
    response = _post(
        api_client,
        fengshu,
        UPDATE_PROFILE,
        {"text": "脚本写入"},
        HTTP_AUTHORIZATION=f"Bearer {token_for(admin, fengshu)}",
    )

    # then it is carried out
    assert (response.status_code, response.json()) == (
        200,
        {
            "data": {
                "updateCommunityProfile": {"community": {"introduction": "脚本写入"}, "errors": []}
            }
        },
    )
