"""The admins' partner pages, through the Django test client. The community admin's actions
call the same services as GraphQL, so transitions are recorded and representatives notified;
the platform admin's organisation page shows representatives without changing them."""

import pytest
from django.contrib.admin import helpers
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client

from commonweal.partners.models import PartnerCall, Partnership, PartnershipStatus
from commonweal.partners.registry.models import PartnerRepresentative
from commonweal.platform.kernel.roles import Role
from commonweal.platform.notifications.models import Notification
from commonweal.search.models import SearchDocument
from tests.fixtures import host_of, make_member, make_user
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


def _organisation_form(organisation, **changes) -> dict:
    fields = (
        "kind",
        "legal_name",
        "credit_code",
        "logo_url",
        "description",
        "website",
        "contact_name",
        "contact_phone",
        "contact_email",
        "registered_by",
    )
    data = {
        name: getattr(organisation, name if name != "registered_by" else "registered_by_id")
        for name in fields
    }
    return {**data, **changes}


def test_the_platform_admin_cannot_add_or_remove_representatives(platform_admin, fengshu, office):
    # given an organisation active in Fengshu whose founder is its only representative, an
    # account that does not represent it, and the platform admin on the platform host
    organisation = make_partnership(fengshu, S.ACTIVE, office=office).organisation
    founder_link = organisation.representatives.get()
    stranger = make_user(name="陌生人")
    client = Client()
    client.force_login(platform_admin)
    url = f"/admin/partner_registry/partnerorganisation/{organisation.pk}/change/"
    representatives = list(PartnerRepresentative.objects.order_by("pk").values())
    notifications = list(Notification.objects.order_by("pk").values())

    # when the admin opens the organisation, then posts it with a new description, the
    # founder marked for deletion and the stranger added in the representatives' rows
    page = client.get(url, HTTP_HOST=host_of(None)).content.decode()
    response = client.post(
        url,
        {
            **_organisation_form(organisation, description="新的介绍"),
            "representatives-TOTAL_FORMS": "2",
            "representatives-INITIAL_FORMS": "1",
            "representatives-MIN_NUM_FORMS": "0",
            "representatives-MAX_NUM_FORMS": "1000",
            "representatives-0-id": founder_link.pk,
            "representatives-0-organisation": organisation.pk,
            "representatives-0-DELETE": "on",
            "representatives-1-organisation": organisation.pk,
            "representatives-1-user": stranger.pk,
        },
        HTTP_HOST=host_of(None),
    )

    # then the page shows the representative with nothing to change, add or delete ...
    assert (
        founder_link.user.display_name in page,
        'name="representatives-0-DELETE"' in page,
        'name="representatives-0-user"' in page,
        'name="representatives-__prefix__-user"' in page,
    ) == (True, False, False, False)
    # ... the profile is saved, with the partner's search document in Fengshu ...
    assert (response.status_code, response["Location"]) == (
        302,
        "/admin/partner_registry/partnerorganisation/",
    )
    document = SearchDocument.objects.get(community=fengshu, kind="partner")
    assert (document.visible, document.body) == (True, "新的介绍\n家电维修 公益维修日")
    # ... and the representatives are exactly as before, and nobody was told anything
    assert list(PartnerRepresentative.objects.order_by("pk").values()) == representatives
    assert list(Notification.objects.order_by("pk").values()) == notifications


def test_the_platform_admin_cannot_delete_an_organisation(platform_admin, fengshu, office):
    organisation = make_partnership(fengshu, S.ACTIVE, office=office).organisation
    client = Client()
    client.force_login(platform_admin)
    before = partner_state()

    response = client.post(
        f"/admin/partner_registry/partnerorganisation/{organisation.pk}/delete/",
        {"post": "yes"},
        HTTP_HOST=host_of(None),
    )

    assert response.status_code == 403
    assert partner_state() == before
