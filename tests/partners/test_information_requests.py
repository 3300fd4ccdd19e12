"""Asking an applicant for more information, and their answer, over GraphQL: the same
services and TRANSITIONS as the workbench."""

import pytest

from commonweal.partners.models import PartnershipStatus
from commonweal.platform.kernel.roles import Role
from tests.fixtures import gql, make_member
from tests.isolation import global_id
from tests.partners.fixtures import in_schema, make_partnership, partner_state

S = PartnershipStatus
ASK = """
mutation($id: ID!, $q: String!) {
  requestPartnershipInformation(id: $id, question: $q) {
    partner { status statusReason } errors { code field }
  }
}"""
ANSWER = """
mutation($id: ID!, $a: String!) {
  providePartnershipInformation(id: $id, answer: $a) {
    partner { status statusReason } errors { code field }
  }
}"""


def test_the_office_asks_and_the_applicant_answers(fengshu, office):
    partnership = make_partnership(fengshu, S.UNDER_REVIEW, office=office)
    applicant = partnership.organisation.representatives.get().user
    pid = global_id("Partner", partnership.pk)

    asked = gql(fengshu, office).execute(ASK, {"id": pid, "q": "请提供食品经营许可证。"})
    answered = gql(fengshu, applicant).execute(ANSWER, {"id": pid, "a": "许可证编号JY123。"})

    assert asked["data"]["requestPartnershipInformation"] == {
        "partner": {"status": "INFO_REQUESTED", "statusReason": "请提供食品经营许可证。"},
        "errors": [],
    }
    assert answered["data"]["providePartnershipInformation"] == {
        # the reason of a decision is the office's to read
        "partner": {"status": "UNDER_REVIEW", "statusReason": None},
        "errors": [],
    }


def test_a_question_needs_words_and_an_answer_needs_a_question(fengshu, office):
    partnership = make_partnership(fengshu, S.UNDER_REVIEW, office=office)
    applicant = partnership.organisation.representatives.get().user
    pid = global_id("Partner", partnership.pk)
    before = partner_state()

    empty = gql(fengshu, office).execute(ASK, {"id": pid, "q": "  "})
    early = gql(fengshu, applicant).execute(ANSWER, {"id": pid, "a": "没人问就答"})

    assert empty["data"]["requestPartnershipInformation"]["errors"] == [
        {"code": "REASON_REQUIRED", "field": "question"}
    ]
    assert early["data"]["providePartnershipInformation"]["errors"] == [
        {"code": "INVALID_TRANSITION", "field": None}
    ]
    assert partner_state() == before


@pytest.mark.parametrize(
    "who, ask, answer",
    [
        ("anonymous", "UNAUTHENTICATED", "UNAUTHENTICATED"),
        ("resident", "FORBIDDEN", "NOT_FOUND"),
        ("other community's admin", "FORBIDDEN", "NOT_FOUND"),
        ("another partner's representative", "FORBIDDEN", "NOT_FOUND"),
        ("staff", None, "NOT_FOUND"),
        ("admin", None, "NOT_FOUND"),
    ],
)
def test_who_may_ask_and_who_may_answer(fengshu, jiahonglu, office, who, ask, answer):
    from tests.isolation import refusal_codes

    partnership = make_partnership(fengshu, S.APPLIED, office=office)
    pid = global_id("Partner", partnership.pk)
    users = {
        "anonymous": None,
        "resident": lambda: make_member(fengshu, Role.RESIDENT),
        "other community's admin": lambda: make_member(jiahonglu, Role.ADMIN),
        "another partner's representative": lambda: (
            make_partnership(fengshu, office=office).organisation.representatives.get().user
        ),
        "staff": lambda: make_member(fengshu, Role.STAFF),
        "admin": lambda: make_member(fengshu, Role.ADMIN),
    }
    user = users[who]() if users[who] else None
    before = partner_state()

    # the answer is tried first, while the application is not waiting: refused either way
    answered = gql(fengshu, user).execute(ANSWER, {"id": pid, "a": "越权"})
    assert refusal_codes(answered) == [answer]
    assert partner_state() == before

    asked = gql(fengshu, user).execute(ASK, {"id": pid, "q": "请补充"})
    if ask is None:
        with in_schema(fengshu):
            partnership.refresh_from_db()
        assert (refusal_codes(asked), partnership.status) == ([], S.INFO_REQUESTED)
    else:
        assert refusal_codes(asked) == [ask]
        assert partner_state() == before
