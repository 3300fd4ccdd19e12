"""The community admin's partner actions, through the Django test client: the same services
as GraphQL, so transitions are recorded and representatives notified."""

import pytest
from django.contrib.admin import helpers
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client

from commonweal.partners.models import PartnerCall, Partnership, PartnershipStatus
from commonweal.platform.accounts.roles import Role
from commonweal.platform.notifications.models import Notification
from tests.fixtures import host_of, make_member
from tests.partners.fixtures import in_schema, make_call, make_partnership, partner_state

S = PartnershipStatus
PARTNERSHIPS = "/admin/partners/partnership/"


def _post(community, user, path, data):
    """POST to the community admin; returns the response and the messages it queued."""
    client = Client()
    client.force_login(user)
    response = client.post(path, data, HTTP_HOST=host_of(community))
    connection.set_schema_to_public()
    return response, [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def _select(action, *objects, **fields):
    return {"action": action, helpers.ACTION_CHECKBOX_NAME: [o.pk for o in objects], **fields}


def _status_and_history(community, partnership):
    with in_schema(community):
        partnership = Partnership.objects.get(pk=partnership.pk)
        history = list(
            partnership.transitions.order_by("at", "pk").values_list(
                "from_status", "to_status", "actor__display_name", "reason"
            )
        )
    return partnership.status, partnership.status_reason, history[-1]


@pytest.mark.parametrize(
    ("action", "start", "end", "label"),
    [
        ("partnership_reject", S.UNDER_REVIEW, S.REJECTED, "已驳回"),
        ("partnership_suspend", S.ACTIVE, S.SUSPENDED, "已暂停"),
    ],
)
def test_staff_give_a_reason_on_an_intermediate_page(fengshu, office, action, start, end, label):
    # given a partnership its representative follows
    partnership = make_partnership(fengshu, start, office=office)
    representative = partnership.organisation.representatives.get().user
    name = partnership.organisation.legal_name

    # when staff choose the action, the admin asks for the reason first
    asked, asked_messages = _post(fengshu, office, PARTNERSHIPS, _select(action, partnership))
    page = asked.content.decode()
    assert (asked.status_code, asked_messages) == (200, [])
    assert (name in page, 'name="reason"' in page, "不，返回" in page) == (True, True, True)
    assert _status_and_history(fengshu, partnership)[0] == start

    # and when they post it with the reason
    done, done_messages = _post(
        fengshu,
        office,
        PARTNERSHIPS,
        _select(action, partnership, confirmed="yes", reason=" 连续两月未履约 "),
    )

    # then the move is made and recorded like any other, and the representative is told why
    assert (done.status_code, done["Location"]) == (302, PARTNERSHIPS)
    assert done_messages == [("success", "总共 1 个 合伙关系 变更成功。")]
    assert _status_and_history(fengshu, partnership) == (
        end,
        "连续两月未履约",
        (start, end, "社工小李", "连续两月未履约"),
    )
    notice = Notification.objects.filter(user=representative).latest("pk")
    assert (notice.kind, notice.body) == (
        f"partnership.{end}",
        f"枫树社区的{name}当前状态：{label}。\n原因：连续两月未履约",
    )


def test_without_a_reason_the_page_asks_again_and_nothing_changes(fengshu, office):
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
    before = partner_state()
    response, queued = _post(
        fengshu,
        office,
        PARTNERSHIPS,
        _select("partnership_suspend", partnership, confirmed="yes", reason=""),
    )
    assert (response.status_code, queued) == (200, [])
    assert "这个字段是必填项。" in response.content.decode()
    assert partner_state() == before


def test_a_refused_transition_says_why_and_leaves_that_partnership_alone(fengshu, office):
    # given an active partnership and an application
    active = make_partnership(fengshu, S.ACTIVE, office=office)
    applied = make_partnership(fengshu, S.APPLIED, office=office)
    with in_schema(fengshu):
        applied_before = list(Partnership.objects.filter(pk=applied.pk).values())
        applied_history = list(applied.transitions.values())
    notices = Notification.objects.filter(user=applied.organisation.representatives.get().user)
    notices_before = list(notices.values())

    # when staff suspend both with a reason
    response, queued = _post(
        fengshu,
        office,
        PARTNERSHIPS,
        _select("partnership_suspend", active, applied, confirmed="yes", reason="整改"),
    )

    # then the active one is suspended; the application is named with the refusal and
    # nothing of it changed
    assert response.status_code == 302
    assert sorted(queued) == [
        ("error", f"{applied}: 状态为“已申请”的合伙关系不能这样变更。"),
        ("success", "总共 1 个 合伙关系 变更成功。"),
    ]
    assert _status_and_history(fengshu, active)[0] == S.SUSPENDED
    with in_schema(fengshu):
        assert list(Partnership.objects.filter(pk=applied.pk).values()) == applied_before
        assert list(applied.transitions.values()) == applied_history
    assert list(notices.values()) == notices_before


def test_residents_cannot_use_the_admin_actions(fengshu, office):
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
    resident = make_member(fengshu, Role.RESIDENT)
    before = partner_state()
    response, _queued = _post(
        fengshu,
        resident,
        PARTNERSHIPS,
        _select("partnership_suspend", partnership, confirmed="yes", reason="整改"),
    )
    assert (response.status_code, response["Location"]) == (
        302,
        f"/admin/login/?next={PARTNERSHIPS}",
    )
    assert partner_state() == before


def test_staff_close_a_call_in_the_admin(fengshu, office):
    call = make_call(fengshu, office)
    response, queued = _post(
        fengshu, office, "/admin/partners/partnercall/", _select("call_close", call)
    )
    assert (response.status_code, queued) == (302, [("success", "总共 1 个 合伙人招募 变更成功。")])
    with in_schema(fengshu):
        assert PartnerCall.objects.get(pk=call.pk).closed_at is not None
