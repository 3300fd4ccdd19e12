"""联席会: a joint meeting's agenda takes a need, task or project of the needs list, linked both
ways — the need's page and GraphQL show the meeting, and once the minutes are published, what
came of it. Only public ones, only on joint meetings, one source per item."""

import pytest
from django.test import Client

from commonweal.governance.deliberation.models import AgendaItem
from commonweal.governance.deliberation.services import meetings as meeting_services
from commonweal.governance.needs.models import NeedStatus
from commonweal.platform.kernel.errors import DomainError
from tests.fixtures import gql, host_of
from tests.governance.deliberation.fixtures import meeting, set_rules
from tests.governance.needs.fixtures import need_in, published_task
from tests.isolation import global_id, issued_id
from tests.partners.fixtures import in_schema


def _add(community, staff, meeting_row, **source):
    with in_schema(community):
        return meeting_services.item_add(
            actor=staff, community=community, meeting=meeting_row, **source
        )


def _refused(code, call):
    with pytest.raises(DomainError) as refused:
        call()
    assert refused.value.code == code


def test_a_need_and_a_task_go_on_a_joint_meetings_agenda(fengshu, council, people):
    joint = meeting(fengshu, people.staff, kind="joint", title="党建联席会第二次会议")
    need = need_in(fengshu, NeedStatus.ACCEPTED, people)
    task = published_task(fengshu, people)

    from_need = _add(fengshu, people.staff, joint, need=need)
    from_task = _add(fengshu, people.staff, joint, task=task, title="座椅安装分工")

    with in_schema(fengshu):
        assert list(
            AgendaItem.objects.filter(meeting=joint).values_list(
                "title", "need_id", "task_id", "position"
            )
        ) == [(need.title, need.pk, None, 1), ("座椅安装分工", None, task.pk, 2)]
    assert from_need.source == need and from_task.source == task


def test_only_public_ones_only_on_joint_meetings_and_one_at_a_time(fengshu, council, people):
    joint = meeting(fengshu, people.staff, kind="joint")
    council_meeting = meeting(fengshu, people.staff, title="居民议事会")
    accepted = need_in(fengshu, NeedStatus.ACCEPTED, people)
    submitted = need_in(fengshu, NeedStatus.SUBMITTED, people, title="还没受理的需求")
    task = published_task(fengshu, people, need=accepted)

    _refused(
        "JOINT_MEETINGS_ONLY", lambda: _add(fengshu, people.staff, council_meeting, need=accepted)
    )
    _refused("NOT_PUBLIC", lambda: _add(fengshu, people.staff, joint, need=submitted))
    _refused("ONE_SOURCE", lambda: _add(fengshu, people.staff, joint, need=accepted, task=task))
    with in_schema(fengshu):
        assert AgendaItem.objects.count() == 0


def test_the_needs_page_and_graphql_show_the_meeting_and_after_publication_the_outcome(
    fengshu, council, people
):
    set_rules(fengshu, quorum=2)
    joint = meeting(fengshu, people.staff, kind="joint", title="党建联席会第二次会议")
    need = need_in(fengshu, NeedStatus.ACCEPTED, people)
    item = _add(fengshu, people.staff, joint, need=need)

    def anonymous_page():
        return Client().get(need.path, HTTP_HOST=host_of(fengshu)).content.decode()

    page = anonymous_page()
    assert 'id="on-agenda"' in page and "党建联席会第二次会议" in page
    assert "会议纪要公开后公布结果" in page

    # The vote, the minutes, and the chair (the partner in turn: its representative) signs off.
    with in_schema(fengshu):
        meeting_services.item_update(
            actor=people.staff,
            community=fengshu,
            item=item,
            notes="物业承担安装，社区协调资金。",
        )
    with in_schema(fengshu):
        meeting_services.meeting_hold(actor=people.staff, community=fengshu, meeting=joint)
        meeting_services.minutes_write(
            actor=people.staff,
            community=fengshu,
            meeting=joint,
            minutes="联席会议定：时间广场增设四张座椅，由四川佳宏物业安装。",
        )
        joint.refresh_from_db()
        meeting_services.minutes_sign_off(
            actor=people.representative, community=fengshu, meeting=joint
        )

    page = anonymous_page()
    assert "联席会议定：时间广场增设四张座椅" in page and "物业承担安装" in page
    query = """query($id: ID!) { agendaItemsOf(sourceId: $id) { title notes
      meeting { title status minutes } } }"""
    answer = gql(fengshu).execute(query, {"id": global_id("Need", need.pk)})
    assert answer == {
        "data": {
            "agendaItemsOf": [
                {
                    "title": need.title,
                    "notes": "物业承担安装，社区协调资金。",
                    "meeting": {
                        "title": "党建联席会第二次会议",
                        "status": "PUBLISHED",
                        "minutes": "联席会议定：时间广场增设四张座椅，由四川佳宏物业安装。",
                    },
                }
            ]
        }
    }


def test_adding_a_need_over_graphql(fengshu, council, people):
    joint = meeting(fengshu, people.staff, kind="joint")
    need = need_in(fengshu, NeedStatus.ACCEPTED, people)
    mutation = """mutation($m: ID!, $n: ID!) { addAgendaItem(meetingId: $m, needId: $n)
      { item { title sourceId position } errors { code field } } }"""
    variables = {"m": global_id("Meeting", joint.pk), "n": global_id("Need", need.pk)}

    answer = gql(fengshu, people.staff).execute(mutation, variables)
    refused = gql(fengshu, people.resident).execute(mutation, variables)

    assert answer["data"]["addAgendaItem"] == {
        "item": {
            "title": need.title,
            "sourceId": issued_id("Need", need.pk, fengshu),
            "position": 1,
        },
        "errors": [],
    }
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
