from commonweal.platform.accounts.models import Membership
from commonweal.tenants.demo import PLATFORM_ADMIN, demo_password, ensure_demo, print_credentials
from commonweal.tenants.models import Community
from tests.fixtures import GraphQLClient

SIGN_IN = """mutation($login: String!, $password: String!) {
  signIn(loginName: $login, password: $password) { me { displayName } errors { code } }
}"""


def test_demo_creates_three_seed_communities_once(db):
    # given an empty platform, when the demo is loaded twice
    first = ensure_demo()
    second = ensure_demo()

    # then the three seed communities exist once each, with one admin each
    assert first == second
    assert sorted(Community.objects.values_list("slug", "name")) == [
        ("duyuanjie", "督院街社区"),
        ("fengshu", "枫树社区"),
        ("jiahonglu", "佳宏路社区"),
    ]
    assert Membership.objects.filter(roles__contains=["admin"]).count() == 3
    assert first[0] == ("platform admin", *PLATFORM_ADMIN)


def test_printed_demo_credentials_sign_in_on_each_community_host(db, capsys):
    # given the demo and the credentials it prints
    rows = ensure_demo()
    print_credentials(rows, port=8000)
    printed = capsys.readouterr().out
    assert "http://fengshu.localhost:8000/" in printed
    # a link that already names the port (as `serve` builds them) keeps it once
    print_credentials([("枫树社区 http://fengshu.localhost:8000/", "a", "b")], port=8000)
    assert "http://fengshu.localhost:8000/\n" in capsys.readouterr().out

    # when each community admin signs in on their own host with the printed password
    for slug in ("fengshu", "jiahonglu", "duyuanjie"):
        assert demo_password(slug) in printed
        login = next(login for where, login, _ in rows if f"//{slug}." in where)
        result = GraphQLClient(host=f"{slug}.localhost").execute(
            SIGN_IN, {"login": login, "password": demo_password(slug)}
        )

        # then the sign-in succeeds
        assert result["data"]["signIn"]["errors"] == []
        assert result["data"]["signIn"]["me"]["displayName"]
