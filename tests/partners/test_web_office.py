"""The workbench (工作台): queues with counts that are links, decisions on applications, and
who may see any of it."""

import pytest
from django.db import connection
from django.test import Client

from commonweal.partners.models import Partnership, PartnershipStatus, PartnershipTransition
from commonweal.platform.kernel.roles import Role
from tests.fixtures import host_of, make_member
from tests.partners.fixtures import (
    add_commitment,
    get_page,
    in_schema,
    make_partnership,
    partner_state,
)

S = PartnershipStatus


def _post(community, path, data, user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.post(path, data, HTTP_HOST=host_of(community))
    connection.set_schema_to_public()
    return response


def test_the_workbench_counts_link_to_their_queues(fengshu, office):
    # given two applications, one approved partnership and an active one with a late commitment
    make_partnership(fengshu, S.APPLIED, office=office)
    make_partnership(fengshu, S.UNDER_REVIEW, office=office)
    make_partnership(fengshu, S.APPROVED, office=office)
    active = make_partnership(fengshu, office=office)
    with in_schema(fengshu):
        add_commitment(active, due_in_days=-3, title="逾期的义剪")

    # when staff open the workbench
    page = get_page(fengshu, "/workbench/", office).content.decode()

    # then each queue is a link with its count
    assert (
        '<a href="/workbench/partners/" class="queue" data-queue="partner-applications"><b>2</b>'
        in page
    )
    assert (
        '<a href="/workbench/partners/overdue/" class="queue" '
        'data-queue="overdue-commitments"><b>1</b>'
    ) in page
    overdue = get_page(fengshu, "/workbench/partners/overdue/", office).content.decode()
    assert "逾期的义剪" in overdue
    # and the dashboard's cards lead to the same queues
    dashboard = get_page(fengshu, "/partners/dashboard/", office).content.decode()
    assert '<a class="card" id="to-review" href="/workbench/partners/"><b>2</b>' in dashboard
    assert '<a class="card" id="overdue" href="/workbench/partners/overdue/"><b>1</b>' in dashboard


def test_staff_approve_then_activate_from_the_workbench(fengshu, office):
    # given an application nobody has looked at yet
    partnership = make_partnership(fengshu, S.APPLIED, office=office)

    # when staff approve it and then activate it
    approved = _post(
        fengshu, f"/workbench/partners/{partnership.pk}/", {"decision": "approve"}, office
    )
    activated = _post(
        fengshu,
        f"/workbench/partners/{partnership.pk}/",
        {"decision": "activate", "reason": "协议已签"},
        office,
    )

    # then the review, the approval and the activation are recorded as theirs
    with in_schema(fengshu):
        partnership.refresh_from_db()
        moves = list(
            PartnershipTransition.objects.filter(partnership=partnership)
            .order_by("at", "pk")
            .values_list("from_status", "to_status", "actor", "reason")[1:]
        )
    assert (approved.status_code, activated.status_code, partnership.status) == (
        302,
        302,
        S.ACTIVE,
    )
    assert moves == [
        (S.APPLIED, S.UNDER_REVIEW, office.pk, ""),
        (S.UNDER_REVIEW, S.APPROVED, office.pk, ""),
        (S.APPROVED, S.ACTIVE, office.pk, "协议已签"),
    ]


def test_rejecting_needs_a_reason_and_changes_nothing_without_one(fengshu, office):
    partnership = make_partnership(fengshu, S.UNDER_REVIEW, office=office)
    before = partner_state()

    response = _post(
        fengshu, f"/workbench/partners/{partnership.pk}/", {"decision": "reject"}, office
    )

    assert response.status_code == 200
    assert '<ul class="errorlist" id="id_reason_error"><li>请填写原因。</li></ul>' in (
        response.content.decode()
    )
    assert partner_state() == before


def test_a_decision_the_status_does_not_allow_is_refused(fengshu, office):
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
    before = partner_state()
    response = _post(
        fengshu, f"/workbench/partners/{partnership.pk}/", {"decision": "approve"}, office
    )
    assert response.status_code == 200
    assert partner_state() == before


WORKBENCH_PAGES = [
    "/workbench/",
    "/workbench/partners/",
    "/workbench/partners/?queue=waiting",
    "/workbench/partners/overdue/",
]


@pytest.mark.parametrize(
    "who", ["other community's staff", "other community's admin", "resident", "partner"]
)
def test_the_workbench_of_a_community_is_refused_to_everyone_but_its_office(
    fengshu, jiahonglu, office, who
):
    # given an application in Fengshu and people who are not Fengshu's office
    partnership = make_partnership(fengshu, S.APPLIED, office=office)
    people = {
        "other community's staff": make_member(jiahonglu, Role.STAFF),
        "other community's admin": make_member(jiahonglu, Role.ADMIN),
        "resident": make_member(fengshu, Role.RESIDENT),
        "partner": make_partnership(fengshu, office=office).organisation.representatives.get().user,
    }
    user = people[who]
    before = partner_state()

    # when they open every workbench page and try every decision
    pages = [*WORKBENCH_PAGES, f"/workbench/partners/{partnership.pk}/"]
    reads = {path: get_page(fengshu, path, user).status_code for path in pages}
    writes = {
        decision: _post(
            fengshu,
            f"/workbench/partners/{partnership.pk}/",
            {"decision": decision, "reason": "越权"},
            user,
        ).status_code
        for decision in ("approve", "reject", "request_information", "activate")
    }

    # then every answer is 403, nothing of the application shows, and nothing changed
    assert set(reads.values()) == {403}
    assert set(writes.values()) == {403}
    assert partner_state() == before
    with in_schema(fengshu):
        assert Partnership.objects.get(pk=partnership.pk).status == S.APPLIED


def test_a_visitor_is_sent_to_sign_in(fengshu, office):
    partnership = make_partnership(fengshu, S.APPLIED, office=office)
    before = partner_state()
    for path in [*WORKBENCH_PAGES, f"/workbench/partners/{partnership.pk}/"]:
        response = get_page(fengshu, path)
        assert (response.status_code, response["Location"].split("?")[0]) == (302, "/login/")
    response = _post(fengshu, f"/workbench/partners/{partnership.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    assert partner_state() == before


def test_staff_of_another_community_cannot_reach_this_one_by_id(fengshu, jiahonglu):
    # given an application in Fengshu, and Jiahonglu's staff on their own host
    fengshu_staff = make_member(fengshu, Role.STAFF)
    partnership = make_partnership(fengshu, S.APPLIED, office=fengshu_staff)
    jiahonglu_staff = make_member(jiahonglu, Role.STAFF)
    before = partner_state()

    # when they use Fengshu's application id on Jiahonglu's workbench
    read = get_page(jiahonglu, f"/workbench/partners/{partnership.pk}/", jiahonglu_staff)
    write = _post(
        jiahonglu,
        f"/workbench/partners/{partnership.pk}/",
        {"decision": "approve"},
        jiahonglu_staff,
    )

    # then there is no such application there, and nothing changed anywhere
    assert (read.status_code, write.status_code) == (404, 404)
    assert partner_state() == before


def _applications(community, count, offset):
    from django.utils import timezone

    from commonweal.partners.registry.models import PartnerOrganisation
    from tests.partners.fixtures import new_code

    now = timezone.now()
    organisations = PartnerOrganisation.objects.bulk_create(
        PartnerOrganisation(
            kind="enterprise", legal_name=f"申请{offset + i}", credit_code=new_code()
        )
        for i in range(count)
    )
    with in_schema(community):
        Partnership.objects.bulk_create(
            Partnership(organisation=o, status=S.APPLIED, applied_at=now, status_changed_at=now)
            for o in organisations
        )


def _statements(community, user, path):
    from tests.fixtures import StatementsRun

    client = Client()
    client.force_login(user)
    with StatementsRun(connection) as run:
        response = client.get(path, HTTP_HOST=host_of(community))
    connection.set_schema_to_public()
    return response.content.decode(), len(run)


def test_the_queue_pages_cost_the_same_at_10_and_200_applications(fengshu, office):
    # given 10 applications
    _applications(fengshu, 10, 0)
    page, at_10 = _statements(fengshu, office, "/workbench/partners/")
    home, home_at_10 = _statements(fengshu, office, "/workbench/")
    assert page.count('<a class="row" href="/workbench/partners/') == 10
    assert 'data-queue="partner-applications"><b>10</b>' in home

    # when there are 200
    _applications(fengshu, 190, 10)
    page, at_200 = _statements(fengshu, office, "/workbench/partners/")
    home, home_at_200 = _statements(fengshu, office, "/workbench/")

    # then both pages ran the same statements
    assert page.count('<a class="row" href="/workbench/partners/') == 200
    assert 'data-queue="partner-applications"><b>200</b>' in home
    assert (at_10, home_at_10) == (at_200, home_at_200) == _expected_statements()


def _expected_statements():
    # The list: session, user, roles, the closing-community banner's check, the queue counts
    # (one) and the rows; the workbench: the same five fixed statements and one COUNT per
    # queue any app registered (partners, time bank, needs, … each add theirs, so the figure
    # follows the registry rather than a constant).
    from commonweal.web.registry import _queues

    return (7, 5 + len(_queues))


def test_staff_reach_the_workbench_from_me_and_others_do_not_see_it(fengshu, jiahonglu, office):
    # given Fengshu's staff, a resident, another community's staff and a representative
    representative = make_partnership(fengshu, office=office).organisation.representatives
    representative = representative.get().user
    resident = make_member(fengshu, Role.RESIDENT)
    outsider = make_member(jiahonglu, Role.STAFF)

    def me(user):
        return get_page(fengshu, "/me/", user).content.decode()

    # then only the office finds 工作台 under 我的, and the representative finds 我的合伙
    link = '<a class="row" href="/workbench/">'
    assert link in me(office)
    assert link not in me(resident) and link not in me(outsider)
    assert '<a class="row" href="/partners/mine/">' in me(representative)
    assert '<a class="row" href="/partners/mine/">' not in me(resident)
    # and 我的合伙 forwards to the platform host, where it spans communities
    forward = get_page(fengshu, "/partners/mine/", representative)
    assert (forward.status_code, forward["Location"]) == (302, "http://localhost/my/partners/")
