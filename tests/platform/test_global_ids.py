"""Global ids name their community: one community's id is not found at another's endpoint."""

from pathlib import Path

from strawberry import relay
from strawberry.relay import from_base64, to_base64

from commonweal.platform.kernel.roles import Role
from commonweal.platform.root.schema import community_schema, platform_schema
from tests.fixtures import gql, make_member
from tests.partners.documents import APPROVE, DIRECTORY
from tests.partners.fixtures import S, in_schema, make_partnership

PARTNER = "query($id: ID!) { partner(id: $id) { organisation { legalName } } }"

COMMONWEAL = Path(__file__).resolve().parents[2] / "commonweal"


def _listed_ids(community, client=None) -> list[str]:
    listed = (client or gql(community)).execute(DIRECTORY, {"first": 10})["data"]["partners"]
    return [edge["node"]["id"] for edge in listed["edges"]]


def test_an_id_names_its_community_and_is_not_found_at_another(fengshu, jiahonglu):
    # given a partner in each community, both row 1 of their own schema
    here = make_partnership(fengshu, S.ACTIVE)
    there = make_partnership(jiahonglu, S.ACTIVE)
    assert here.pk == there.pk == 1

    # when each community's directory lists its partner
    [fengshu_id] = _listed_ids(fengshu)
    [jiahonglu_id] = _listed_ids(jiahonglu)

    # then the ids differ and say where they come from
    assert from_base64(fengshu_id) == ("Partner", "c_fengshu:1")
    assert from_base64(jiahonglu_id) == ("Partner", "c_jiahonglu:1")
    # and fengshu's id at jiahonglu's endpoint reads exactly as an id nobody holds
    foreign = gql(jiahonglu).execute(PARTNER, {"id": fengshu_id})
    missing = gql(jiahonglu).execute(PARTNER, {"id": to_base64("Partner", "c_jiahonglu:99")})
    assert foreign == missing == {"data": {"partner": None}}
    assert gql(fengshu).execute(PARTNER, {"id": fengshu_id})["data"]["partner"] == {
        "organisation": {"legalName": here.organisation.legal_name}
    }


def test_a_mutation_with_another_communitys_id_is_not_found_and_changes_nothing(fengshu, jiahonglu):
    # given a partner under review in each community, both row 1
    make_partnership(fengshu, S.UNDER_REVIEW)
    there = make_partnership(jiahonglu, S.UNDER_REVIEW)
    staff_there = make_member(jiahonglu, Role.STAFF, name="佳宏路社工")
    fengshu_id = to_base64("Partner", "c_fengshu:1")

    # when jiahonglu's staff approve with fengshu's id
    approved = gql(jiahonglu, staff_there).execute(APPROVE, {"id": fengshu_id})

    # then it is not found, and jiahonglu's own row 1 is still under review
    assert approved["data"]["approvePartnership"] == {
        "partner": None,
        "errors": [{"code": "NOT_FOUND"}],
    }
    with in_schema(jiahonglu):
        there.refresh_from_db()
    assert there.status == S.UNDER_REVIEW


def test_ids_issued_before_they_named_their_community_are_still_accepted(fengshu):
    partnership = make_partnership(fengshu, S.ACTIVE)
    old_form = to_base64("Partner", str(partnership.pk))

    answered = gql(fengshu).execute(PARTNER, {"id": old_form})

    assert answered["data"]["partner"] == {
        "organisation": {"legalName": partnership.organisation.legal_name}
    }


def test_a_platform_row_has_one_id_on_every_host(fengshu, jiahonglu):
    # an organisation lives in the platform's schema: its id names "public" on any host
    partnership = make_partnership(fengshu, S.ACTIVE)
    document = "query { partners(first: 1) { edges { node { organisation { id } } } } }"
    answered = gql(fengshu).execute(document)["data"]["partners"]["edges"][0]["node"]

    assert from_base64(answered["organisation"]["id"]) == (
        "PartnerOrganisation",
        f"public:{partnership.organisation_id}",
    )


def test_every_node_type_of_both_schemas_names_its_community():
    unnamed = sorted(
        definition.name
        for schema in (community_schema, platform_schema)
        for definition in schema.schema_converter.type_map.values()
        if isinstance(getattr(definition.definition, "origin", None), type)
        and issubclass(definition.definition.origin, relay.Node)
        and not definition.definition.is_interface
        and not getattr(definition.definition.origin.resolve_id, "names_community", False)
    )
    assert unnamed == []


def test_references_by_id_are_made_with_the_helper_that_names_the_community():
    # a field that refers to another row returns `ids.global_id(...)`; a bare relay.GlobalID
    # would leave the community out
    bare = sorted(
        str(path.relative_to(COMMONWEAL))
        for path in COMMONWEAL.rglob("*.py")
        if "GlobalID(" in path.read_text() and path.name != "ids.py"
    )
    assert bare == []
