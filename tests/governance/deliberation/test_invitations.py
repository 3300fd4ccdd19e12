"""Departments (职能部门) invited to a meeting: e-mailed a signed link, they confirm (报到)
without an account, once; a forged, foreign, hazard or expired link is refused and changes
nothing. The same signed links as hazards' referrals (platform/signed_links.py)."""

import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.test import Client

from commonweal.governance.deliberation.models import MeetingInvitation
from commonweal.governance.deliberation.services import invitations
from commonweal.governance.deliberation.services import meetings as meeting_services
from commonweal.governance.deliberation.tasks import email_department_invitation
from commonweal.governance.hazards.services import departments
from commonweal.platform.kernel.errors import DomainError
from tests.fixtures import gql, host_of
from tests.governance.deliberation.fixtures import meeting
from tests.isolation import global_id
from tests.partners.fixtures import in_schema


@pytest.fixture
def housing_bureau(fengshu):
    with in_schema(fengshu):
        return departments.department_create(
            actor=None, name="成华区住建局", email="zhujian@chenghua.example.cn"
        )


@pytest.fixture
def invited(fengshu, council, housing_bureau):
    held = meeting(fengshu, council.staff, kind="council", title="老旧院落改造议事会")
    with in_schema(fengshu):
        meeting_services.meeting_invite(
            actor=council.staff, community=fengshu, meeting=held, departments=[housing_bureau]
        )
        return MeetingInvitation.objects.get(meeting=held, department=housing_bureau)


def _confirm(fengshu, token, note="派两名科员参会"):
    with in_schema(fengshu):
        return invitations.attendance_confirm(community=fengshu, token=token, note=note)


def _token_from_mail(fengshu, invitation):
    mail.outbox.clear()
    email_department_invitation(community_schema=fengshu.schema_name, invitation_id=invitation.pk)
    (message,) = mail.outbox
    return message, message.body.rsplit("/deliberation/confirm/", 1)[1].strip().rstrip("/")


def test_the_department_is_mailed_a_link_that_confirms_once(fengshu, invited):
    message, token = _token_from_mail(fengshu, invited)

    first, created = _confirm(fengshu, token)
    again, created_again = _confirm(fengshu, token, note="再次打开")

    assert message.to == ["zhujian@chenghua.example.cn"]
    assert "老旧院落改造议事会" in message.subject and "成华区住建局" in message.body
    assert (created, created_again) == (True, False)
    with in_schema(fengshu):
        stored = MeetingInvitation.objects.get(pk=invited.pk)
    assert stored.confirmed_at == first.confirmed_at == again.confirmed_at
    assert stored.confirmation_note == "派两名科员参会"


def test_inviting_twice_mails_once(fengshu, council, invited, housing_bureau):
    from procrastinate.contrib.django.models import ProcrastinateJob

    with in_schema(fengshu):
        again = meeting_services.meeting_invite(
            actor=council.staff,
            community=fengshu,
            meeting=invited.meeting,
            departments=[housing_bureau],
        )
    jobs = ProcrastinateJob.objects.filter(task_name__endswith="email_department_invitation")
    assert again == 0
    assert [job.args["invitation_id"] for job in jobs] == [invited.pk]


def test_forged_foreign_and_hazard_links_are_refused_and_nothing_changes(
    fengshu, jiahonglu, invited
):
    with in_schema(fengshu):
        token = invitations.token_for(invited)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    other_salt = signing.dumps({"s": fengshu.schema_name, "i": invited.pk}, salt="other")
    hazard_salt = signing.dumps({"s": fengshu.schema_name, "i": invited.pk}, salt=departments.SALT)
    for bad in (forged, other_salt, hazard_salt, "not-a-token"):
        with pytest.raises(DomainError) as refused:
            _confirm(fengshu, bad)
        assert refused.value.code == "INVALID_LINK"
    with in_schema(jiahonglu), pytest.raises(DomainError) as foreign:
        invitations.attendance_confirm(community=jiahonglu, token=token)
    assert foreign.value.code == "INVALID_LINK"
    with in_schema(fengshu):
        assert MeetingInvitation.objects.get(pk=invited.pk).confirmed_at is None


