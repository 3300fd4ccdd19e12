"""Rate limits answer 429 with a code and Retry-After; sign-in backs off per login name."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from tests.fixtures import PASSWORD, host_of, make_user, token_for
from tests.tenants.fixtures import APPLY, application_input

SIGN_IN = """
mutation($login: String!, $password: String!) {
  signIn(loginName: $login, password: $password) { me { email } errors { code } }
}
"""


@pytest.fixture
def limits_on(db, settings):
    settings.RATE_LIMITS_ENABLED = True
    cache.clear()
    yield settings
    cache.clear()


def _post(query, variables=None, *, address="10.0.0.1", host=None, **headers):
    response = Client().post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        HTTP_HOST=host or host_of(None),
        REMOTE_ADDR=address,
        **headers,
    )
    connection.set_schema_to_public()
    return response


def _code(response) -> str | None:
    errors = response.json().get("errors") or ()
    return errors[0]["extensions"]["code"] if errors else None


def test_the_eleventh_sign_in_in_a_minute_from_one_address_is_429(limits_on):
    # given ten sign-ins from one address within the minute, each for another login
    for n in range(10):
        response = _post(SIGN_IN, {"login": f"guess{n}@example.cn", "password": "x"})
        assert response.status_code == 200
        assert response.json()["data"]["signIn"]["errors"] == [{"code": "INVALID_CREDENTIALS"}]

    # when the eleventh comes
    response = _post(SIGN_IN, {"login": "guess10@example.cn", "password": "x"})

    # then it is refused with 429, a code and how long to wait
    assert response.status_code == 429
    assert _code(response) == "RATE_LIMITED"
    assert 1 <= int(response["Retry-After"]) <= 60
    # and another address is not held back by it
    other = _post(SIGN_IN, {"login": "guess10@example.cn", "password": "x"}, address="10.0.0.2")
    assert other.status_code == 200


def test_the_eleventh_form_sign_in_is_429(limits_on):
    client = Client()
    statuses = [
        client.post(
            "/login/",
            {"username": f"guess{n}@example.cn", "password": "x"},
            HTTP_HOST=host_of(None),
            REMOTE_ADDR="10.0.0.3",
        ).status_code
        for n in range(11)
    ]
    connection.set_schema_to_public()

    assert statuses == [200] * 10 + [429]


def test_sign_in_backs_off_after_repeated_failures_for_one_login(limits_on):
    # given five wrong passwords for one account, each from another address
    user = make_user(email="lin@example.cn")
    for n in range(5):
        _post(SIGN_IN, {"login": user.email, "password": "wrong"}, address=f"10.1.0.{n}")

    # when the right password comes next, from yet another address
    response = _post(SIGN_IN, {"login": user.email, "password": PASSWORD}, address="10.1.0.9")

    # then it waits out the back-off (one second after the fifth failure)
    assert response.status_code == 429
    assert _code(response) == "RATE_LIMITED"
    assert response["Retry-After"] == "1"


def test_a_successful_sign_in_clears_the_failures(limits_on):
    user = make_user(email="wu@example.cn")
    for n in range(4):
        _post(SIGN_IN, {"login": user.email, "password": "wrong"}, address=f"10.2.0.{n}")
    ok = _post(SIGN_IN, {"login": user.email, "password": PASSWORD}, address="10.2.0.8")
    assert ok.json()["data"]["signIn"]["me"] == {"email": "wu@example.cn"}

    for n in range(5):
        _post(SIGN_IN, {"login": user.email, "password": "wrong"}, address=f"10.2.1.{n}")
    # five failures since the success: the sixth attempt is the first held back
    assert _post(SIGN_IN, {"login": user.email, "password": PASSWORD}).status_code == 429


def test_community_applications_are_limited_per_address(limits_on):
    # given the budget of five applications an hour
    statuses = [
        _post(APPLY, {"input": application_input(slug=f"yulin{c}", password="")}).status_code
        for c in "abcde"
    ]

    response = _post(APPLY, {"input": application_input(slug="yulinf", password="")})

    assert statuses == [200] * 5
    assert (response.status_code, _code(response)) == (429, "RATE_LIMITED")


def test_graphql_budget_is_spent_by_cost_and_kept_per_token(limits_on, db):
    # given a budget of 10 points a minute
    limits_on.RATE_LIMITS = {**limits_on.RATE_LIMITS, "graphql": (10, 60)}
    cheap = "query { me { id } }"  # 1 point
    costly = "query { communities(first: 100) { edges { node { name city } } } }"  # 3 points

    # when one address sends costly queries, and then another sends cheap ones
    costly_statuses = [_post(costly, address="10.3.0.1").status_code for _ in range(4)]
    cheap_statuses = [_post(cheap, address="10.3.0.2").status_code for _ in range(11)]

    # then the costly ones run out after three, the cheap ones after ten
    assert costly_statuses == [200, 200, 200, 429]
    assert cheap_statuses == [200] * 10 + [429]
    # and a token has its own budget, whatever address it comes from
    token = token_for(make_user())
    with_token = _post(cheap, address="10.3.0.2", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert with_token.status_code == 200


def test_webhooks_are_limited_per_source(limits_on, fengshu):
    limits_on.RATE_LIMITS = {**limits_on.RATE_LIMITS, "webhook": (2, 60)}
    client = Client()
    statuses = [
        client.post(
            "/fund/webhooks/stripe/",
            b"{}",
            content_type="application/json",
            HTTP_HOST=host_of(fengshu),
            REMOTE_ADDR="10.4.0.1",
        ).status_code
        for _ in range(3)
    ]
    connection.set_schema_to_public()

    # then the two refusals (unsigned) spend the address's budget, and the third is turned
    # away before its signature is checked
    assert statuses == [400, 400, 429]
