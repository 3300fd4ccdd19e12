"""The time bank's pages: the organiser's code screen, 存取平衡 and the export."""

import csv
import io

from commonweal.timebank import codes
from commonweal.timebank.services import checkins
from tests.partners.fixtures import get_page
from tests.timebank.fixtures import in_schema, make_task, signed_up


def _served(tb, **task):
    task = make_task(tb.community, tb.staff, **task)
    signed_up(tb.community, task, tb.volunteer)
    with in_schema(tb.community):
        checkins.check_in(
            community=tb.community, actor=tb.volunteer, code=codes.issue(task, step_seconds=45)
        )
    return task


def test_the_code_screen_shows_a_qr_and_reloads_when_the_code_changes(tb):
    task = make_task(tb.community, tb.staff)
    page = get_page(tb.community, f"/timebank/tasks/{task.pk}/code/", tb.staff)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<meta http-equiv="refresh" content="' in html
    assert 'class="segno"' in html
    assert (
        get_page(tb.community, f"/timebank/tasks/{task.pk}/code/", tb.volunteer).status_code == 404
    )


def test_the_exchange_balance_page_is_the_offices(tb):
    _served(tb, points=50)
    page = get_page(tb.community, "/timebank/exchange/", tb.staff)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "存取平衡" in html
    assert "<td>春熙嬢嬢</td><td>50</td><td>0</td><td>0</td><td>50</td>" in html
    assert get_page(tb.community, "/timebank/exchange/", tb.resident).status_code == 403


def test_the_export_has_the_national_systems_columns(tb):
    _served(tb, title="燃气安全入户", hours="1.5")
    page = get_page(tb.community, "/timebank/exchange/records.csv", tb.staff)
    rows = list(csv.reader(io.StringIO(page.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["姓名", "证件类型", "证件号码"]
    assert len(rows) == 2
    name, _kind, _id, _phone, project, category, _day, _start, _end, hours, team = rows[1]
    assert (name, project, category, hours, team) == (
        "王秀英",
        "燃气安全入户",
        "环境整治",
        "1.50",
        "春熙嬢嬢",
    )
    assert get_page(tb.community, "/timebank/exchange/records.csv", tb.volunteer).status_code == 403


def _post(community, path, data, user):
    from django.db import connection
    from django.test import Client

    from tests.fixtures import host_of

    client = Client()
    client.force_login(user)
    response = client.post(path, data, HTTP_HOST=host_of(community), follow=True)
    connection.set_schema_to_public()
    return response


def test_a_volunteer_changes_their_details_on_their_page(tb):
    from commonweal.timebank.models import VolunteerProfile

    page = get_page(tb.community, "/timebank/me/", tb.volunteer).content.decode()
    assert 'id="edit-profile"' in page and 'value="王秀英"' in page

    # the volunteer moves team, lists skills and joins the leaderboard
    answer = _post(
        tb.community,
        "/timebank/me/profile/",
        {
            "real_name": "王秀英",
            "team": str(tb.other_team.pk),
            "skills": "理发，陪诊, 理发",
            "on_leaderboard": "1",
        },
        tb.volunteer,
    )
    assert "志愿者信息已保存。" in answer.content.decode()
    with in_schema(tb.community):
        profile = VolunteerProfile.objects.get(user=tb.volunteer)
    assert (profile.team_id, profile.skills, profile.on_leaderboard) == (
        tb.other_team.pk,
        ["理发", "陪诊"],
        True,
    )

    # a skill over 30 characters is refused in words and nothing changes
    answer = _post(tb.community, "/timebank/me/profile/", {"skills": "长" * 31}, tb.volunteer)
    assert "每项技能最多30个字。" in answer.content.decode()
    with in_schema(tb.community):
        assert VolunteerProfile.objects.get(user=tb.volunteer).skills == ["理发", "陪诊"]

    # someone who is not a volunteer is told to register first
    answer = _post(tb.community, "/timebank/me/profile/", {"skills": "理发"}, tb.resident)
    assert "请先注册成为志愿者(一键注册)。" in answer.content.decode()
