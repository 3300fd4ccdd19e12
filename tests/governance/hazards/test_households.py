"""Buildings and households per grid: a spreadsheet checked line by line (each wrong line with
its code), saved whole or not at all; one added by hand; campaigns visiting what is recorded,
and falling back to the grid's count and list only where nothing is."""

import pytest

from commonweal.governance.hazards.models import Building, CampaignItem, Household
from commonweal.governance.hazards.services import campaigns
from commonweal.governance.hazards.services import households as services
from commonweal.platform.kernel.errors import DomainError
from tests.fixtures import gql
from tests.governance.hazards.test_pages import _get, _post
from tests.operations import global_id
from tests.partners.fixtures import in_schema

GOOD = "楼栋,单元,门牌\n华府1栋,1单元,101\n华府1栋,1单元,102\n华府2栋,,201\n华府3栋\n"
BAD = (
    "华府1栋,1单元,101\n"  # 1: fine
    ",1单元,102\n"  # 2: no building
    "华府1栋,2单元,\n"  # 3: a unit with no door
    "华府1栋,1单元,101\n"  # 4: the same as line 1
    "华府1栋,1单元,101,多余\n"  # 5: four columns
    f"{'长' * 61},,1\n"  # 6: too long
)


def _recorded(fengshu, grid):
    with in_schema(fengshu):
        return [
            (h.building.name, h.unit, h.door)
            for h in Household.objects.filter(building__grid=grid).select_related("building")
        ], list(Building.objects.filter(grid=grid).values_list("name", flat=True))


def test_a_good_spreadsheet_is_previewed_then_saved(fengshu, grid_map, people):
    with in_schema(fengshu):
        preview = services.households_preview(grid=grid_map.a, text=GOOD)
        nothing_yet = Household.objects.count()
        services.households_import(actor=people.staff, grid=grid_map.a, text=GOOD)

    assert (preview.new_buildings, preview.new_households, preview.errors) == (3, 3, [])
    assert nothing_yet == 0
    assert _recorded(fengshu, grid_map.a) == (
        [("华府1栋", "1单元", "101"), ("华府1栋", "1单元", "102"), ("华府2栋", "", "201")],
        ["华府1栋", "华府2栋", "华府3栋"],
    )


def test_each_wrong_line_has_its_code_and_nothing_is_saved(fengshu, grid_map, people):
    with in_schema(fengshu):
        services.household_add(
            actor=people.staff, grid=grid_map.a, building="华府9栋", unit="", door="9"
        )
        preview = services.households_preview(grid=grid_map.a, text=BAD + "华府9栋,,9\n")
        with pytest.raises(DomainError) as refused:
            services.households_import(actor=people.staff, grid=grid_map.a, text=BAD)

    assert [(line.number, line.code) for line in preview.lines] == [
        (1, ""),
        (2, "BUILDING_REQUIRED"),
        (3, "DOOR_REQUIRED"),
        (4, "DUPLICATE_LINE"),
        (5, "WRONG_COLUMNS"),
        (6, "TOO_LONG"),
        (7, "ALREADY_RECORDED"),
    ]
    assert refused.value.code == "LINES_HAVE_ERRORS"
    assert _recorded(fengshu, grid_map.a) == ([("华府9栋", "", "9")], ["华府9栋"])


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"building": " ", "door": "1"}, "BUILDING_REQUIRED"),
        ({"building": "华府1栋", "unit": "1单元"}, "DOOR_REQUIRED"),
        ({"building": "华府1栋", "door": "1" * 21}, "TOO_LONG"),
        ({"building": "华府1栋", "door": "101"}, "ALREADY_RECORDED"),
        ({"building": "华府1栋"}, "ALREADY_RECORDED"),
    ],
)
def test_adding_by_hand_is_refused_with_a_code(fengshu, grid_map, people, fields, code):
    with in_schema(fengshu):
        services.household_add(actor=people.staff, grid=grid_map.a, building="华府1栋", door="101")
        with pytest.raises(DomainError) as refused:
            services.household_add(actor=people.staff, grid=grid_map.a, **fields)

    assert refused.value.code == code
    assert _recorded(fengshu, grid_map.a) == ([("华府1栋", "", "101")], ["华府1栋"])


def test_empty_and_oversized_files_are_refused(fengshu, grid_map):
    with in_schema(fengshu):
        with pytest.raises(DomainError) as empty:
            services.households_preview(grid=grid_map.a, text="楼栋,单元,门牌\n\n")
        with pytest.raises(DomainError) as large:
            services.households_preview(grid=grid_map.a, text="华府1栋,,1\n" * 5_002)

    assert (empty.value.code, large.value.code) == ("NOTHING_TO_IMPORT", "TOO_MANY_LINES")


