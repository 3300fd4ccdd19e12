"""The needs pages as residents, staff and partners use them; writes go through the services
and a refused or foreign request changes nothing."""

from django.test import Client

from commonweal.governance.needs.models import Need, NeedStatus, NeedSupport, Project, TaskResponse
from commonweal.platform.kernel.roles import Role
from tests.fixtures import host_of, make_member
from tests.governance.needs.fixtures import (
    SQUARE,
    chosen_project,
    need_in,
    published_task,
    raise_need,
)
from tests.isolation import database_state
from tests.partners.fixtures import in_schema


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _get(community, path, user=None):
    return _client(user).get(path, HTTP_HOST=host_of(community))


def _post(community, path, data, user=None):
    return _client(user).post(path, data, HTTP_HOST=host_of(community))


def test_the_board_lists_public_needs_with_names_not_codes(fengshu, people):
    need_in(fengshu, NeedStatus.ACCEPTED, people, title="广场缺少座椅")
    need_in(fengshu, NeedStatus.SUBMITTED, people, title="还没受理的需求")
    page = _get(fengshu, "/needs/").content.decode()
    assert "广场缺少座椅" in page and "还没受理的需求" not in page
    assert "公共设施" in page and "facilities" not in page
    assert "已纳入清单" in page
    assert "居民张伟" not in page


def test_a_resident_raises_a_need_and_sees_it(fengshu, people):
    response = _post(
        fengshu,
        "/needs/new/",
        {
            "title": "楼道灯不亮",
            "description": "三单元二楼楼道灯坏了一周",
            "category": "facilities",
            "place": "海棠佳苑3单元",
        },
        people.resident,
    )
    with in_schema(fengshu):
        need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/needs/{need.pk}/"
    assert (need.title, need.status, need.raised_by_id) == (
        "楼道灯不亮",
        NeedStatus.SUBMITTED,
        people.resident.pk,
    )
    page = _get(fengshu, need.path, people.resident).content.decode()
    assert "楼道灯不亮" in page and "您提出的" in page


def test_a_likely_duplicate_is_offered_before_raising_and_me_too_counts(fengshu, people):
    existing = need_in(fengshu, NeedStatus.ACCEPTED, people, title="广场座椅坏了")
    form = {
        "title": "广场的座椅坏了",
        "description": "座椅坏了",
        "category": "facilities",
        "lat": SQUARE[0],
        "lng": SQUARE[1],
        "system": "gcj02",
    }
    shown = _post(fengshu, "/needs/new/", form, people.neighbour)
    assert shown.status_code == 200
    assert "广场座椅坏了" in shown.content.decode()
    with in_schema(fengshu):
        assert Need.objects.count() == 1
    seconded = _post(fengshu, f"{existing.path}second/", {}, people.neighbour)
    assert seconded.status_code == 302
    with in_schema(fengshu):
        assert Need.objects.get(pk=existing.pk).support_count == 1
    # raising it anyway after seeing them is possible
    _post(fengshu, "/needs/new/", {**form, "confirmed": "on"}, people.neighbour)
    with in_schema(fengshu):
        assert Need.objects.count() == 2


def test_staff_triage_from_the_page(fengshu, people):
    need = raise_need(fengshu, people.resident)
    _post(fengshu, f"{need.path}accept/", {}, people.staff)
    with in_schema(fengshu):
        assert Need.objects.get(pk=need.pk).status == NeedStatus.ACCEPTED
    refused = _post(fengshu, f"{need.path}decline/", {"reason": ""}, people.staff)
    assert refused.status_code == 302
    with in_schema(fengshu):
        assert Need.objects.get(pk=need.pk).status == NeedStatus.ACCEPTED


def test_a_resident_cannot_triage_and_nothing_changes(fengshu, people):
    need = raise_need(fengshu, people.resident)
    before = database_state()
    response = _post(fengshu, f"{need.path}accept/", {}, people.neighbour)
    assert response.status_code == 403
    assert database_state() == before