def test_an_expired_link_is_refused(fengshu, invited):
    with in_schema(fengshu):
        token = invitations.token_for(invited)
    later = time.time() + invitations.LINK_LIFETIME.total_seconds() + 1
    with mock.patch("time.time", return_value=later), pytest.raises(DomainError) as refused:
        _confirm(fengshu, token)
    assert refused.value.code == "LINK_EXPIRED"
    with in_schema(fengshu):
        assert MeetingInvitation.objects.get(pk=invited.pk).confirmed_at is None


def test_the_confirmation_page_without_an_account(fengshu, invited):
    with in_schema(fengshu):
        path = invitations.confirm_path(invited)
    client = Client()

    page = client.get(path, HTTP_HOST=host_of(fengshu))
    refused = client.get(path[:-3] + "xx/", HTTP_HOST=host_of(fengshu))
    client.post(path, {"note": "局长带队参会"}, HTTP_HOST=host_of(fengshu))
    after = client.get(path, HTTP_HOST=host_of(fengshu)).content.decode()

    assert page.status_code == 200 and "老旧院落改造议事会" in page.content.decode()
    assert refused.status_code == 403 and 'id="refused"' in refused.content.decode()
    assert 'id="confirmed"' in after and "局长带队参会" in after
    with in_schema(fengshu):
        assert MeetingInvitation.objects.get(pk=invited.pk).confirmation_note == "局长带队参会"


def test_departments_are_invited_and_confirm_over_graphql(fengshu, council, housing_bureau):
    held = meeting(fengshu, council.staff)
    invite = """mutation($id: ID!, $d: ID!) { inviteToMeeting(id: $id, departmentIds: [$d])
      { invited errors { code } } }"""
    answer = gql(fengshu, council.staff).execute(
        invite,
        {
            "id": global_id("Meeting", held.pk),
            "d": global_id("HazardDepartment", housing_bureau.pk),
        },
    )
    assert answer == {"data": {"inviteToMeeting": {"invited": 1, "errors": []}}}
    with in_schema(fengshu):
        token = invitations.token_for(MeetingInvitation.objects.get(meeting=held))
    confirm = """mutation($t: String!) { confirmMeetingAttendance(token: $t, note: "参会")
      { meetingTitle firstTime errors { code } } }"""
    assert gql(fengshu).execute(confirm, {"t": token}) == {
        "data": {
            "confirmMeetingAttendance": {
                "meetingTitle": held.title,
                "firstTime": True,
                "errors": [],
            }
        }
    }
    assert gql(fengshu).execute(confirm, {"t": token + "x"}) == {
        "data": {
            "confirmMeetingAttendance": {
                "meetingTitle": None,
                "firstTime": None,
                "errors": [{"code": "INVALID_LINK"}],
            }
        }
    }
    office = gql(fengshu, council.staff).execute(
        """query($id: ID!) { meeting(id: $id) { invitations { name kind confirmationNote } } }""",
        {"id": global_id("Meeting", held.pk)},
    )
    assert office["data"]["meeting"]["invitations"] == [
        {"name": "成华区住建局", "kind": "DEPARTMENT", "confirmationNote": "参会"}
    ]


def test_invited_departments_are_mailed_agenda_changes_and_not_others(
    fengshu, council, invited, housing_bureau
):
    from procrastinate.contrib.django.models import ProcrastinateJob

    from commonweal.governance.deliberation.tasks import email_invited_departments
    from tests.governance.deliberation.fixtures import open_item

    # given a second meeting the bureau is not invited to
    other = meeting(fengshu, council.staff, kind="council", title="另一场议事会")
    with in_schema(fengshu):
        held = invited.meeting

    # when an item is added to each meeting's agenda
    open_item(fengshu, council.staff, held, title="加装电梯的分摊方案")
    open_item(fengshu, council.staff, other, title="与住建局无关的议题")

    # then one job tells the departments of the first meeting only, and its mail says what
    jobs = ProcrastinateJob.objects.filter(task_name__endswith="email_invited_departments")
    assert [job.args["meeting_id"] for job in jobs] == [held.pk]
    mail.outbox.clear()
    email_invited_departments(**jobs.get().args)
    (message,) = mail.outbox
    assert message.to == ["zhujian@chenghua.example.cn"]
    assert "加装电梯的分摊方案" in message.subject and "老旧院落改造议事会" in message.subject
    assert message.body.endswith(held.path) and "成华区住建局" in message.body