def test_campaigns_visit_recorded_households_and_fall_back_where_none_are(
    fengshu, grid_map, people
):
    with in_schema(fengshu):
        services.households_import(actor=people.staff, grid=grid_map.a, text=GOOD)
        grid_map.b.households, grid_map.b.covers = 2, "枫香园1栋、枫香园2栋"
        grid_map.b.save()
        doors = campaigns.campaign_start(
            actor=people.staff,
            title="燃气安全入户检查",
            unit="household",
            grids=[grid_map.a, grid_map.b],
        )
        buildings = campaigns.campaign_start(
            actor=people.staff, title="文明创建", unit="building", grids=[grid_map.a, grid_map.b]
        )

        def labels(campaign):
            return list(
                CampaignItem.objects.filter(campaign=campaign)
                .order_by("grid__name", "position")
                .values_list("label", flat=True)
            )

        assert labels(doors) == [
            "红枫第一网格 · 华府1栋 1单元 101",
            "红枫第一网格 · 华府1栋 1单元 102",
            "红枫第一网格 · 华府2栋 201",
            "红枫第二网格 · 第1户",  # nothing recorded: the grid's count of households
            "红枫第二网格 · 第2户",
        ]
        assert labels(buildings) == [
            "红枫第一网格 · 华府1栋",
            "红枫第一网格 · 华府2栋",
            "红枫第一网格 · 华府3栋",
            "红枫第二网格 · 枫香园1栋",  # nothing recorded: the grid's list
            "红枫第二网格 · 枫香园2栋",
        ]


def test_the_page_previews_marks_wrong_lines_and_saves(fengshu, grid_map, people):
    here = f"/hazards/grids/{grid_map.a.pk}/households/"
    refused = _get(fengshu, here, people.resident)
    wrong = _post(fengshu, here, {"action": "preview", "csv": BAD}, people.staff).content.decode()
    checked = _post(fengshu, here, {"action": "preview", "csv": GOOD}, people.staff)
    saved = _post(fengshu, here, {"action": "import", "csv": GOOD}, people.staff).content.decode()
    by_hand = _post(
        fengshu,
        here,
        {"action": "add", "building": "华府5栋", "unit": "", "door": "501"},
        people.staff,
    ).content.decode()

    assert refused.status_code == 403
    assert wrong.count('class="line-error"') == 5
    assert "保存这些行" not in wrong
    assert "保存这些行" in checked.content.decode()
    assert "华府3栋" in saved.split('id="recorded-heading"')[1]
    assert "华府5栋" in by_hand.split('id="recorded-heading"')[1]
    assert len(_recorded(fengshu, grid_map.a)[0]) == 4


def test_graphql_previews_imports_and_adds(fengshu, grid_map, people):
    staff = gql(fengshu, people.staff)
    grid = global_id("HazardGrid", grid_map.a.pk)
    document = (
        "mutation($g: ID!, $csv: String!, $p: Boolean!) { importHazardHouseholds(gridId: $g,"
        " csv: $csv, preview: $p) { lines { line error } newHouseholds saved"
        " errors { code } } }"
    )
    preview = staff.execute(document, {"g": grid, "csv": BAD, "p": True})["data"]
    refused = staff.execute(document, {"g": grid, "csv": BAD, "p": False})["data"]
    saved = staff.execute(document, {"g": grid, "csv": GOOD, "p": False})["data"]
    added = staff.execute(
        'mutation($g: ID!) { addHazardHousehold(gridId: $g, building: "华府2栋", door: "202")'
        " { building { name households } errors { code } } }",
        {"g": grid},
    )["data"]["addHazardHousehold"]
    listed = staff.execute(
        "query($g: ID!) { hazardGridBuildings(gridId: $g) { name households } }", {"g": grid}
    )["data"]["hazardGridBuildings"]

    assert [line["error"] for line in preview["importHazardHouseholds"]["lines"]] == [
        None,
        "BUILDING_REQUIRED",
        "DOOR_REQUIRED",
        "DUPLICATE_LINE",
        "WRONG_COLUMNS",
        "TOO_LONG",
    ]
    assert refused["importHazardHouseholds"]["errors"] == [{"code": "LINES_HAVE_ERRORS"}]
    assert (
        saved["importHazardHouseholds"]["newHouseholds"],
        saved["importHazardHouseholds"]["saved"],
    ) == (3, True)
    assert added == {"building": {"name": "华府2栋", "households": ["201", "202"]}, "errors": []}
    assert listed[0] == {"name": "华府1栋", "households": ["1单元 101", "1单元 102"]}