def test_another_communitys_staff_gets_nothing_and_changes_nothing(fengshu, jiahonglu, people):
    need = raise_need(fengshu, people.resident)
    outsider = make_member(jiahonglu, Role.STAFF, name="佳宏路社工")
    before = database_state()
    assert _post(fengshu, f"{need.path}accept/", {}, outsider).status_code == 403
    assert _get(fengshu, need.path, outsider).status_code == 404  # not public yet
    assert _post(fengshu, f"{need.path}second/", {}, outsider).status_code == 403
    assert database_state() == before


def test_a_partner_responds_staff_choose_and_the_project_starts(fengshu, people):
    task = published_task(fengshu, people)
    page = _get(fengshu, task.path, people.representative).content.decode()
    assert "承接" in page and "四川佳宏物业" in page and "红旗连锁" not in page
    _post(
        fengshu,
        task.path,
        {"partner": people.partner.pk, "offer": "免费安装座椅"},
        people.representative,
    )
    # a representative may not answer for another organisation
    other = _post(
        fengshu,
        task.path,
        {"partner": people.other_partner.pk, "offer": "冒名"},
        people.representative,
    )
    assert other.status_code == 302
    with in_schema(fengshu):
        response = TaskResponse.objects.get()
    assert (response.partnership_id, response.offer) == (people.partner.pk, "免费安装座椅")
    chosen = _post(fengshu, f"{task.path}choose/", {"response": [response.pk]}, people.staff)
    with in_schema(fengshu):
        project = Project.objects.get()
    assert chosen["Location"] == project.path
    assert "免费安装座椅" not in _get(fengshu, task.path, people.neighbour).content.decode()


def test_only_the_people_behind_a_resolved_need_can_rate_it_on_the_page(fengshu, people):
    need = need_in(fengshu, NeedStatus.RESOLVED, people)
    assert "满意度" in _get(fengshu, need.path, people.resident).content.decode()
    assert "满意度" not in _get(fengshu, need.path, people.neighbour).content.decode()
    _post(fengshu, f"{need.path}rate/", {"score": "4", "comment": "不错"}, people.resident)
    with in_schema(fengshu):
        assert list(Need.objects.get(pk=need.pk).ratings.values_list("score", flat=True)) == [4]
        assert NeedSupport.objects.count() == 0


def test_the_partner_adds_a_step_and_marks_it_done_and_others_cannot(fengshu, people):
    project = chosen_project(fengshu, people)
    steps = f"{project.path}steps/"
    # the chosen partner's representative adds a step from the project's page
    page = _get(fengshu, project.path, people.representative).content.decode()
    assert 'id="add-step"' in page and "添加步骤" in page
    added = _post(
        fengshu, steps, {"title": "采购座椅", "due_on": "2026-12-20"}, people.representative
    )
    assert added.status_code == 302 and added["Location"] == project.path
    with in_schema(fengshu):
        step = project.milestones.get()
    assert (step.title, str(step.due_on), step.done_at) == ("采购座椅", "2026-12-20", None)
    # a step without a date is refused in words and nothing is added
    refused = _client(people.representative).post(
        steps, {"title": "安装"}, HTTP_HOST=host_of(fengshu), follow=True
    )
    assert "这个字段是必填项。" in refused.content.decode()
    # another partner's representative and a resident can neither add nor finish steps
    before = database_state()
    for outsider in (people.other_representative, people.resident):
        assert (
            _post(fengshu, steps, {"title": "冒名", "due_on": "2026-12-21"}, outsider).status_code
            == 404
        )
        assert _post(fengshu, f"{steps}{step.pk}/done/", {}, outsider).status_code == 404
    assert _get(fengshu, project.path, people.resident).content.decode().count('id="add-step"') == 0
    assert database_state() == before
    # staff mark it done
    _post(fengshu, f"{steps}{step.pk}/done/", {}, people.staff)
    with in_schema(fengshu):
        step.refresh_from_db()
    assert step.done_at is not None
    page = _get(fengshu, project.path).content.decode()
    row = page[page.index('<li class="step">') :]
    assert "采购座椅" in row[: row.index("</li>")] and "完成" in row[: row.index("</li>")]


