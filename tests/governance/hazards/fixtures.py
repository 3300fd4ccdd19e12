"""Hazards fixtures: Fengshu's people, grids drawn around 红枫 courtyards, a department.

Shapes (lat, lng; GCJ-02), the unit of the routing fixtures:

    GRID_A   30.600–30.610 × 104.100–104.110, with HOLE_A 30.602–30.604 × 104.102–104.104
    MICRO_M  30.606–30.609 × 104.106–104.109 under GRID_A
    GRID_B   30.600–30.610 × 104.110–104.120 (shares A's east edge)
    GRID_L   an L: 30.620–30.630 × 104.100–104.110 less its north-east quarter
    GRID_D   a diamond around 30.645, 104.105 (slanted edges)
"""

from dataclasses import dataclass

import pytest

from commonweal.governance.hazards.models import HazardSettings
from commonweal.governance.hazards.services import departments, grids
from commonweal.governance.hazards.services import reports as report_services
from commonweal.platform.kernel.roles import Role
from tests.fixtures import make_member
from tests.partners.fixtures import in_schema


def box(lat1, lng1, lat2, lng2):
    return [(lat1, lng1), (lat1, lng2), (lat2, lng2), (lat2, lng1)]


GRID_A = box(30.600, 104.100, 30.610, 104.110)
HOLE_A = box(30.602, 104.102, 30.604, 104.104)
MICRO_M = box(30.606, 104.106, 30.609, 104.109)
GRID_B = box(30.600, 104.110, 30.610, 104.120)
GRID_L = [
    (30.620, 104.100),
    (30.620, 104.110),
    (30.625, 104.110),
    (30.625, 104.105),
    (30.630, 104.105),
    (30.630, 104.100),
]
# A diamond: its edges are slanted, where PostgreSQL's fuzz once reached ~15 m (see geometry).
GRID_D = [(30.640, 104.105), (30.645, 104.110), (30.650, 104.105), (30.645, 104.100)]
# Inside grid A, away from the hole and the micro-grid: where reports are filed by default.
IN_A = (30.601, 104.101)


@dataclass
class People:
    resident: object
    neighbour: object
    staff: object
    admin: object
    grid_worker: object


@pytest.fixture
def people(fengshu) -> People:
    return People(
        resident=make_member(fengshu, Role.RESIDENT, name="居民张伟"),
        neighbour=make_member(fengshu, Role.RESIDENT, name="邻居王芳"),
        staff=make_member(fengshu, Role.STAFF, name="社工李强"),
        admin=make_member(fengshu, Role.ADMIN, name="书记"),
        grid_worker=make_member(fengshu, Role.GRID_WORKER, name="网格员小陈"),
    )


@dataclass
class Grids:
    a: object
    micro: object
    b: object
    l_shape: object
    diamond: object


@pytest.fixture
def grid_map(fengshu, people) -> Grids:
    with in_schema(fengshu):
        a = grids.grid_draw(actor=people.staff, name="红枫第一网格", rings=[GRID_A, HOLE_A])
        micro = grids.grid_draw(actor=people.staff, name="枫林苑微网格", rings=[MICRO_M], parent=a)
        b = grids.grid_draw(actor=people.staff, name="红枫第二网格", rings=[GRID_B])
        l_shape = grids.grid_draw(actor=people.staff, name="拐角网格", rings=[GRID_L])
        diamond = grids.grid_draw(actor=people.staff, name="菱形网格", rings=[GRID_D])
        grids.grid_member_set(
            actor=people.staff, community=fengshu, grid=a, user=people.grid_worker, role="worker"
        )
    return Grids(a=a, micro=micro, b=b, l_shape=l_shape, diamond=diamond)


@pytest.fixture
def gas_department(fengshu):
    with in_schema(fengshu):
        return departments.department_create(
            actor=None, name="成华燃气公司", email="gas@chenghua.example.cn", categories=["gas"]
        )


@pytest.fixture
def subdistrict_office(fengshu):
    with in_schema(fengshu):
        return departments.department_create(
            actor=None, name="成龙路街道办", email="jd@chenglong.example.cn", is_subdistrict=True
        )


def rules(community, **fields) -> HazardSettings:
    with in_schema(community):
        row = HazardSettings.current()
        for key, value in fields.items():
            setattr(row, key, value)
        row.save()
        return row


def file_report(community, actor, *, category="gas", at=IN_A, **extra):
    with in_schema(community):
        return report_services.report_file(
            actor=actor,
            community=community,
            category=category,
            description=extra.pop("description", "楼道里有燃气味"),
            lat=at[0],
            lng=at[1],
            place=extra.pop("place", "枫林苑3栋"),
            **extra,
        )
