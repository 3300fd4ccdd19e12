"""The resources list on the web (资源清单: searched by kind, words and place) and the tasks
that fit a partner (任务清单 as a partner reads it), on the board and over GraphQL."""

from django.test import Client

from commonweal.governance.needs.models import CommunityResource, NeedStatus
from commonweal.governance.needs.services import tasks as task_services
from commonweal.partners.models import ResourceCommitment
from commonweal.welfaremap.models import ServicePoint
from tests.fixtures import gql, host_of
from tests.governance.needs.fixtures import SQUARE, need_in, published_task
from tests.partners.fixtures import in_schema


def _get(community, path, user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(path, HTTP_HOST=host_of(community))


def _rows(page: str) -> list[str]:
    """The titles of the page's list rows, in order."""
    import re

    return re.findall(r'<strong class="row-title">([^<]+)</strong>', page)


def _ends(page: str) -> list[str]:
    import re

    return re.findall(r'<span class="row-end">([^<]+)</span>', page)


def test_the_resources_list_is_searched_by_kind_words_and_place(fengshu, people):
    with in_schema(fengshu):
        CommunityResource.objects.create(
            title="老人活动室", kind="room", categories=["elderly"], place="枫林苑3栋一楼"
        )
        CommunityResource.objects.create(
            title="应急物资库", kind="equipment", categories=["safety"], place="社区办公楼"
        )
        point = ServicePoint.objects.create(
            name="佳宏物业服务中心",
            category="repair",
            address="佳宏路12号",
            lat=SQUARE[0],
            lng=SQUARE[1],
            raw_lat=SQUARE[0],
            raw_lng=SQUARE[1],
        )
        people.partner.service_points.add(point)
        ResourceCommitment.objects.create(
            partnership=people.partner, kind="service", title="座椅维修", quantity=4, unit="次"
        )

    everything = _get(fengshu, "/needs/resources/").content.decode()
    elderly = _get(fengshu, "/needs/resources/?category=elderly").content.decode()
    repair = _get(fengshu, "/needs/resources/?q=维修").content.decode()
    placed = _get(fengshu, "/needs/resources/?place=佳宏路").content.decode()
    unknown_kind = _get(fengshu, "/needs/resources/?category=nonsense").status_code

    # partners' commitments first, then the community's own; names, never codes
    assert _rows(everything) == ["座椅维修", "老人活动室", "应急物资库"]
    assert "四川佳宏物业 · 佳宏路12号" in everything
    assert _ends(everything) == ["公共设施、维修", "为老服务", "安全"]
    assert _rows(elderly) == ["老人活动室"]
    assert _rows(repair) == ["座椅维修"]
    assert _rows(placed) == ["座椅维修"]
    assert unknown_kind == 200
    # the board links to it
    assert 'href="/needs/resources/"' in _get(fengshu, "/needs/").content.decode()


def test_resources_are_searched_by_place_over_graphql(fengshu, people):
    with in_schema(fengshu):
        CommunityResource.objects.create(
            title="老人活动室", kind="room", categories=["elderly"], place="枫林苑3栋一楼"
        )
        CommunityResource.objects.create(
            title="应急物资库", kind="equipment", categories=["safety"]
        )

    found = gql(fengshu).execute('{ resources(place: "3栋") { title place source } }')

    assert found == {
        "data": {
            "resources": [{"title": "老人活动室", "place": "枫林苑3栋一楼", "source": "community"}]
        }
    }


def test_a_partner_reads_first_the_tasks_that_fit_its_organisation(fengshu, people):
    # given: a seats task (facilities), a legal-advice task, and a task about benches for the
    # elderly; the representative's partner repairs things (service point "repair") and the
    # other partner has committed "座椅" (seats) words only
    seats = published_task(fengshu, people)
    legal_need = need_in(
        fengshu, NeedStatus.ACCEPTED, people, title="邻里纠纷调解", category="legal"
    )
    benches_need = need_in(
        fengshu, NeedStatus.ACCEPTED, people, title="老人需要座椅", category="elderly"
    )
    with in_schema(fengshu):
        legal, benches = (
            task_services.task_publish(
                actor=people.staff,
                community=fengshu,
                task=task_services.task_create(
                    actor=people.staff,
                    community=fengshu,
                    need_ids=[need.pk],
                    title=title,
                    description=description,
                    due_on=seats.due_on,
                ),
            )
            for need, title, description in (
                (legal_need, "法律咨询进社区", "请律师每月一次"),
                (benches_need, "老人休息长椅", "在楼下放置座椅"),
            )
        )
        point = ServicePoint.objects.create(
            name="佳宏物业服务中心",
            category="repair",
            lat=SQUARE[0],
            lng=SQUARE[1],
            raw_lat=SQUARE[0],
            raw_lng=SQUARE[1],
        )
        people.partner.service_points.add(point)
        ResourceCommitment.objects.create(
            partnership=people.other_partner, kind="goods", title="捐赠座椅", quantity=4, unit="张"
        )

    repairer = _get(fengshu, "/needs/", people.representative).content.decode()
    seat_giver = gql(fengshu, people.other_representative).execute(
        "{ needsTasks(first: 10, fittingMine: true) { edges { node { title } } } }"
    )
    resident = _get(fengshu, "/needs/", people.resident).content.decode()
    resident_asks = gql(fengshu, people.resident).execute(
        "{ needsTasks(first: 10, fittingMine: true) { edges { node { title } } } }"
    )

    # then the repairer sees the facilities task as fitting (its point serves facilities)
    fitting = repairer[repairer.index('id="fitting-tasks"') : repairer.index('id="tasks-list"')]
    assert _rows(fitting) == [seats.title]
    # the giver of seats, both tasks that speak of seats; never the legal one
    assert [e["node"]["title"] for e in seat_giver["data"]["needsTasks"]["edges"]] == [
        seats.title,
        benches.title,
    ]
    assert legal.title not in str(seat_giver)
    # a resident represents nobody: no such section, and nothing fits
    assert 'id="fitting-tasks"' not in resident
    assert resident_asks == {"data": {"needsTasks": {"edges": []}}}