def test_a_need_placed_by_gps_or_on_the_map_is_stored_in_gcj02(fengshu, people):
    from commonweal.welfaremap.coordinates import to_gcj02

    form = _get(fengshu, "/needs/new/", people.resident).content.decode()
    assert 'class="map-picker"' in form and "在地图上的位置" in form
    # the phone's GPS (WGS-84), as the picker's "use my location" or OSM tiles write it
    _post(
        fengshu,
        "/needs/new/",
        {
            "title": "路灯不亮",
            "description": "广场东侧路灯坏了",
            "category": "facilities",
            "lat": "30.600000",
            "lng": "104.100000",
            "system": "wgs84",
            "confirmed": "1",
        },
        people.resident,
    )
    with in_schema(fengshu):
        need = Need.objects.get(title="路灯不亮")
    expected = to_gcj02(30.6, 104.1, "wgs84")
    assert (round(need.lat, 6), round(need.lng, 6)) == (
        round(expected[0], 6),
        round(expected[1], 6),
    )
    assert need.lat != 30.6  # converted, not stored as typed


def test_staff_cancel_a_project_with_a_published_reason_and_others_cannot(fengshu, people):
    project = chosen_project(fengshu, people)
    cancel = f"{project.path}cancel/"
    # only staff see the cancel form
    assert 'id="cancel-project"' in _get(fengshu, project.path, people.staff).content.decode()
    assert (
        'id="cancel-project"'
        not in _get(fengshu, project.path, people.representative).content.decode()
    )
    # the partner's representative and a resident are refused and nothing changes
    before = database_state()
    for outsider in (people.representative, people.resident):
        assert _post(fengshu, cancel, {"reason": "冒名取消"}, outsider).status_code == 403
    # staff without a reason are told so, and nothing changes
    refused = _client(people.staff).post(
        cancel, {"reason": " "}, HTTP_HOST=host_of(fengshu), follow=True
    )
    assert "请填写原因。" in refused.content.decode()
    assert database_state() == before
    # with a reason the project is cancelled and the reason is public
    _post(fengshu, cancel, {"reason": "场地无法落实"}, people.staff)
    with in_schema(fengshu):
        project.refresh_from_db()
    assert project.status == "cancelled"
    page = _get(fengshu, project.path).content.decode()
    assert "取消原因：场地无法落实" in page.replace(": ", "：")
    assert 'id="cancel-project"' not in _get(fengshu, project.path, people.staff).content.decode()


def test_a_need_is_taken_to_deliberation_from_its_page(fengshu, people):
    from commonweal.governance.deliberation.models import Proposal

    need = need_in(fengshu, NeedStatus.ACCEPTED, people, title="广场缺少座椅", place="时间广场")
    # a neighbour sees the way to deliberation on the need's page
    page = _get(fengshu, need.path, people.neighbour).content.decode()
    assert f'href="/deliberation/proposals/new/?need={need.pk}"' in page
    # the proposal form starts from the need
    form = _get(fengshu, f"/deliberation/proposals/new/?need={need.pk}", people.neighbour)
    html = form.content.decode()
    assert 'id="from-need"' in html
    assert 'value="广场缺少座椅"' in html and 'value="时间广场"' in html
    # a need the caller may not see, or no need at all, is not found; nothing is made
    private = need_in(fengshu, NeedStatus.SUBMITTED, people, title="未受理")
    for bad in (str(private.pk), "999999", "x"):
        url = f"/deliberation/proposals/new/?need={bad}"
        assert _get(fengshu, url, people.neighbour).status_code == 404
    # publishing keeps the link to the need
    answer = _post(
        fengshu,
        "/deliberation/proposals/new/",
        {
            "need": need.pk,
            "title": "在时间广场增设座椅",
            "proposal": "请议事会讨论在广场东侧增设六张座椅",
            "scope": "community",
        },
        people.neighbour,
    )
    with in_schema(fengshu):
        made = Proposal.objects.get()
    assert answer.status_code == 302 and answer["Location"] == made.path
    assert (made.need_id, made.title, made.proposed_by_id) == (
        need.pk,
        "在时间广场增设座椅",
        people.neighbour.pk,
    )
