"""The authorisation matrix: every mutation of both schemas, asked by every actor.

The operations and what each actor must get come from the registry in `tests/operations.py`
(its docstring says how to add one). A refused cell asserts the exact code and that the
database did not change; an allowed cell asserts the exact payload.
"""

import pytest

from commonweal.platform.root.schema import community_schema, platform_schema
from tests.fixtures import gql
from tests.operations import (
    ACTORS,
    Answer,
    Refused,
    database_state,
    matrix_cells,
    operations,
)

CELLS = [
    pytest.param(
        operation,
        actor,
        id=f"{operation.endpoint}-{operation.field}-{actor}",
        marks=(
            [pytest.mark.xfail(strict=True, reason=operation.known_defects[actor])]
            if actor in operation.known_defects
            else []
        ),
    )
    for operation, actor in matrix_cells()
]


def test_every_mutation_of_both_schemas_has_answers_for_every_actor():
    # given the mutations each endpoint exposes
    exposed = {
        (endpoint, name)
        for endpoint, schema in (("community", community_schema), ("platform", platform_schema))
        for name in schema._schema.mutation_type.fields
    }

    # when collecting the mutations the registry answers for
    answered = [(o.endpoint, o.field) for o in operations() if o.answers is not None]

    # then each is answered exactly once, every actor included, and no answer names another
    assert sorted(exposed - set(answered)) == [], "register them: see tests/operations.py"
    assert sorted(set(answered) - exposed) == []
    assert len(answered) == len(set(answered))
    assert all(set(o.answers) == set(ACTORS) for o in operations() if o.answers is not None)


@pytest.mark.parametrize(("operation", "actor"), CELLS)
def test_mutation_answers_each_actor_as_registered(db, world, operation, actor):
    # given an actor on the operation's endpoint, and the database as it stands
    person = world.people[actor]
    client = gql(world.community if operation.endpoint == "community" else None, person)
    variables = operation.variables_for(world, actor)
    before = database_state()

    # when the actor calls the mutation
    response = client.execute(operation.document, variables)

    # then the actor gets exactly the registered answer ...
    assert client.status == 200
    expected = operation.answers[actor]
    if isinstance(expected, Answer):
        payload = expected.for_actor(world, actor)
        assert response == {"data": {operation.field: payload}}
        if not (isinstance(payload, dict) and payload.get("errors")):
            return
    else:
        assert isinstance(expected, Refused)
        assert response["data"] is None
        assert [(e["path"], e["extensions"]["code"]) for e in response["errors"]] == [
            ([operation.field], expected.code)
        ]
    # ... and a refusal, top-level or in the payload, changed nothing
    assert database_state() == before
