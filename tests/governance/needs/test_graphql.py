"""Needs over GraphQL, as residents, staff and a partner use them, and what lists cost."""

from datetime import timedelta

from django.utils import timezone

from commonweal.governance.needs.models import Need, NeedStatus, Project, TaskStatus
from tests.fixtures import StatementsRun, gql
from tests.governance.needs.fixtures import SQUARE, need_in, raise_need
from tests.isolation import global_id, issued_id
from tests.partners.fixtures import in_schema

RAISE = """mutation($input: NeedInput!) { raiseNeed(input: $input) {
  need { id title status category supportCount raisedByYou } errors { code field message } } }"""


def _ok(response, name):
    assert "errors" not in response, response
    payload = response["data"][name]
    assert payload["errors"] == [], payload["errors"]
    return payload


def test_from_a_residents_need_to_a_rated_project(fengshu, people):
    resident, staff, rep = (
        gql(fengshu, people.resident),
        gql(fengshu, people.staff),
        gql(fengshu, people.representative),
    )
    # a resident raises a need on the time-bank square
    need = _ok(
        resident.execute(
            RAISE,
            {
                "input": {
                    "title": "时间银行广场缺少座椅",
                    "description": "老人在广场休息没有地方坐",
                    "category": "FACILITIES",
                    "place": "时间广场",
                    "lat": SQUARE[0],
                    "lng": SQUARE[1],
                }
            },
        ),
        "raiseNeed",
    )["need"]
    assert (need["status"], need["raisedByYou"], need["supportCount"]) == ("SUBMITTED", True, 0)
    second = "mutation($id: ID!) { secondNeed(id: $id) { need { supportCount } errors { code } } }"
    neighbour = gql(fengshu, people.neighbour)
    # a neighbour cannot find it before staff accept it onto the public list
    hidden = neighbour.execute(second, {"id": need["id"]})
    assert hidden["data"]["secondNeed"] == {"need": None, "errors": [{"code": "NOT_FOUND"}]}
    # staff accept it
    accepted = staff.execute(
        "mutation($id: ID!) { acceptNeed(id: $id) { need { status } errors { code } } }",
        {"id": need["id"]},
    )
    assert _ok(accepted, "acceptNeed")["need"] == {"status": "ACCEPTED"}
    # then the neighbour seconds it
    assert _ok(neighbour.execute(second, {"id": need["id"]}), "secondNeed")["need"] == {
        "supportCount": 1
    }
    # and staff publish a task from it
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    task = _ok(
        staff.execute(
            "mutation($input: NeedsTaskInput!) { createNeedsTask(input: $input) {"
            " task { id status category place needs { id } } errors { code field } } }",
            {
                "input": {
                    "needIds": [need["id"]],
                    "title": "为时间广场安装座椅",
                    "description": "安装 4 张户外座椅",
                    "dueOn": due,
                    "budget": 300000,
                }
            },
        ),
        "createNeedsTask",
    )["task"]
    assert task["status"] == "DRAFT"
    assert (task["category"], task["place"], task["needs"]) == (
        "FACILITIES",
        "时间广场",
        [{"id": need["id"]}],
    )
    published = staff.execute(
        "mutation($id: ID!) { publishNeedsTask(id: $id) { task { status } errors { code } } }",
        {"id": task["id"]},
    )
    assert _ok(published, "publishNeedsTask")["task"] == {"status": "PUBLISHED"}
    # the property company responds for its partnership
    partner_id = global_id("Partner", people.partner.pk)
    response = _ok(
        rep.execute(
            "mutation($id: ID!, $p: ID!) { respondToNeedsTask(id: $id, partnerId: $p,"
            ' offer: "免费安装座椅") { response { id status } errors { code } } }',
            {"id": task["id"], "p": partner_id},
        ),
        "respondToNeedsTask",
    )["response"]
    assert response["status"] == "OFFERED"
    # staff choose it: a project with that partner
    project = _ok(
        staff.execute(
            "mutation($id: ID!, $r: [ID!]!) { chooseTaskResponses(id: $id, responseIds: $r) {"
            " project { id status budget partnerIds task { status } } errors { code } } }",
            {"id": task["id"], "r": [response["id"]]},
        ),
        "chooseTaskResponses",
    )["project"]
    assert project["status"] == "ACTIVE"
    assert (project["budget"], project["partnerIds"], project["task"]) == (
        300000,
        [issued_id("Partner", people.partner.pk, fengshu)],
        {"status": "AWARDED"},
    )
    # the partner posts progress; staff complete the project
    update = rep.execute(
        'mutation($id: ID!) { postProjectUpdate(id: $id, text: "座椅已安装") {'
        " update { text } errors { code } } }",
        {"id": project["id"]},
    )
    assert _ok(update, "postProjectUpdate")["update"] == {"text": "座椅已安装"}
    done = staff.execute(
        "mutation($id: ID!) { completeNeedsProject(id: $id) {"
        " project { status } errors { code } } }",
        {"id": project["id"]},
    )
    assert _ok(done, "completeNeedsProject")["project"] == {"status": "COMPLETED"}
    # the resident rates the outcome and the need is resolved
    rated = resident.execute(
        'mutation($id: ID!) { rateNeed(id: $id, score: 5, comment: "很方便") {'
        " score errors { code } } }",
        {"id": need["id"]},
    )
    assert _ok(rated, "rateNeed")["score"] == 5
    with in_schema(fengshu):
        assert Need.objects.get().status == NeedStatus.RESOLVED
        assert Project.objects.get().task.status == TaskStatus.AWARDED


