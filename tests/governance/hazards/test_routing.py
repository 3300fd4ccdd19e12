"""Routing by point-in-polygon in PostgreSQL: inside, outside, on edges, in holes."""

import pytest

from commonweal.governance.hazards.error_codes import HazardErrorCode
from commonweal.governance.hazards.routing import grid_id_at, grid_ids_at
from commonweal.governance.hazards.services import grids
from commonweal.platform.kernel.errors import DomainError
from tests.governance.hazards.fixtures import GRID_A, file_report
from tests.partners.fixtures import in_schema

CASES = [
    ("inside grid A", (30.601, 104.101), "a"),
    ("inside the micro-grid: preferred over its grid", (30.607, 104.107), "micro"),
    ("on the micro-grid's edge", (30.606, 104.107), "micro"),
    ("on A's west edge", (30.605, 104.100), "a"),
    ("on A's south-west corner", (30.600, 104.100), "a"),
    ("in A's hole", (30.603, 104.103), None),
    ("on the hole's edge: the hole's", (30.602, 104.103), None),
    ("just outside the hole", (30.6019, 104.103), "a"),
    ("on the edge A and B share: the older grid", (30.605, 104.110), "a"),
    ("inside B", (30.605, 104.115), "b"),
    ("in the L's arm", (30.628, 104.102), "l_shape"),
    ("in the L's notch (inside its bounding box)", (30.628, 104.108), None),
    ("on the L's inner corner", (30.625, 104.105), "l_shape"),
    ("outside every grid", (30.650, 104.150), None),
    ("just outside A's west edge", (30.605, 104.0999), None),
    # the diamond's south-east edge runs through (30.6425, 104.1075); 1e-5° ≈ 1.1 m
    ("1 m inside a slanted edge", (30.64251, 104.10749), "diamond"),
    ("1 m outside a slanted edge", (30.64249, 104.10751), None),
    ("15 m outside a slanted edge", (30.6424, 104.1076), None),
    ("on a slanted edge's midpoint", (30.6425, 104.1075), "diamond"),
    ("on the diamond's east corner", (30.645, 104.110), "diamond"),
]


def _expected(grid_map, name):
    return None if name is None else getattr(grid_map, name).pk


@pytest.mark.parametrize(("case", "point", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_point_goes_to_the_expected_grid(fengshu, grid_map, case, point, expected):
    with in_schema(fengshu):
        found = grid_id_at(*point)

    assert found == _expected(grid_map, expected)


def test_many_points_route_in_one_statement_as_one_by_one(fengshu, grid_map):
    with in_schema(fengshu):
        found = grid_ids_at([point for _case, point, _name in CASES])

    assert found == [_expected(grid_map, name) for _case, _point, name in CASES]


def test_a_report_is_filed_into_the_grid_holding_its_point(fengshu, grid_map, people):
    report = file_report(fengshu, people.resident, at=(30.607, 104.107))

    assert report.grid_id == grid_map.micro.pk


def test_redrawing_a_grid_moves_where_points_go(fengshu, grid_map, people):
    with in_schema(fengshu):
        grids.grid_draw(actor=people.staff, name="红枫第一网格", rings=[GRID_A], grid=grid_map.a)
        found = grid_id_at(30.603, 104.103)

    assert found == grid_map.a.pk


@pytest.mark.parametrize(
    ("rings", "code"),
    [
        ([], "INVALID_SHAPE"),
        ([[(30.6, 104.1), (30.61, 104.11)]], "TOO_FEW_CORNERS"),
        ([[(30.6, 104.1), (30.61, 104.11), (30.6, 104.1)]], "TOO_FEW_CORNERS"),
        (
            [[(30.6, 104.1), (30.61, 104.11), (30.6, 104.11), (30.61, 104.1)]],  # a bow tie
            "SHAPE_CROSSES_ITSELF",
        ),
        ([GRID_A, [(30.70, 104.2), (30.71, 104.2), (30.71, 104.21)]], "INVALID_SHAPE"),
        ([[(95, 104.1), (30.61, 104.11), (30.6, 104.11)]], "INVALID_SHAPE"),
        ([[("a", 1), (2, 3), (4, 5)]], "INVALID_SHAPE"),
    ],
)
def test_a_bad_shape_is_refused_with_its_code_and_nothing_is_drawn(fengshu, people, rings, code):
    from commonweal.governance.hazards.models import Grid

    with in_schema(fengshu), pytest.raises(DomainError) as refused:
        grids.grid_draw(actor=people.staff, name="坏网格", rings=rings)
    with in_schema(fengshu):
        assert Grid.objects.count() == 0

    assert refused.value.code == code


def test_a_micro_grid_cannot_hold_micro_grids(fengshu, grid_map, people):
    with in_schema(fengshu), pytest.raises(DomainError) as refused:
        grids.grid_draw(actor=people.staff, name="三级网格", rings=[GRID_A], parent=grid_map.micro)

    assert refused.value.code == HazardErrorCode.PARENT_IS_MICRO_GRID
