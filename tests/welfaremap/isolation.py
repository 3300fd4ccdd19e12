"""Welfare-map operations for the cross-community isolation harness (tests/isolation.py).

A's private map data — a hidden point, a compound, coverage — must never reach B's admin, and
B's admin may not write A's map. Public points are public: they are not markers.
"""

from django.db import connection

from commonweal.welfaremap import services
from commonweal.welfaremap.models import Compound, ServicePoint
from tests.isolation import Operation, global_id, register

HIDDEN_POINT = "甲方内部服务点"
COMPOUND = "甲方保密小区"


def _in_target(world, make):
    connection.set_tenant(world.target)
    try:
        return make()
    finally:
        connection.set_schema_to_public()


def _hidden_point(world) -> ServicePoint:
    return _in_target(
        world,
        lambda: (
            ServicePoint.objects.filter(name=HIDDEN_POINT).first()
            or services.point_create(
                actor=None,
                community=world.target,
                data={
                    "name": HIDDEN_POINT,
                    "category": "other",
                    "lat": 30.6,
                    "lng": 104.1,
                    "is_public": False,
                },
            )
        ),
    )


def _compound(world) -> Compound:
    return _in_target(
        world,
        lambda: (
            Compound.objects.filter(name=COMPOUND).first()
            or services.compound_save(
                actor=None, data={"name": COMPOUND, "lat": 30.6, "lng": 104.1, "population": 99}
            )
        ),
    )


def _point_id(world):
    return {"id": global_id("ServicePoint", _hidden_point(world).pk)}


def _compound_id(world):
    return {"id": global_id("Compound", _compound(world).pk)}


def _private(world):
    return {HIDDEN_POINT, COMPOUND}


def _with_private_data(world):
    _hidden_point(world)
    _compound(world)
    return {}


register(
    Operation(
        "servicePointsHidden",
        "query { servicePoints(first: 50, includeHidden: true)"
        " { totalCount edges { node { id name } } } }",
        variables_factory=_with_private_data,
        markers=_private,
        insider_sees_markers=True,
    )
)
register(
    Operation(
        "servicePointsNear",
        "query { servicePoints(first: 5, near: {lat: 30.6, lng: 104.1}, radiusM: 500)"
        " { edges { node { name distanceM } } } }",
        variables_factory=_with_private_data,
        markers=_private,
    )
)
register(
    Operation(
        "servicePointsGeojson",
        "query { servicePointsGeojson(crs: WGS84) }",
        variables_factory=_with_private_data,
        markers=_private,
    )
)
register(
    Operation(
        "compounds",
        "query { compounds(first: 50) { edges { node { id name population } } } }",
        variables_factory=_with_private_data,
        markers=_private,
        insider_sees_markers=True,
    )
)
register(
    Operation(
        "facilityTypes",
        "query { facilityTypes { code radiusM } }",
        variables_factory=_with_private_data,
        markers=_private,
    )
)
register(
    Operation(
        "livingCircleCoverage",
        "query { livingCircleCoverage(first: 10) { score compounds { compound { name } }"
        " gaps { compoundName } } }",
        variables_factory=_with_private_data,
        markers=_private,
        insider_sees_markers=True,
    )
)
for name, document, factory in (
    (
        "createServicePoint",
        'mutation { createServicePoint(input: {name: "乙方插入", category: OTHER, lat: 30.6,'
        " lng: 104.1}) { point { id name } errors { code } } }",
        _with_private_data,
    ),
    (
        "updateServicePoint",
        'mutation($id: ID!) { updateServicePoint(id: $id, input: {name: "乙方改名"})'
        " { point { id name } errors { code } } }",
        _point_id,
    ),
    (
        "retireServicePoint",
        "mutation($id: ID!) { retireServicePoint(id: $id) { point { id name } errors { code } } }",
        _point_id,
    ),
    (
        "importServicePoints",
        'mutation { importServicePoints(content: "name,category,lat,lng\\n乙方,other,30.6,104.1")'
        " { importedCount rejected { row } errors { code } } }",
        _with_private_data,
    ),
    (
        "createCompound",
        'mutation { createCompound(input: {name: "乙方小区", lat: 30.6, lng: 104.1})'
        " { compound { id name } errors { code } } }",
        _with_private_data,
    ),
    (
        "updateCompound",
        'mutation($id: ID!) { updateCompound(id: $id, input: {name: "乙方改名", lat: 30.6,'
        " lng: 104.1}) { compound { id name } errors { code } } }",
        _compound_id,
    ),
    (
        "deleteCompound",
        "mutation($id: ID!) { deleteCompound(id: $id) { compound { id } errors { code } } }",
        _compound_id,
    ),
    (
        "setFacilityType",
        'mutation { setFacilityType(code: "community_canteen", radiusM: 5000)'
        " { facilityType { radiusM } errors { code } } }",
        _with_private_data,
    ),
):
    register(
        Operation(
            name,
            document,
            variables_factory=factory,
            kind="mutation",
            refused_with="FORBIDDEN",
            markers=_private,
        )
    )