def test_the_public_never_sees_who_raised_a_need_nor_unaccepted_ones(fengshu, people):
    accepted = need_in(fengshu, NeedStatus.ACCEPTED, people, title="公开的需求")
    need_in(fengshu, NeedStatus.SUBMITTED, people, title="待受理的需求")
    query = "query { needs(first: 10) { edges { node { id title raisedByYou residentsNote } } } }"
    public = gql(fengshu).execute(query)
    assert "errors" not in public
    # residentsNote is for the office: null for the public, the list still answers
    assert [e["node"] for e in public["data"]["needs"]["edges"]] == [
        {
            "id": issued_id("Need", accepted.pk, fengshu),
            "title": "公开的需求",
            "raisedByYou": False,
            "residentsNote": None,
        }
    ]
    mine = gql(fengshu, people.resident).execute(
        "query { needs(first: 10) { edges { node { title raisedByYou } } } }"
    )
    assert sorted(
        (e["node"]["title"], e["node"]["raisedByYou"]) for e in mine["data"]["needs"]["edges"]
    ) == [
        ("公开的需求", True),
        ("待受理的需求", True),
    ]
    assert accepted.title == "公开的需求"


def test_a_refused_move_answers_a_code_and_changes_nothing(fengshu, people):
    need = need_in(fengshu, NeedStatus.DECLINED, people)
    response = gql(fengshu, people.staff).execute(
        "mutation($id: ID!) { acceptNeed(id: $id) { need { status } errors { code field } } }",
        {"id": global_id("Need", need.pk)},
    )
    assert response["data"]["acceptNeed"] == {
        "need": None,
        "errors": [{"code": "INVALID_TRANSITION", "field": None}],
    }
    with in_schema(fengshu):
        assert Need.objects.get(pk=need.pk).status == NeedStatus.DECLINED


def test_over_long_titles_are_refused_naming_the_field(fengshu, people):
    response = gql(fengshu, people.resident).execute(
        RAISE,
        {"input": {"title": "长" * 81, "description": "x", "category": "OTHER"}},
    )
    assert response["data"]["raiseNeed"]["errors"] == [
        {"code": "TOO_LONG", "field": "title", "message": "最多 80 个字。"}
    ]
    with in_schema(fengshu):
        assert Need.objects.count() == 0


LISTS = {
    "needs": "query { needs(first: 100) { totalCount edges { node { id title status category"
    " place supportCount raisedByYou mergedIntoId residentsNote } } } }",
    "needsTasks": "query { needsTasks(first: 100) { edges { node { title needs { title }"
    " responses { offer } } } } }",
    "needsProjects": "query { needsProjects(first: 100) { edges { node { title partnerIds"
    " milestones { title } updates { text } task { title } } } } }",
}


def _bulk(community, people, count):
    from commonweal.governance.needs.services import needs as need_services
    from commonweal.governance.needs.services import projects as project_services
    from commonweal.governance.needs.services import tasks as task_services

    for i in range(count):
        need = raise_need(community, people.resident, title=f"需求{i}")
        with in_schema(community):
            need_services.need_accept(actor=people.staff, community=community, need=need)
            task = task_services.task_create(
                actor=people.staff,
                community=community,
                need_ids=[need.pk],
                title=f"任务{i}",
                description="d",
                due_on=timezone.localdate() + timedelta(days=3),
            )
            task_services.task_publish(actor=people.staff, community=community, task=task)
            response = task_services.task_respond(
                actor=people.representative,
                community=community,
                task=task,
                partnership=people.partner,
                offer="承接",
            )
            project = task_services.task_choose(
                actor=people.staff, community=community, task=task, response_ids=[response.pk]
            )
            project_services.milestone_add(
                actor=people.staff,
                community=community,
                project=project,
                title="第一步",
                due_on=task.due_on,
            )
            project_services.project_update_post(
                actor=people.staff, community=community, project=project, text="已勘查"
            )


def _statements(client) -> dict[str, tuple[int, int]]:
    from django.db import connection

    counted = {}
    for name, query in LISTS.items():
        with StatementsRun(connection) as run:
            response = client.execute(query)
        assert "errors" not in response, response
        counted[name] = (len(run), len(response["data"][name]["edges"]))
    return counted


def test_lists_cost_the_same_for_10_and_200_rows(fengshu, people):
    client = gql(fengshu, people.staff)
    _bulk(fengshu, people, 10)
    small = _statements(client)
    _bulk(fengshu, people, 190)
    large = _statements(client)
    # a page of 100 of the 200, at the same number of statements as 10 of 10
    assert {name: rows for name, (_n, rows) in small.items()} == dict.fromkeys(LISTS, 10)
    assert {name: rows for name, (_n, rows) in large.items()} == dict.fromkeys(LISTS, 100)
    assert {name: n for name, (n, _rows) in small.items()} == {
        name: n for name, (n, _rows) in large.items()
    }


def test_a_board_of_a_year_that_cannot_exist_is_refused_with_a_code(fengshu):
    response = gql(fengshu).execute("{ needsBoard(year: 0) { month } }")

    assert response["data"] is None
    [error] = response["errors"]
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "year"}
    assert error["message"] == "没有这一年。"
