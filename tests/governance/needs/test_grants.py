"""A project names the awarded micro-grant its money moves through: on its page and by API."""

import pytest
from strawberry.relay import to_base64

from commonweal.governance.needs.services import projects as project_services
from commonweal.microfund.models import GrantCall, Proposal, ProposalStatus
from commonweal.platform.kernel.errors import DomainError
from tests.fixtures import gql, host_of
from tests.governance.needs.fixtures import chosen_project
from tests.governance.needs.test_pages import _client, _get, _post
from tests.isolation import database_state
from tests.partners.fixtures import in_schema

LINK = """mutation($id: ID!, $g: ID) { linkNeedsProjectGrant(id: $id, grantId: $g) {
  project { grantTitle grantAmounts } errors { code field } } }"""


def _grant(community, title, status=ProposalStatus.AWARDED, awarded=300000):
    with in_schema(community):
        call = GrantCall.objects.get_or_create(title="微基金第一期", budget=500000)[0]
        return Proposal.objects.create(
            call=call,
            title=title,
            applicant_name="枫树志愿者队",
            requested=awarded,
            awarded=awarded if status == ProposalStatus.AWARDED else 0,
            disbursed=100000 if status == ProposalStatus.AWARDED else 0,
            status=status,
        )


def test_staff_link_an_awarded_grant_on_the_page_and_everyone_sees_it(fengshu, people):
    project = chosen_project(fengshu, people)
    seats = _grant(fengshu, "广场座椅")
    _grant(fengshu, "未获资助的申请", status=ProposalStatus.SUBMITTED)

    # only staff get the form, and it offers awarded grants only
    staff_page = _get(fengshu, project.path, people.staff).content.decode()
    assert 'id="link-grant"' in staff_page and "广场座椅 · ¥3,000.00" in staff_page
    assert "未获资助的申请" not in staff_page
    assert (
        'id="link-grant"' not in _get(fengshu, project.path, people.representative).content.decode()
    )

    # the partner and a resident are refused and nothing changes
    before = database_state()
    for outsider in (people.representative, people.resident):
        assert (
            _post(fengshu, f"{project.path}grant/", {"grant": seats.pk}, outsider).status_code
            == 403
        )
    assert database_state() == before

    # staff link it; the public page names the grant and its figures
    _post(fengshu, f"{project.path}grant/", {"grant": seats.pk}, people.staff)
    with in_schema(fengshu):
        project.refresh_from_db()
    assert project.grant_proposal_id == seats.pk
    public = _get(fengshu, project.path).content.decode()
    assert "广场座椅" in public and "¥3,000.00" in public and "¥1,000.00" in public

    # and can unlink it again
    _post(fengshu, f"{project.path}grant/", {"grant": ""}, people.staff)
    with in_schema(fengshu):
        project.refresh_from_db()
    assert project.grant_proposal_id is None


def test_a_grant_not_awarded_or_already_used_is_refused_and_nothing_changes(fengshu, people):
    project = chosen_project(fengshu, people)
    pending = _grant(fengshu, "还在评审的申请", status=ProposalStatus.SUBMITTED)
    used = _grant(fengshu, "已被使用的资助")
    other = chosen_project(fengshu, people)
    with in_schema(fengshu):
        project_services.project_link_grant(
            actor=people.staff, community=fengshu, project=other, proposal_id=used.pk
        )
    with in_schema(fengshu):
        codes = []
        for proposal in (pending, used):
            with pytest.raises(DomainError) as refused:
                project_services.project_link_grant(
                    actor=people.staff, community=fengshu, project=project, proposal_id=proposal.pk
                )
            codes.append(refused.value.code)
        project.refresh_from_db()
        other.refresh_from_db()
    assert (codes, project.grant_proposal_id, other.grant_proposal_id) == (
        ["GRANT_NOT_AWARDED", "GRANT_IN_USE"],
        None,
        used.pk,
    )
    # the page says so in words
    refused_page = _client(people.staff).post(
        f"{project.path}grant/", {"grant": pending.pk}, HTTP_HOST=host_of(fengshu), follow=True
    )
    assert "只有已获资助的微基金项目可以关联。" in refused_page.content.decode()


def test_linking_over_graphql_and_another_communitys_grant_is_not_found(fengshu, jiahonglu, people):
    project = chosen_project(fengshu, people)
    seats = _grant(fengshu, "广场座椅")
    elsewhere = _grant(jiahonglu, "佳宏路的资助")
    project_id = to_base64("NeedsProject", f"c_fengshu:{project.pk}")
    staff = gql(fengshu, people.staff)

    linked = staff.execute(LINK, {"id": project_id, "g": to_base64("Proposal", seats.pk)})
    foreign = staff.execute(
        LINK, {"id": project_id, "g": to_base64("Proposal", f"c_jiahonglu:{elsewhere.pk}")}
    )
    unlinked = staff.execute(LINK, {"id": project_id, "g": None})

    assert linked["data"]["linkNeedsProjectGrant"] == {
        "project": {"grantTitle": "广场座椅", "grantAmounts": [300000, 100000]},
        "errors": [],
    }
    assert foreign["data"]["linkNeedsProjectGrant"] == {
        "project": None,
        "errors": [{"code": "NOT_FOUND", "field": None}],
    }
    assert unlinked["data"]["linkNeedsProjectGrant"] == {
        "project": {"grantTitle": None, "grantAmounts": None},
        "errors": [],
    }
