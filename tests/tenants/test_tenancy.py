"""Host routing: the bare host serves the platform, <slug>.<base> a community, anything else 404;
a suspended community's host refuses everything until reactivated."""

import json

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from commonweal.platform.accounts.models import Invitation
from commonweal.platform.kernel.roles import Role
from commonweal.tenants.models import Community, CommunityStatus
from tests.fixtures import gql, make_member
from tests.tenants.fixtures import REACTIVATE, SUSPEND

DIRECTORY = "{ communities { totalCount edges { node { slug name host } } } }"
SUSPENDED_ANSWER = {
    "errors": [{"message": "该社区已被暂停服务。", "extensions": {"code": "COMMUNITY_SUSPENDED"}}]
}


def _get(host: str, path: str):
    return Client().get(path, HTTP_HOST=host)


@pytest.mark.parametrize("path", ["/", "/graphql/", "/admin/"])
def test_unknown_community_host_is_not_found(fengshu, path):
    # given only fengshu exists

    # when a request arrives for a sub-domain no community owns
    response = _get("nowhere.localhost", path)

    # then it is not found
    assert response.status_code == 404


def test_host_outside_the_base_domain_is_refused(fengshu):
    # given the base domain localhost

    # when a request names a foreign host
    response = _get("fengshu.example.com", "/")

    # then Django refuses the host outright
    assert response.status_code == 400


def test_host_matching_ignores_case_and_port(fengshu):
    # given fengshu

    # when its host is written in capitals with a port
    client = gql(fengshu)
    client.host = "FengShu.localhost:8000"
    result = client.execute("{ community { slug } }")

    # then fengshu answers
    assert result == {"data": {"community": {"slug": "fengshu"}}}


def test_bare_host_serves_the_platform_schema(fengshu, jiahonglu):
    # given two communities

    # when the platform host is asked for the directory
    result = gql(None).execute(DIRECTORY)

    # then both are listed, ordered by name, with their hosts
    assert result == {
        "data": {
            "communities": {
                "totalCount": 2,
                "edges": [
                    {
                        "node": {
                            "slug": "jiahonglu",
                            "name": "佳宏路社区",
                            "host": "jiahonglu.localhost",
                        }
                    },
                    {"node": {"slug": "fengshu", "name": "枫树社区", "host": "fengshu.localhost"}},
                ],
            }
        }
    }
    # and the request ran in the public schema
    assert connection.schema_name == "public"


def test_community_only_fields_are_absent_on_the_platform_host(fengshu):
    # given fengshu

    # when the platform host is asked for a community-only field
    result = gql(None).execute("{ myRoles }")

    # then the document does not validate against the platform schema
    assert result["data"] is None
    assert [e["extensions"]["code"] for e in result["errors"]] == ["GRAPHQL_VALIDATION_FAILED"]
    assert "myRoles" in result["errors"][0]["message"]


def test_platform_only_fields_are_absent_on_a_community_host(fengshu):
    # given fengshu

    # when its host is asked for the platform directory
    result = gql(fengshu).execute(DIRECTORY)

    # then the document does not validate against the community schema
    assert result["data"] is None
    assert [e["extensions"]["code"] for e in result["errors"]] == ["GRAPHQL_VALIDATION_FAILED"]


def test_each_community_host_answers_for_itself(fengshu, jiahonglu):
    # given two communities

    # when each host is asked for its profile
    answers = [gql(c).execute("{ community { slug name } }") for c in (fengshu, jiahonglu)]

    # then each answers as itself
    assert answers == [
        {"data": {"community": {"slug": "fengshu", "name": "枫树社区"}}},
        {"data": {"community": {"slug": "jiahonglu", "name": "佳宏路社区"}}},
    ]


def test_suspended_community_host_refuses_every_path(fengshu, platform_admin):
    # given a resident of fengshu with a working session
    resident = make_member(fengshu, Role.RESIDENT)
    client = gql(fengshu, resident)
    assert client.execute("{ myRoles }") == {"data": {"myRoles": ["RESIDENT"]}}

    # when a platform admin suspends fengshu
    result = gql(None, platform_admin).execute(SUSPEND, {"slug": "fengshu", "reason": "整改"})

    # then it is suspended with the reason
    assert result == {
        "data": {"suspendCommunity": {"community": {"slug": "fengshu"}, "errors": []}}
    }
    fengshu.refresh_from_db()
    assert (fengshu.status, fengshu.suspended_reason) == (CommunityStatus.SUSPENDED, "整改")
    # and its host answers 403 to the page, the admin and GraphQL (a coded JSON error)
    home = _get("fengshu.localhost", "/")
    admin = _get("fengshu.localhost", "/admin/")
    graphql = client.execute("{ myRoles }")
    assert (home.status_code, admin.status_code, client.status) == (403, 403, 403)
    assert "该社区已被暂停服务。" in home.content.decode()
    assert "该社区已被暂停服务。" in admin.content.decode()
    assert graphql == SUSPENDED_ANSWER
    # and it drops out of the platform directory
    assert gql(None).execute(DIRECTORY)["data"]["communities"]["totalCount"] == 0


