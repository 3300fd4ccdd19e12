from commonweal.platform.kernel.roles import Role
from tests.fixtures import gql, make_member

MEMBERS = "query { members(first: 50) { totalCount edges { node { displayName roles } } } }"


def test_community_host_answers_members_to_its_admin(fengshu):
    # given an admin and a resident of Fengshu
    admin = make_member(fengshu, Role.ADMIN, name="管理员")
    make_member(fengshu, Role.RESIDENT, name="居民")

    # when the admin lists members on Fengshu's host
    result = gql(fengshu, admin).execute(MEMBERS)

    # then both appear
    assert result == {
        "data": {
            "members": {
                "totalCount": 2,
                "edges": [
                    {"node": {"displayName": "管理员", "roles": ["ADMIN"]}},
                    {"node": {"displayName": "居民", "roles": ["RESIDENT"]}},
                ],
            }
        }
    }
