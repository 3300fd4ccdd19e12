"""A careless or hostile client's input gets a stable code, a Chinese message and no change:
variables that do not fit, text the database cannot keep, text longer than its column."""

import logging
import re

import pytest

from commonweal.platform.kernel.roles import Role
from commonweal.tenants.models import Community, CommunityApplication
from tests.fixtures import gql, make_member
from tests.tenants.fixtures import APPLY, application_input

CHINESE = re.compile(r"[\u4e00-\u9fff]")
COMMUNITY_BY_SLUG = "query($s: String!) { community(slug: $s) { name } }"
SEARCH_PAGE = 'query($n: Int) { search(query: "枫树", first: $n) { totalCount } }'
SEARCH_KINDS = 'query($k: [String!]) { search(query: "枫树", kinds: $k) { totalCount } }'
INTRODUCE = """
mutation($text: String!) {
  updateCommunityProfile(introduction: $text) { community { introduction } errors { code } }
}
"""


def _codes(response) -> list[str]:
    return [e["extensions"]["code"] for e in response.get("errors") or ()]


@pytest.fixture
def problems(caplog):
    """Log records at ERROR or with a traceback: what an operator would be paged for."""
    caplog.set_level(logging.INFO)

    def collect():
        return [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]

    return collect


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (COMMUNITY_BY_SLUG, {}),
        (COMMUNITY_BY_SLUG, {"s": 5}),
        (SEARCH_PAGE, {"n": 2**40}),
        (APPLY, {"input": {"slug": "yulin"}}),
    ],
    ids=["missing variable", "wrong type", "int over 32 bits", "input field missing"],
)
def test_variables_that_do_not_fit_are_invalid_input_in_chinese_and_not_logged_as_errors(
    db, problems, query, variables
):
    # when an anonymous client sends variables that do not fit their declared types
    response = gql(None).execute(query, variables)

    # then the request is refused as the client's mistake, in Chinese, without a traceback
    assert response["data"] is None
    assert set(_codes(response)) == {"INVALID_INPUT"}
    assert CHINESE.search(response["errors"][0]["message"])
    assert problems() == []


def test_inline_mistake_is_validation_failed_in_chinese(db, problems):
    # when the same mistake is written inline
    response = gql(None).execute("query { community(slug: 5) { name } }")

    # then it fails validation, explained in Chinese with graphql's own detail kept
    assert _codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    assert CHINESE.search(response["errors"][0]["message"])
    assert "String cannot represent" in response["errors"][0]["extensions"]["detail"]
    assert problems() == []


@pytest.mark.parametrize(
    ("query", "variables", "field"),
    [
        (COMMUNITY_BY_SLUG, {"s": "feng\x00shu"}, "s"),
        (COMMUNITY_BY_SLUG, {"s": "feng\ud800shu"}, "s"),
        ('query { community(slug: "feng\\u0000shu") { name } }', {}, "slug"),
        (SEARCH_KINDS, {"k": ["partner\x00"]}, "k"),
        (
            'query { search(query: "枫树", districts: ["锦江\\u0000"]) { totalCount } }',
            {},
            "districts",
        ),
        (APPLY, {"input": application_input(city="成都\x1b[31m")}, "input.city"),
    ],
    ids=[
        "NUL variable",
        "lone surrogate",
        "NUL literal",
        "NUL in a list",
        "NUL in a literal list",
        "escape in an input field",
    ],
)
def test_text_the_database_cannot_keep_is_invalid_text_naming_the_argument(
    db, problems, query, variables, field
):
    # when a string argument carries NUL, a lone surrogate or a control character
    response = gql(None).execute(query, variables)

    # then the operation is refused before any resolver runs, naming the argument
    assert response["data"] is None
    assert _codes(response) == ["INVALID_TEXT"]
    assert response["errors"][0]["extensions"]["field"] == field
    assert CHINESE.search(response["errors"][0]["message"])
    assert CommunityApplication.objects.count() == 0
    assert problems() == []


def test_control_characters_in_a_published_text_are_refused_and_nothing_changes(fengshu):
    # given the community's admin
    admin = gql(fengshu, make_member(fengshu, Role.ADMIN))

    # when they publish an introduction with a terminal escape (BEL)
    response = admin.execute(INTRODUCE, {"text": "欢迎\x07来到枫树"})

    # then it is refused and the introduction is unchanged
    assert _codes(response) == ["INVALID_TEXT"]
    fengshu.refresh_from_db()
    assert fengshu.introduction == ""


def test_newlines_and_tabs_stay_allowed_in_multi_line_text(fengshu):
    admin = gql(fengshu, make_member(fengshu, Role.ADMIN))

    response = admin.execute(INTRODUCE, {"text": "第一段\n\t第二段"})

    assert response["data"]["updateCommunityProfile"] == {
        "community": {"introduction": "第一段\n\t第二段"},
        "errors": [],
    }


def test_a_line_break_in_a_single_line_field_is_refused(db):
    # when a community name (a single-line column) carries a line break
    response = gql(None).execute(APPLY, {"input": application_input(name="玉林\n社区")})

    # then it is refused naming the field, and no application is filed
    assert _codes(response) == ["INVALID_TEXT"]
    assert response["errors"][0]["extensions"]["field"] == "name"
    assert CommunityApplication.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "column", "limit"),
    [
        ("statement", "statement", 2000),
        ("name", "name", 60),
        ("applicantName", "applicantName", 60),
    ],
)
def test_over_long_text_is_refused_naming_the_field_and_its_limit_never_cut(
    db, problems, field, column, limit
):
    # when an application carries 10,000 characters where the column holds `limit`
    response = gql(None).execute(APPLY, {"input": application_input(**{field: "长" * 10_000})})

    # then it is refused as TOO_LONG naming the field and the limit; nothing is stored
    assert _codes(response) == ["TOO_LONG"]
    error = response["errors"][0]
    assert error["extensions"]["field"] == column
    assert f"{limit}" in error["message"]
    assert CHINESE.search(error["message"])
    assert CommunityApplication.objects.count() == 0
    assert Community.objects.filter(slug="yulin").count() == 0
    assert problems() == []


def test_text_exactly_at_the_limit_is_kept_whole(db):
    response = gql(None).execute(APPLY, {"input": application_input(statement="长" * 2000)})

    assert response["data"]["applyForCommunity"]["errors"] == []
    assert len(CommunityApplication.objects.get().statement) == 2000
