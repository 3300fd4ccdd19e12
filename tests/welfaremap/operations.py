"""The welfare map in the operation registry (see tests/operations.py).

A's private map data — a hidden point, a compound, coverage — must never reach B's admin.
Public points are public: they are not markers. Office roles (staff, admin) keep the map.
"""

from django.db import connection

from commonweal.welfaremap import services
from tests.operations import OFFICE, Operation, World, allowed, global_id, ok, register, setup

HIDDEN_POINT = "甲方内部服务点"
COMPOUND = "甲方保密小区"
CSV = "名称,类别,纬度,经度\n新食堂,canteen,30.61,104.11\n"


@setup("welfaremap")
def _map(world: World) -> None:
    connection.set_tenant(world.community)
    point = services.point_create(
        actor=None,
        community=world.community,
        data={
            "name": HIDDEN_POINT,
            "category": "canteen",
            "lat": 30.6,
            "lng": 104.1,
            "is_public": False,
        },
    )
    compound = services.compound_save(
        actor=None, data={"name": COMPOUND, "lat": 30.6, "lng": 104.1, "population": 99}
    )
    world.ids |= {
        "hidden_point": global_id("ServicePoint", point.pk),
        "compound": global_id("Compound", compound.pk),
    }


def _private(world: World) -> set[str]:
    return {HIDDEN_POINT, COMPOUND}


def _point(world: World, actor: str) -> dict:
    return {"id": world.ids["hidden_point"]}


def _compound(world: World, actor: str) -> dict:
    return {"id": world.ids["compound"]}


register(
    Operation(
        "servicePointsHidden",
        "query { servicePoints(first: 50, includeHidden: true)"
        " { totalCount edges { node { id name } } } }",
        markers=_private,
        insider_sees_markers=True,
    )
)
register(
    Operation(
        "servicePointsNear",
        "query { servicePoints(first: 5, near: {lat: 30.6, lng: 104.1}, radiusM: 500)"
        " { edges { node { name distanceM } } } }",
        markers=_private,
    )
)
register(
    Operation(
        "servicePointsGeojson", "query { servicePointsGeojson(crs: WGS84) }", markers=_private
    )
)
register(
    Operation(
        "compounds",
        "query { compounds(first: 50) { edges { node { id name population } } } }",
        markers=_private,
        insider_sees_markers=True,
    )
)
register(Operation("facilityTypes", "query { facilityTypes { code radiusM } }", markers=_private))
register(
    Operation(
        "livingCircleCoverage",
        "query { livingCircleCoverage(first: 10) { score compounds { compound { name } }"
        " gaps { compoundName } } }",
        markers=_private,
        insider_sees_markers=True,
    )
)

for name, document, variables, answer in (
    (
        "createServicePoint",
        'mutation { createServicePoint(input: {name: "新点", category: REPAIR, lat: 30.61,'
        " lng: 104.11}) { point { name } errors { code } } }",
        None,
        ok(point={"name": "新点"}),
    ),
    (
        "updateServicePoint",
        'mutation($id: ID!) { updateServicePoint(id: $id, input: {name: "改名"})'
        " { point { name } errors { code } } }",
        _point,
        ok(point={"name": "改名"}),
    ),
    (
        "retireServicePoint",
        "mutation($id: ID!) { retireServicePoint(id: $id) { point { name } errors { code } } }",
        _point,
        ok(point={"name": HIDDEN_POINT}),
    ),
    (
        "importServicePoints",
        "mutation($c: String!) { importServicePoints(content: $c)"
        " { importedCount rejected { row } errors { code } } }",
        lambda world, actor: {"c": CSV},
        {"importedCount": 1, "rejected": [], "errors": []},
    ),
    (
        "createCompound",
        'mutation { createCompound(input: {name: "二号院", lat: 30.61, lng: 104.11,'
        " population: 300}) { compound { name population } errors { code } } }",
        None,
        ok(compound={"name": "二号院", "population": 300}),
    ),
    (
        "updateCompound",
        f'mutation($id: ID!) {{ updateCompound(id: $id, input: {{name: "{COMPOUND}", lat: 30.6,'
        " lng: 104.1, households: 120}) { compound { households } errors { code } } }",
        _compound,
        ok(compound={"households": 120}),
    ),
    (
        "deleteCompound",
        "mutation($id: ID!) { deleteCompound(id: $id) { compound { name } errors { code } } }",
        _compound,
        ok(compound=None),
    ),
    (
        "setFacilityType",
        'mutation { setFacilityType(code: "community_canteen", radiusM: 400)'
        " { facilityType { code radiusM } errors { code } } }",
        None,
        ok(facilityType={"code": "community_canteen", "radiusM": 400}),
    ),
):
    register(
        Operation(
            name,
            document,
            variables=variables,
            answers=allowed(OFFICE, answer),
            markers=_private,
        )
    )
