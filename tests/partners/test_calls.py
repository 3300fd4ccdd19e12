"""招募 calls: publishing, unpublishing and closing before the deadline."""

import pytest

from commonweal.partners.models import Partnership
from commonweal.partners.services import calls
from commonweal.platform.kernel.roles import Role
from commonweal.search.models import SearchDocument
from tests.fixtures import gql, make_member
from tests.isolation import global_id
from tests.partners.documents import APPLY, CALL_STEP, CALLS
from tests.partners.fixtures import (
    get_page,
    in_schema,
    make_call,
    make_organisation,
    partner_state,
)


def _visible_in_search(call) -> bool:
    return SearchDocument.objects.get(kind="partner_call", key=str(call.pk)).visible


def test_closing_a_call_stops_applications_and_keeps_it_listed(fengshu, office):
    # given a published call and an organisation's representative
    call = make_call(fengshu, office)
    organisation = make_organisation(name="王师傅修鞋铺", kind="craftsman")
    representative = organisation.representatives.get().user
    call_id = global_id("PartnerCall", call.pk)

    # when the office closes it before the deadline and the representative then applies
    closed = gql(fengshu, office).execute(CALL_STEP % "closePartnerCall", {"id": call_id})
    applied = gql(fengshu, representative).execute(
        APPLY,
        {
            "input": {
                "organisationId": global_id("PartnerOrganisation", organisation.pk),
                "callId": call_id,
                "tier": "FREE",
            }
        },
    )

    # then the call is closed, the application refused, and the public still sees the call
    # (closed) though the directory page and search no longer invite to it
    payload = closed["data"]["closePartnerCall"]
    assert (payload["errors"], payload["call"]["takesApplications"]) == ([], False)
    assert payload["call"]["closedAt"] is not None
    assert applied["data"]["applyForPartnership"] == {
        "partner": None,
        "errors": [{"code": "CALL_CLOSED", "field": "callId"}],
    }
    assert gql(fengshu).execute(CALLS)["data"]["partnerCalls"]["edges"] == [
        {"node": {"title": "招募社区匠人", "takesApplications": False}}
    ]
    assert "招募社区匠人" not in get_page(fengshu, "/partners/").content.decode()
    assert _visible_in_search(call) is False
    with in_schema(fengshu):
        assert Partnership.objects.count() == 0


def test_unpublishing_takes_a_call_back_to_draft(fengshu, office):
    # given a published call, on the directory page and in search
    call = make_call(fengshu, office)
    assert "招募社区匠人" in get_page(fengshu, "/partners/").content.decode()

    # when the office unpublishes it
    response = gql(fengshu, office).execute(
        CALL_STEP % "unpublishPartnerCall", {"id": global_id("PartnerCall", call.pk)}
    )

    # then the public no longer sees it anywhere, and the office sees a draft
    assert response["data"]["unpublishPartnerCall"] == {
        "call": {
            "title": "招募社区匠人",
            "publishedAt": None,
            "closedAt": None,
            "takesApplications": False,
        },
        "errors": [],
    }
    assert gql(fengshu).execute(CALLS)["data"]["partnerCalls"]["edges"] == []
    assert "招募社区匠人" not in get_page(fengshu, "/partners/").content.decode()
    assert _visible_in_search(call) is False
    assert gql(fengshu, office).execute(CALLS)["data"]["partnerCalls"]["edges"] == [
        {"node": {"title": "招募社区匠人", "takesApplications": False}}
    ]


@pytest.mark.parametrize(
    ("state", "step", "code", "message"),
    [
        ("draft", "closePartnerCall", "CALL_NOT_PUBLISHED", "本次招募尚未发布。"),
        ("draft", "unpublishPartnerCall", "CALL_NOT_PUBLISHED", "本次招募尚未发布。"),
        ("closed", "closePartnerCall", "CALL_CLOSED", "本次招募已结束。"),
        ("closed", "publishPartnerCall", "CALL_CLOSED", "本次招募已结束。"),
    ],
)
def test_a_refused_call_step_comes_back_coded_and_changes_nothing(
    fengshu, state, step, code, message
):
    # given a draft call, or one the office closed
    admin = make_member(fengshu, Role.ADMIN)
    call = make_call(fengshu, admin, publish=state == "closed")
    if state == "closed":
        with in_schema(fengshu):
            calls.call_close(community=fengshu, actor=admin, call=call)
    before = partner_state()

    # when the admin tries `step`
    response = gql(fengshu, admin).execute(
        CALL_STEP % step, {"id": global_id("PartnerCall", call.pk)}
    )

    # then it is refused with its code and a translated message, and nothing changed
    assert response == {
        "data": {step: {"call": None, "errors": [{"code": code, "message": message}]}}
    }
    assert partner_state() == before


def test_a_partner_id_is_not_a_call_id(fengshu, office):
    make_call(fengshu, office)
    before = partner_state()
    response = gql(fengshu, office).execute(
        CALL_STEP % "closePartnerCall", {"id": global_id("Partner", 1)}
    )
    assert response["data"]["closePartnerCall"]["errors"] == [
        {"code": "NOT_FOUND", "message": "找不到该 ID 对应的内容。"}
    ]
    assert partner_state() == before
