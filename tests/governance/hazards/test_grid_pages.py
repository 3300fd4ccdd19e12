"""The office draws grids on the map page: corners tapped in the tiles' datum are saved in
GCJ-02 through the grid service; a bad drawing is refused in words and nothing is saved."""

import json

import pytest
from django.test import override_settings

from commonweal.governance.hazards.models import Grid
from commonweal.welfaremap.coordinates import gcj02_to_wgs84
from tests.governance.hazards.fixtures import box
from tests.governance.hazards.test_pages import _get, _post
from tests.partners.fixtures import in_schema

WIDER = box(30.599, 104.099, 30.611, 104.111)  # grid A's outline, grown; its hole inside
SQUARE = [[30.700, 104.100], [30.700, 104.110], [30.710, 104.110], [30.710, 104.100]]


def _form(rings, **extra):
    return {"name": "海棠佳苑网格", "households": "80", "covers": "海棠佳苑1栋、海棠佳苑2栋",
            "rings": json.dumps(rings), "system": "gcj02"} | extra  # fmt: skip


def test_a_grid_drawn_on_the_page_is_saved_and_routes_reports(fengshu, people):
    saved = _post(fengshu, "/hazards/grids/new/", _form([SQUARE]), people.staff)

    with in_schema(fengshu):
        grid = Grid.objects.get()
    assert saved.redirect_chain[-1][0] == "/hazards/grids/"
    assert "海棠佳苑网格" in saved.content.decode()
    assert (
        [(round(a, 6), round(b, 6)) for a, b in grid.boundary],
        grid.households,
        grid.covers,
    ) == (
        [tuple(p) for p in SQUARE],
        80,
        "海棠佳苑1栋、海棠佳苑2栋",
    )


@override_settings(MAP_TILE_PROVIDER="osm")
def test_corners_tapped_on_wgs84_tiles_are_stored_in_gcj02(fengshu, people):
    tapped = [list(gcj02_to_wgs84(lat, lng)) for lat, lng in SQUARE]

    _post(fengshu, "/hazards/grids/new/", _form([tapped], system="wgs84"), people.staff)

    with in_schema(fengshu):
        stored = Grid.objects.get().boundary
    assert [(round(a, 6), round(b, 6)) for a, b in stored] == [tuple(p) for p in SQUARE]


@pytest.mark.parametrize(
    ("rings", "words"),
    [
        ([SQUARE[:2]], "至少需要三个拐点"),
        ([[SQUARE[0], SQUARE[2], SQUARE[1], SQUARE[3]]], "边线相互交叉"),
        ("not json", "请画出网格的边界"),
    ],
)
def test_a_bad_drawing_is_refused_in_words_and_nothing_is_saved(fengshu, people, rings, words):
    data = _form(rings) if not isinstance(rings, str) else _form([]) | {"rings": rings}

    page = _post(fengshu, "/hazards/grids/new/", data, people.staff).content.decode()

    assert words in page
    with in_schema(fengshu):
        assert Grid.objects.count() == 0


def test_redrawing_keeps_the_holes_and_only_the_office_may_draw(fengshu, grid_map, people):
    page = _get(fengshu, f"/hazards/grids/{grid_map.a.pk}/", people.staff).content.decode()
    config = json.loads(
        page.split('<script id="grid-config" type="application/json">')[1].split("</script>")[0]
    )
    _post(
        fengshu,
        f"/hazards/grids/{grid_map.a.pk}/",
        _form([[list(p) for p in WIDER], *config["rings"][1:]], name="红枫第一网格"),
        people.staff,
    )
    refused = _get(fengshu, "/hazards/grids/new/", people.grid_worker)

    with in_schema(fengshu):
        grid = Grid.objects.get(pk=grid_map.a.pk)
        holes = grid.holes.count()
    assert len(config["rings"]) == 2  # the outline and its hole
    assert [(round(a, 6), round(b, 6)) for a, b in grid.boundary] == WIDER and holes == 1
    assert refused.status_code == 403
