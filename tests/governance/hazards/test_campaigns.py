"""Campaigns (专项行动): items made from the grids' households and buildings, visits recorded
once (a hazard found becomes a linked report), progress per grid, closing; pages and GraphQL."""

import threading

import pytest
from django.db import close_old_connections, connection, transaction

from commonweal.governance.hazards.models import CampaignItem, HazardReport
from commonweal.governance.hazards.services import campaigns as services
from commonweal.governance.hazards.services import grids
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role
from tests.fixtures import StatementsRun, gql, make_community, make_member
from tests.governance.hazards.fixtures import GRID_A
from tests.governance.hazards.test_pages import _get, _post
from tests.partners.fixtures import in_schema


def _households(fengshu, grid_map, people, a=3, b=2):
    with in_schema(fengshu):
        grids.grid_draw(
            actor=people.staff, name="红枫第一网格", rings=[GRID_A], grid=grid_map.a, households=a
        )
        grid_map.b.households = b
        grid_map.b.covers = "枫香园1栋、枫香园2栋，枫香园1栋"
        grid_map.b.save()
        return services.campaign_start(
            actor=people.staff,
            title="燃气安全入户检查",
            unit="household",
            grids=[grid_map.b, grid_map.a],
        )


def _items(fengshu, campaign):
    with in_schema(fengshu):
        return list(
            CampaignItem.objects.filter(campaign=campaign)
            .order_by("grid__name", "position")
            .values_list("label", "outcome")
        )


def test_a_household_campaign_has_one_item_per_household_of_each_grid(fengshu, grid_map, people):
    campaign = _households(fengshu, grid_map, people)

    assert _items(fengshu, campaign) == [
        ("红枫第一网格 · 第1户", "pending"),
        ("红枫第一网格 · 第2户", "pending"),
        ("红枫第一网格 · 第3户", "pending"),
        ("红枫第二网格 · 第1户", "pending"),
        ("红枫第二网格 · 第2户", "pending"),
    ]


def test_a_building_campaign_lists_the_buildings_each_grid_covers_once(fengshu, grid_map, people):
    _households(fengshu, grid_map, people)
    with in_schema(fengshu):
        campaign = services.campaign_start(
            actor=people.staff, title="文明创建", unit="building", grids=[grid_map.b]
        )

    assert _items(fengshu, campaign) == [
        ("红枫第二网格 · 枫香园1栋", "pending"),
        ("红枫第二网格 · 枫香园2栋", "pending"),
    ]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": " "}, "TITLE_REQUIRED"),
        ({"unit": "street"}, "INVALID_UNIT"),
        ({"grids": []}, "GRIDS_REQUIRED"),
        ({"unit": "building"}, "NOTHING_TO_VISIT"),  # grid A lists no buildings
    ],
)
def test_a_campaign_that_cannot_start_makes_nothing(fengshu, grid_map, people, fields, code):
    from commonweal.governance.hazards.models import Campaign

    with in_schema(fengshu), pytest.raises(DomainError) as refused, transaction.atomic():
        grids.grid_draw(
            actor=people.staff, name="甲", rings=[GRID_A], grid=grid_map.a, households=5
        )
        services.campaign_start(
            actor=people.staff,
            **{"title": "燃气检查", "unit": "household", "grids": [grid_map.a]} | fields,
        )
    with in_schema(fengshu):
        assert (Campaign.objects.count(), CampaignItem.objects.count()) == (0, 0)
    assert refused.value.code == code


def test_a_hazard_found_is_filed_once_linked_to_its_item(fengshu, grid_map, people):
    campaign = _households(fengshu, grid_map, people)
    with in_schema(fengshu):
        item = CampaignItem.objects.get(campaign=campaign, label="红枫第一网格 · 第2户")
        hazard = {"category": "gas", "description": "燃气软管老化"}
        first, changed = services.item_record(
            actor=people.grid_worker, community=fengshu, item=item, outcome="hazard", hazard=hazard
        )
        again, changed_again = services.item_record(
            actor=people.grid_worker, community=fengshu, item=item, outcome="hazard", hazard=hazard
        )
        with pytest.raises(DomainError) as refused:
            services.item_record(actor=people.staff, community=fengshu, item=item, outcome="done")
        report = HazardReport.objects.get()

    assert (changed, changed_again) == (True, False)
    assert first.report_id == again.report_id == report.pk
    assert (report.category, report.description, report.place, report.grid_id) == (
        "gas",
        "燃气软管老化",
        "红枫第一网格 · 第2户",
        grid_map.a.pk,
    )
    assert refused.value.code == "ALREADY_RECORDED"


