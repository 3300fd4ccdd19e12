"""The platform's directory of communities and a community's own profile."""

import pytest

from commonweal.platform.kernel.roles import Role
from commonweal.tenants.models import Community
from tests.fixtures import gql, make_community, make_member

DIRECTORY = """
query Directory($city: String, $district: String) {
  communities(city: $city, district: $district) { edges { node { slug } } }
}
"""
ONE = "query One($slug: String!) { community(slug: $slug) { slug name host } }"
UPDATE_PROFILE = """
mutation Update($introduction: String!) {
  updateCommunityProfile(introduction: $introduction) {
    community { introduction } errors { code field }
  }
}
"""


def _slugs(result) -> list[str]:
    return [e["node"]["slug"] for e in result["data"]["communities"]["edges"]]


FILTERS = [
    ({}, ["duyuanjie", "fengshu", "jiahonglu"]),
    ({"city": "成都市"}, ["duyuanjie", "fengshu", "jiahonglu"]),
    ({"district": "锦江区"}, ["duyuanjie", "fengshu"]),
    ({"city": "成都市", "district": "成华区"}, ["jiahonglu"]),
    ({"city": "重庆市"}, []),
]


def test_directory_filters_by_city_and_district(db, subtests):
    # given three communities in two districts, and a suspended one (made once: provisioning
    # a schema is the slow part)
    make_community("fengshu", name="B枫树社区")
    make_community("jiahonglu", name="C佳宏路社区", district="成华区")
    make_community("duyuanjie", name="A督院街社区")
    make_community("yulin", name="D玉林社区", status="suspended")

    for variables, slugs in FILTERS:
        with subtests.test(filters=variables):
            # when the directory is filtered
            result = gql(None).execute(DIRECTORY, variables)
            # then exactly the active matching ones are listed, by name
            assert _slugs(result) == slugs


@pytest.mark.parametrize(
    ("slug", "answer"),
    [
        ("fengshu", {"slug": "fengshu", "name": "枫树社区", "host": "fengshu.localhost"}),
        ("yulin", None),  # suspended
        ("nowhere", None),
    ],
)
def test_one_community_by_address(db, slug, answer):
    # given an active and a suspended community
    make_community("fengshu", name="枫树社区")
    make_community("yulin", status="suspended")

    # when the platform is asked for one by its address
    result = gql(None).execute(ONE, {"slug": slug})

    # then only the active one is found
    assert result == {"data": {"community": answer}}


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("anonymous", "UNAUTHENTICATED"),
        ("admin of another community", "FORBIDDEN"),
        ("resident", "FORBIDDEN"),
        ("staff", "FORBIDDEN"),
    ],
)
def test_only_admins_edit_the_profile(fengshu, jiahonglu, who, code):
    # given someone who is not fengshu's admin
    user = {
        "anonymous": None,
        "admin of another community": lambda: make_member(jiahonglu, Role.ADMIN),
        "resident": lambda: make_member(fengshu, Role.RESIDENT),
        "staff": lambda: make_member(fengshu, Role.STAFF),
    }[who]
    user = user() if user else None

    # when they edit fengshu's introduction on its host
    result = gql(fengshu, user).execute(UPDATE_PROFILE, {"introduction": "改了"})

    # then they are refused and the introduction is unchanged
    assert result["data"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in result["errors"]] == [
        (["updateCommunityProfile"], code)
    ]
    assert Community.objects.get(slug="fengshu").introduction == ""


def test_admin_edits_the_profile(fengshu, jiahonglu):
    # given fengshu's admin
    admin = make_member(fengshu, Role.ADMIN)

    # when they edit the introduction on fengshu's host
    result = gql(fengshu, admin).execute(
        UPDATE_PROFILE, {"introduction": "  枫树社区位于锦江区。 "}
    )

    # then fengshu's introduction changes, trimmed, and jiahonglu's does not
    assert result == {
        "data": {
            "updateCommunityProfile": {
                "community": {"introduction": "枫树社区位于锦江区。"},
                "errors": [],
            }
        }
    }
    assert Community.objects.get(slug="fengshu").introduction == "枫树社区位于锦江区。"
    assert Community.objects.get(slug="jiahonglu").introduction == ""
