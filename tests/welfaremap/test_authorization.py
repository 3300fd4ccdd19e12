"""Who may call each welfare-map mutation; a refusal changes nothing.

Actors: anonymous; resident, staff and admin of Fengshu; the admin of Jiahonglu (another
community); a platform admin who is no member. Office roles (staff, admin) may keep the map.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from strawberry.relay import to_base64

from commonweal.platform.accounts.roles import Role
from commonweal.platform.graphql.schema import community_schema
from commonweal.search.models import SearchDocument
from commonweal.welfaremap import services
from commonweal.welfaremap.models import Compound, FacilityType, ServicePoint
from tests.fixtures import gql, make_member
from tests.welfaremap.fixtures import add_point

ACTORS = ("anonymous", "resident", "staff", "admin", "other_admin", "platform_admin")
OFFICE = frozenset({"staff", "admin"})
CSV = "名称,类别,纬度,经度\n新食堂,canteen,30.61,104.11\n"


@dataclass
class Cast:
    fengshu: object
    people: dict
    point_id: str
    compound_id: str


@pytest.fixture
def cast(fengshu, jiahonglu, platform_admin) -> Cast:
    people = {
        "anonymous": None,
        "resident": make_member(fengshu, Role.RESIDENT),
        "staff": make_member(fengshu, Role.STAFF),
        "admin": make_member(fengshu, Role.ADMIN),
        "other_admin": make_member(jiahonglu, Role.ADMIN),
        "platform_admin": platform_admin,
    }
    point = add_point(fengshu, "枫树食堂", "canteen", 30.6, 104.1)
    compound = services.compound_save(
        actor=None, data={"name": "一号院", "lat": 30.6, "lng": 104.1, "population": 10}
    )
    connection.set_schema_to_public()
    return Cast(
        fengshu=fengshu,
        people=people,
        point_id=to_base64("ServicePoint", point.pk),
        compound_id=to_base64("Compound", compound.pk),
    )


@dataclass(frozen=True)
class Case:
    field: str
    document: str
    expected: dict
    variables: Callable[[Cast], dict] = lambda cast: {}


CASES = [
    Case(
        "createServicePoint",
        'mutation { createServicePoint(input: {name: "新点", category: REPAIR, lat: 30.61,'
        " lng: 104.11}) { point { name } errors { code } } }",
        {"point": {"name": "新点"}, "errors": []},
    ),
    Case(
        "updateServicePoint",
        'mutation($id: ID!) { updateServicePoint(id: $id, input: {name: "改名"})'
        " { point { name } errors { code } } }",
        {"point": {"name": "改名"}, "errors": []},
        lambda cast: {"id": cast.point_id},
    ),
    Case(
        "retireServicePoint",
        "mutation($id: ID!) { retireServicePoint(id: $id) { point { name } errors { code } } }",
        {"point": {"name": "枫树食堂"}, "errors": []},
        lambda cast: {"id": cast.point_id},
    ),
    Case(
        "importServicePoints",
        "mutation($c: String!) { importServicePoints(content: $c)"
        " { importedCount rejected { row } errors { code } } }",
        {"importedCount": 1, "rejected": [], "errors": []},
        lambda cast: {"c": CSV},
    ),
    Case(
        "createCompound",
        'mutation { createCompound(input: {name: "二号院", lat: 30.61, lng: 104.11,'
        " population: 300}) { compound { name population } errors { code } } }",
        {"compound": {"name": "二号院", "population": 300}, "errors": []},
    ),
    Case(
        "updateCompound",
        'mutation($id: ID!) { updateCompound(id: $id, input: {name: "一号院", lat: 30.6,'
        " lng: 104.1, households: 120}) { compound { households } errors { code } } }",
        {"compound": {"households": 120}, "errors": []},
        lambda cast: {"id": cast.compound_id},
    ),
    Case(
        "deleteCompound",
        "mutation($id: ID!) { deleteCompound(id: $id) { compound { name } errors { code } } }",
        {"compound": None, "errors": []},
        lambda cast: {"id": cast.compound_id},
    ),
    Case(
        "setFacilityType",
        'mutation { setFacilityType(code: "community_canteen", radiusM: 400)'
        " { facilityType { code radiusM } errors { code } } }",
        {"facilityType": {"code": "community_canteen", "radiusM": 400}, "errors": []},
    ),
]


def _state(community) -> dict:
    connection.set_tenant(community)
    try:
        return {
            model.__name__: list(model.objects.order_by("pk").values())
            for model in (ServicePoint, Compound, FacilityType)
        } | {"search": list(SearchDocument.objects.order_by("pk").values())}
    finally:
        connection.set_schema_to_public()


def test_the_matrix_covers_every_welfaremap_mutation():
    from commonweal.welfaremap.graphql.mutations import MapMutation

    ours = {f.graphql_name or f.python_name for f in MapMutation.__strawberry_definition__.fields}
    ours = {community_schema.config.name_converter.apply_naming_config(n) for n in ours}
    assert {case.field for case in CASES} == ours


@pytest.mark.parametrize(
    ("case", "actor_name"),
    [pytest.param(c, a, id=f"{c.field}-{a}") for c in CASES for a in ACTORS],
)
def test_mutation_answers_each_actor_as_its_permissions_say(cast, case, actor_name):
    # given an actor and the community's map as it stands
    actor = cast.people[actor_name]
    before = _state(cast.fengshu)

    # when the actor calls the mutation on Fengshu's host
    client = gql(cast.fengshu, actor)
    response = client.execute(case.document, case.variables(cast))

    # then office roles get the answer ...
    assert client.status == 200
    if actor_name in OFFICE:
        assert response == {"data": {case.field: case.expected}}
        return
    # ... and everyone else a coded refusal, with nothing changed
    code = "UNAUTHENTICATED" if actor is None else "FORBIDDEN"
    assert response["data"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in response["errors"]] == [
        ([case.field], code)
    ]
    assert _state(cast.fengshu) == before
