"""The one mutation helper: declared access, one transaction, refusals in the payload."""

from enum import StrEnum
from types import SimpleNamespace
from typing import Annotated

import pytest
import strawberry
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from strawberry.types import Info

from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.graphql.errors import ErrorCodes, error_type
from commonweal.platform.kernel.graphql.mutations import (
    ANYONE,
    SIGNED_IN,
    arg,
    caller,
    mutation,
    payload,
)
from commonweal.platform.notifications.models import Notification
from tests.fixtures import make_user


class ProbeErrorCode(StrEnum):
    REFUSED = "REFUSED"
    NOT_FOUND = "NOT_FOUND"


class OtherErrorCode(StrEnum):
    ELSEWHERE = "ELSEWHERE"


ProbeError = error_type(ProbeErrorCode, "ProbeError")
ProbePayload = payload("ProbePayload", ProbeError, count=(int, "Notifications written."))


def _write(user, title):
    Notification.objects.create(user=user, kind="probe", title=title)


@strawberry.type
class ProbeQuery:
    @strawberry.field(description="Nothing.")
    def ok(self) -> bool:
        return True


@strawberry.type
class ProbeMutation:
    @mutation(ProbePayload, allow=SIGNED_IN, description="Write twice, then refuse if asked.")
    def write_twice(
        self,
        info: Info,
        refuse: Annotated[bool, arg("Refuse after both writes.")],
        donor_name: Annotated[str, arg("Echoed in the refusal's field.")] = "",
    ) -> ProbePayload:
        who = caller(info)
        _write(who.user, "first")
        _write(who.user, "second")
        if refuse:
            raise DomainError(ProbeErrorCode.REFUSED, "不行", field="donor_name")
        return ProbePayload(count=2)

    @mutation(ProbePayload, allow=ANYONE, description="Refused by another domain.")
    def foreign_refusal(self, info: Info) -> ProbePayload:
        raise DomainError(OtherErrorCode.ELSEWHERE, "别处")


schema = strawberry.Schema(query=ProbeQuery, mutation=ProbeMutation, extensions=[ErrorCodes])


def _run(document, user):
    request = SimpleNamespace(user=user, tenant=None)
    return schema.execute_sync(document, context_value=SimpleNamespace(request=request))


def write(refuse: bool) -> str:
    flag = "true" if refuse else "false"
    return (
        f'mutation {{ writeTwice(refuse: {flag}, donorName: "x")'
        " { count errors { code message field } } }"
    )


def test_a_body_that_succeeds_commits_every_write(db):
    # given a signed-in user
    user = make_user(name="试用")
    # when the mutation runs without refusing
    result = _run(write(False), user)
    # then both writes are kept and the payload carries the result
    assert result.errors is None
    assert result.data == {"writeTwice": {"count": 2, "errors": []}}
    assert list(
        Notification.objects.filter(user=user).order_by("pk").values_list("title", flat=True)
    ) == [
        "first",
        "second",
    ]


def test_a_refusal_after_two_writes_rolls_both_back(db):
    user = make_user(name="试用")
    result = _run(write(True), user)
    assert result.errors is None
    assert result.data == {
        "writeTwice": {
            "count": None,
            "errors": [{"code": "REFUSED", "message": "不行", "field": "donorName"}],
        }
    }
    assert Notification.objects.filter(user=user).count() == 0


def test_anonymous_callers_are_refused_before_the_body_runs(db):
    result = _run(write(False), AnonymousUser())
    assert result.data is None or result.data.get("writeTwice") is None
    assert [e.extensions["code"] for e in result.errors] == ["UNAUTHENTICATED"]
    assert Notification.objects.count() == 0


def test_another_domains_refusal_is_a_coded_top_level_error(db):
    result = _run("mutation { foreignRefusal { count } }", AnonymousUser())
    assert [e.extensions["code"] for e in result.errors] == ["ELSEWHERE"]


def test_an_undescribed_argument_is_refused_when_the_mutation_is_declared():
    with pytest.raises(ImproperlyConfigured, match="argument 'title' has no description"):

        @mutation(ProbePayload, allow=ANYONE, description="Undocumented argument.")
        def undocumented(self, info: Info, title: str) -> ProbePayload:
            return ProbePayload(count=0)


def test_an_undescribed_mutation_or_payload_field_is_refused():
    with pytest.raises(ImproperlyConfigured, match="needs a description"):
        mutation(ProbePayload, allow=ANYONE, description="")
    with pytest.raises(ImproperlyConfigured, match="has no description"):
        payload("BarePayload", ProbeError, thing=(int, ""))


def test_an_argument_named_source_is_refused_when_the_mutation_is_declared():
    # strawberry-django's permission extensions would fail on every call with a TypeError
    with pytest.raises(ImproperlyConfigured, match="may not be called 'source'"):

        @mutation(ProbePayload, allow=SIGNED_IN, description="Reserved argument.")
        def reserved(self, info: Info, source: Annotated[str, arg("Collides.")]) -> ProbePayload:
            return ProbePayload(count=0)