def test_nobody_home_may_be_visited_again_and_a_closed_campaign_takes_no_visits(
    fengshu, grid_map, people
):
    campaign = _households(fengshu, grid_map, people)
    with in_schema(fengshu):
        item = CampaignItem.objects.get(campaign=campaign, label="红枫第二网格 · 第1户")
        services.item_record(actor=people.staff, community=fengshu, item=item, outcome="not_home")
        services.item_record(actor=people.staff, community=fengshu, item=item, outcome="done")
        services.campaign_close(actor=people.staff, campaign=campaign)
        other = CampaignItem.objects.get(campaign=campaign, label="红枫第二网格 · 第2户")
        with pytest.raises(DomainError) as closed:
            services.item_record(actor=people.staff, community=fengshu, item=other, outcome="done")
        with pytest.raises(DomainError) as twice:
            services.campaign_close(actor=people.staff, campaign=campaign)
        progress = services.progress([campaign.pk])[campaign.pk]

    assert (closed.value.code, twice.value.code) == ("CAMPAIGN_CLOSED", "CAMPAIGN_CLOSED")
    assert [(p["grid"], p["total"], p["done"], p["pending"]) for p in progress] == [
        ("红枫第一网格", 3, 0, 3),
        ("红枫第二网格", 2, 1, 1),
    ]


