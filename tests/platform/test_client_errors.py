"""Smaller client-facing refusals: a missing CSRF token, a weak password, the community's host."""

import json
import logging
import re

from django.db import connection
from django.test import Client

from commonweal.platform.kernel.roles import Role
from commonweal.tenants.models import CommunityApplication
from tests.fixtures import host_of, make_member
from tests.tenants.fixtures import APPLY, application_input

CHINESE = re.compile(r"[\u4e00-\u9fff]")
APPLY_WITH_MESSAGE = APPLY.replace("errors { code field }", "errors { code field message }")


def _post(client, host, query, variables=None):
    response = client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        HTTP_HOST=host,
    )
    connection.set_schema_to_public()
    return response


def test_session_post_without_csrf_token_is_a_coded_json_error(fengshu):
    # given a member signed in with a session cookie, on a client that enforces CSRF
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_member(fengshu, Role.ADMIN))

    # when they post GraphQL without the CSRF token
    response = _post(client, host_of(fengshu), "query { me { email } }")

    # then the refusal is JSON with a code and a Chinese message, not Django's HTML page
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["CSRF_FAILED"]
    assert CHINESE.search(body["errors"][0]["message"])


def test_weak_password_comes_back_in_the_payload_in_chinese_without_a_traceback(db, caplog):
    caplog.set_level(logging.INFO)

    # when an anonymous visitor applies with a password of digits only
    response = _post(
        Client(),
        host_of(None),
        APPLY_WITH_MESSAGE,
        {"input": application_input(password="12345678")},
    )

    # then WEAK_PASSWORD is in the payload, on the password field, explained in Chinese
    body = response.json()
    assert "errors" not in body
    (error,) = body["data"]["applyForCommunity"]["errors"]
    assert (error["code"], error["field"]) == ("WEAK_PASSWORD", "password")
    assert CHINESE.search(error["message"])
    assert CommunityApplication.objects.count() == 0
    assert [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR] == []


def test_community_host_keeps_the_port_the_platform_is_served_on(fengshu):
    # when the directory is read on the platform at port 8000, as in development
    response = _post(
        Client(), f"{host_of(None)}:8000", "query { communities { edges { node { host } } } }"
    )

    # then the community's host carries the same port, so its link works
    assert response.json()["data"]["communities"]["edges"] == [
        {"node": {"host": "fengshu.localhost:8000"}}
    ]


def test_community_host_has_no_port_when_the_request_had_none(fengshu):
    response = _post(Client(), host_of(None), "query { communities { edges { node { host } } } }")

    assert response.json()["data"]["communities"]["edges"] == [
        {"node": {"host": "fengshu.localhost"}}
    ]