def test_suspended_community_graphql_get_is_refused_too(fengshu, platform_admin):
    # given a suspended fengshu
    gql(None, platform_admin).execute(SUSPEND, {"slug": "fengshu", "reason": "整改"})

    # when GraphiQL is opened on its host
    response = _get("fengshu.localhost", "/graphql/")

    # then the refusal is the coded JSON one
    assert response.status_code == 403
    assert json.loads(response.content) == SUSPENDED_ANSWER


def test_reactivated_community_host_answers_again(fengshu, platform_admin):
    # given a suspended fengshu
    admin = gql(None, platform_admin)
    admin.execute(SUSPEND, {"slug": "fengshu", "reason": "整改"})

    # when a platform admin reactivates it
    result = admin.execute(REACTIVATE, {"slug": "fengshu"})

    # then it is active again, the reason cleared, and its host answers
    assert result == {
        "data": {"reactivateCommunity": {"community": {"slug": "fengshu"}, "errors": []}}
    }
    fengshu.refresh_from_db()
    assert (fengshu.status, fengshu.suspended_reason) == (CommunityStatus.ACTIVE, "")
    client = gql(fengshu)
    assert client.execute("{ community { name } }") == {"data": {"community": {"name": "枫树社区"}}}
    assert client.status == 200
    assert _get("fengshu.localhost", "/").status_code == 200


def test_suspending_twice_is_refused(fengshu, platform_admin):
    # given a suspended fengshu
    admin = gql(None, platform_admin)
    admin.execute(SUSPEND, {"slug": "fengshu", "reason": "整改"})

    # when it is suspended again
    result = admin.execute(SUSPEND, {"slug": "fengshu", "reason": "再次"})

    # then the second suspension is refused and the first reason stands
    assert result == {
        "data": {
            "suspendCommunity": {
                "community": None,
                "errors": [{"code": "ALREADY_SUSPENDED", "field": None}],
            }
        }
    }
    assert Community.objects.get(slug="fengshu").suspended_reason == "整改"


def test_reactivating_an_active_community_is_refused(fengshu, platform_admin):
    # given an active fengshu

    # when a platform admin reactivates it
    result = gql(None, platform_admin).execute(REACTIVATE, {"slug": "fengshu"})

    # then it is refused as not suspended
    assert result == {
        "data": {
            "reactivateCommunity": {
                "community": None,
                "errors": [{"code": "NOT_SUSPENDED", "field": None}],
            }
        }
    }


@pytest.mark.parametrize(
    ("variables", "code", "field"),
    [
        ({"slug": "fengshu", "reason": " "}, "REASON_REQUIRED", "reason"),
        ({"slug": "nowhere", "reason": "整改"}, "NOT_FOUND", None),
    ],
)
def test_suspension_needs_a_reason_and_a_community(fengshu, platform_admin, variables, code, field):
    # given an active fengshu

    # when a platform admin suspends without a reason, or an unknown community
    result = gql(None, platform_admin).execute(SUSPEND, variables)

    # then it is refused and fengshu stays active
    assert result == {
        "data": {
            "suspendCommunity": {"community": None, "errors": [{"code": code, "field": field}]}
        }
    }
    assert Community.objects.get(slug="fengshu").status == CommunityStatus.ACTIVE


@pytest.mark.parametrize("who", ["anonymous", "community admin", "other community admin"])
def test_only_platform_admins_suspend(fengshu, jiahonglu, who):
    # given someone who is not a platform admin
    user = {
        "anonymous": None,
        "community admin": make_member(fengshu, Role.ADMIN),
        "other community admin": make_member(jiahonglu, Role.ADMIN),
    }[who]

    # when they try to suspend fengshu
    result = gql(None, user).execute(SUSPEND, {"slug": "fengshu", "reason": "整改"})

    # then they are refused with a top-level code and fengshu stays active
    assert result["data"] is None
    assert [e["extensions"]["code"] for e in result["errors"]] == [
        "UNAUTHENTICATED" if user is None else "FORBIDDEN"
    ]
    assert Community.objects.get(slug="fengshu").status == CommunityStatus.ACTIVE


def _sets(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SET search_path")]


def test_a_request_sets_the_search_path_only_when_the_schema_changes(fengshu):
    # given Fengshu's admin, signed in
    client = gql(fengshu, make_member(fengshu, Role.ADMIN))

    # when they list the members
    with CaptureQueriesContext(connection) as captured:
        client.execute("{ members(first: 10) { totalCount } }")

    # then the path is set once for the platform lookup and once for the community, not
    # before every query
    assert _sets(captured) == [
        'SET search_path = "public"',
        'SET search_path = "c_fengshu","public"',
    ]
    assert len(captured.captured_queries) > 4


def test_a_rolled_back_savepoint_leaves_no_stale_search_path(fengshu, jiahonglu):
    # given Jiahonglu's schema in use
    connection.set_tenant(jiahonglu)
    Invitation.objects.count()

    # when a savepoint switches to Fengshu, queries there, and is rolled back
    with pytest.raises(RuntimeError), transaction.atomic():
        connection.set_tenant(fengshu)
        Invitation.objects.count()
        raise RuntimeError("rolled back")

    # then the next query still runs in Fengshu's schema, as Django believes, although the
    # rollback reverted the SET on the server
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        assert cursor.fetchone()[0] == "c_fengshu"
    connection.set_schema_to_public()