@pytest.mark.django_db(transaction=True)
def test_two_workers_tapping_hazard_on_the_same_door_file_one_report():
    connection.set_schema_to_public()
    community = make_community("campaigntap", name="并发社区")
    try:
        staff = make_member(community, Role.STAFF, name="社工")
        workers = [make_member(community, Role.GRID_WORKER, name=f"网格员{i}") for i in range(6)]
        connection.set_tenant(community)
        grid = grids.grid_draw(actor=staff, name="一网格", rings=[GRID_A], households=1)
        campaign = services.campaign_start(
            actor=staff, title="燃气检查", unit="household", grids=[grid]
        )
        item = CampaignItem.objects.get(campaign=campaign)
        barrier = threading.Barrier(len(workers))
        answers, errors = [], []

        def tap(worker):
            connection.set_tenant(community)
            barrier.wait()
            try:
                with transaction.atomic():
                    answers.append(
                        services.item_record(
                            actor=worker,
                            community=community,
                            item=item,
                            outcome="hazard",
                            hazard={"category": "gas", "description": "燃气味"},
                        )[1]
                    )
            except Exception as error:  # pragma: no cover - the assertion shows it
                errors.append(error)
            finally:
                close_old_connections()
                connection.close()

        threads = [threading.Thread(target=tap, args=(w,)) for w in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        connection.set_tenant(community)
        assert errors == []
        assert sorted(answers) == [False] * 5 + [True]
        assert HazardReport.objects.count() == 1
        assert CampaignItem.objects.get(pk=item.pk).report_id == HazardReport.objects.get().pk
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def test_the_grid_worker_works_the_checklist_on_the_page(fengshu, grid_map, people):
    campaign = _households(fengshu, grid_map, people)
    with in_schema(fengshu):
        item = CampaignItem.objects.get(campaign=campaign, label="红枫第一网格 · 第1户")

    page = _get(fengshu, campaign.path, people.grid_worker).content.decode()
    done = _post(
        fengshu, f"{campaign.path}items/{item.pk}/", {"outcome": "done"}, people.grid_worker
    )
    found = _post(
        fengshu,
        f"{campaign.path}items/{item.pk + 1}/",
        {"outcome": "hazard", "category": "ebike_indoors", "description": "电动车入户充电"},
        people.grid_worker,
    )
    listing = _get(fengshu, "/hazards/campaigns/", people.grid_worker).content.decode()

    # The worker of grid A sees grid A's doors only; both grids' bars.
    assert "红枫第一网格 · 第1户" in page and "红枫第二网格 · 第1户" not in page
    assert "红枫第二网格" in page
    assert done.status_code == found.status_code == 200
    assert _items(fengshu, campaign)[:3] == [
        ("红枫第一网格 · 第1户", "done"),
        ("红枫第一网格 · 第2户", "hazard"),
        ("红枫第一网格 · 第3户", "pending"),
    ]
    assert "燃气安全入户检查" in listing and 'class="campaign-bar"' in listing
    assert "width:33.33%;background:#2f7d4f" in listing  # 1 of 3 checked in grid A


def test_residents_do_not_see_campaigns_and_only_the_office_starts_one(fengshu, grid_map, people):
    campaign = _households(fengshu, grid_map, people)

    assert _get(fengshu, "/hazards/campaigns/", people.resident).status_code == 403
    assert _get(fengshu, campaign.path, people.resident).status_code == 403
    assert _get(fengshu, "/hazards/campaigns/new/", people.grid_worker).status_code == 403
    started = _post(
        fengshu,
        "/hazards/campaigns/new/",
        {"title": "文明创建", "unit": "building", "grids": [grid_map.b.pk]},
        people.staff,
    )
    assert started.redirect_chain[-1][0].startswith("/hazards/campaigns/")
    assert "红枫第二网格 · 枫香园2栋" in started.content.decode()


def test_graphql_starts_records_and_closes_a_campaign(fengshu, grid_map, people):
    _households(fengshu, grid_map, people)
    grid_b = gql_id("HazardGrid", grid_map.b.pk)
    started = _gql_as(
        fengshu,
        'mutation($g: ID!) { startHazardCampaign(input: {title: "燃气检查", unit: HOUSEHOLD,'
        " gridIds: [$g]}) { campaign { id title progress { gridName total pending } }"
        " errors { code } } }",
        {"g": grid_b},
        user=people.staff,
    )["startHazardCampaign"]
    campaign_id = started["campaign"]["id"]
    items = _gql_as(
        fengshu,
        "query($c: ID!) { hazardCampaignItems(campaignId: $c, first: 10)"
        " { edges { node { id label outcome } } } }",
        {"c": campaign_id},
        user=people.staff,
    )["hazardCampaignItems"]["edges"]
    visit = _gql_as(
        fengshu,
        "mutation($i: ID!) { recordHazardVisit(id: $i, outcome: HAZARD, hazard: {category: GAS,"
        ' description: "燃气表箱锈蚀"}) { item { outcome } report { state place } changed'
        " errors { code } } }",
        {"i": items[0]["node"]["id"]},
        user=people.staff,
    )["recordHazardVisit"]
    closed = _gql_as(
        fengshu,
        "mutation($c: ID!) { closeHazardCampaign(id: $c) { campaign { status progress"
        " { hazard pending } } errors { code } } }",
        {"c": campaign_id},
        user=people.staff,
    )["closeHazardCampaign"]
    listed = _gql_as(
        fengshu, "query { hazardCampaigns { title status } }", user=people.grid_worker
    )["hazardCampaigns"]

    assert started["campaign"]["progress"] == [
        {"gridName": "红枫第二网格", "total": 2, "pending": 2}
    ]
    assert [e["node"]["label"] for e in items] == ["红枫第二网格 · 第1户", "红枫第二网格 · 第2户"]
    assert visit == {
        "item": {"outcome": "HAZARD"},
        "report": {"state": "SUBMITTED", "place": "红枫第二网格 · 第1户"},
        "changed": True,
        "errors": [],
    }
    assert closed == {
        "campaign": {"status": "CLOSED", "progress": [{"hazard": 1, "pending": 1}]},
        "errors": [],
    }
    # Grid A's worker sees the first campaign (over grid A), not the one over grid B only.
    assert listed == [{"title": "燃气安全入户检查", "status": "OPEN"}]


def _gql_as(community, document, variables=None, *, user):
    answer = gql(community, user).execute(document, variables)
    assert "errors" not in answer, answer
    return answer["data"]


def gql_id(type_name, pk):
    from strawberry.relay import to_base64

    return to_base64(type_name, pk)


def _campaign_list_statements(fengshu, people):
    with StatementsRun(connection) as run:
        answer = _gql_as(
            fengshu,
            "query { hazardCampaigns { title progress { gridName total done } } }",
            user=people.staff,
        )
    return len(run), len(answer["hazardCampaigns"])


def test_the_campaign_list_costs_the_same_for_1_and_6_campaigns(fengshu, grid_map, people):
    _households(fengshu, grid_map, people)
    small = _campaign_list_statements(fengshu, people)
    with in_schema(fengshu):
        for n in range(5):
            services.campaign_start(
                actor=people.staff,
                title=f"第{n}期",
                unit="household",
                grids=[grid_map.a, grid_map.b],
            )
    large = _campaign_list_statements(fengshu, people)

    assert (small[1], large[1]) == (1, 6)
    assert small[0] == large[0]
