"""Community B's admin gets nothing of community A through A's host, and changes nothing.

The operations come from the registry in `tests/operations.py`; see its docstring to add one.
"""

import pytest

from commonweal.platform.root.schema import community_schema
from tests.fixtures import gql, token_for
from tests.isolation import leaked, target_markers
from tests.operations import database_state, operations, refusal_codes

OPERATIONS = [o for o in operations() if o.endpoint == "community" and o.isolation]
BY_NAME = pytest.mark.parametrize("operation", OPERATIONS, ids=str)
TOKEN_REFUSAL = "UNAUTHENTICATED"


def test_every_root_field_of_the_community_schema_is_registered():
    # given the root fields of the community schema
    schema = community_schema._schema
    fields = {("query", name) for name in schema.query_type.fields} | {
        ("mutation", name) for name in schema.mutation_type.fields
    }

    # when collecting the fields the registered operations call
    covered = set().union(*(operation.root_fields() for operation in OPERATIONS))

    # then none is missing
    assert sorted(fields - covered) == [], "register them: see the docstring of tests/operations.py"


@BY_NAME
def test_outsider_session_on_target_host_gets_nothing_of_target(db, world, operation):
    # given B's admin signed in, and the database as it stands
    client = gql(world.target, world.outsider_admin)
    variables = operation.outsider_variables_for(world)
    markers = target_markers(world) | operation.markers(world)
    before = database_state()

    # when B's admin calls the operation on A's host
    response = client.execute(operation.document, variables)

    # then it is answered or refused as registered, with nothing of A, and nothing changed
    assert client.status == 200
    assert refusal_codes(response) == operation.outsider_codes(world)
    assert leaked(response, markers) == []
    assert database_state() == before


@BY_NAME
@pytest.mark.parametrize("scope", ["own-community", "platform"])
def test_outsider_token_is_refused_on_target_host(db, world, operation, scope):
    # given an API token of B's admin, scoped to B or to the platform endpoint
    community = world.outsider_community if scope == "own-community" else None
    client = gql(world.target, token=token_for(world.outsider_admin, community))
    variables = operation.outsider_variables_for(world)
    markers = target_markers(world) | operation.markers(world)
    before = database_state()

    # when it is used on A's host
    response = client.execute(operation.document, variables)

    # then the request is refused before GraphQL runs, and nothing changed
    assert client.status == 401
    assert list(response) == ["errors"]
    assert refusal_codes(response) == [TOKEN_REFUSAL]
    assert leaked(response, markers) == []
    assert database_state() == before


@pytest.mark.parametrize("operation", [o for o in OPERATIONS if o.insider_sees_markers], ids=str)
def test_target_admin_does_see_what_the_outsider_must_not(db, world, operation):
    # given A's own admin, signed in on A's host
    client = gql(world.target, world.target_admin)
    variables = operation.variables_for(world, "admin")

    # when the admin calls the operation
    response = client.execute(operation.document, variables)

    # then A's private data is in the answer: the leak check above can fail
    assert client.status == 200
    assert refusal_codes(response) == []
    assert leaked(response, target_markers(world) | operation.markers(world)) != []
