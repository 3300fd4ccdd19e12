"""Objects made only of plain fields are answered in one pass, with graphql-core's answer:
the same data, the same errors at the same paths, and nothing skipped for guarded fields."""

from enum import Enum

import pytest
import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from commonweal.platform.kernel.graphql import execution, fast
from commonweal.platform.kernel.roles import Role
from commonweal.platform.root.schema import community_schema
from tests.fixtures import gql, make_member

GRAPHQL_CORE = StrawberryGraphQLCoreExecutionContext


@strawberry.enum
class Kind(Enum):
    REPAIR = "repair"
    CANTEEN = "canteen"


@strawberry.type
class Tag:
    label: str


@strawberry.type
class Row:
    name: str
    count: int
    tags: list[Tag]
    kinds: list[Kind]
    note: str | None = None


def _row(name="甲", count=1, tags=(), kinds=(Kind.REPAIR,)):
    return Row(name=name, count=count, tags=list(tags), kinds=list(kinds))


ROWS = [_row(tags=[Tag(label="a")]), _row(name="乙", count=2, kinds=[])]


def _schema(rows, executor=execution.PlainFieldsExecution, extensions=()):
    @strawberry.type
    class Query:
        @strawberry.field
        def rows(self) -> list[Row]:
            return rows

    schema = strawberry.Schema(Query, execution_context_class=executor, extensions=extensions)
    fast.resolve_plain_fields_directly(schema)
    return schema


def _both(rows, query: str, extensions=()):
    """The answer of the one-pass executor and graphql-core's, as dicts."""
    answers = []
    for executor in (execution.PlainFieldsExecution, GRAPHQL_CORE):
        result = _schema(rows, executor, extensions).execute_sync(query)
        errors = [(e.message, e.path) for e in result.errors or ()]
        answers.append((result.data, errors))
    return answers


class _Counting(execution.PlainFieldsExecution):
    fields_executed = 0

    def execute_field(self, *args, **kwargs):
        type(self).fields_executed += 1
        return super().execute_field(*args, **kwargs)


def test_plain_objects_skip_graphql_cores_field_machinery():
    # given rows whose every selected field is a plain attribute
    _Counting.fields_executed = 0
    schema = _schema(ROWS, _Counting)

    # when they are listed with nested plain objects and __typename
    query = "{ rows { __typename name count note kinds tags { label } } }"
    result = schema.execute_sync(query)

    # then the answer is graphql-core's and only the root field went through execute_field
    assert result.errors is None
    assert result.data == {
        "rows": [
            {
                "__typename": "Row",
                "name": "甲",
                "count": 1,
                "note": None,
                "kinds": ["REPAIR"],
                "tags": [{"label": "a"}],
            },
            {"__typename": "Row", "name": "乙", "count": 2, "note": None, "kinds": [], "tags": []},
        ]
    }
    assert _Counting.fields_executed == 1
    assert result.data == _schema(ROWS, GRAPHQL_CORE).execute_sync(query).data


@pytest.mark.parametrize(
    ("rows", "query"),
    [
        # null for a non-null field, in the second row only
        ([ROWS[0], _row(name=None)], "{ rows { name count } }"),
        # a value the Int scalar refuses
        ([_row(count="many")], "{ rows { name count } }"),
        # a value the enum does not know, inside a list
        ([_row(kinds=[Kind.REPAIR, "tea"])], "{ rows { name kinds } }"),
        # a non-null nested object missing
        ([_row(tags=[None])], "{ rows { name tags { label } } }"),
        # an object of another type where a Tag is expected
        ([_row(tags=[ROWS[0]])], "{ rows { tags { label } } }"),
    ],
    ids=["null", "bad-scalar", "bad-enum", "null-object", "wrong-type"],
)
def test_errors_read_as_graphql_cores(rows, query):
    # when a row does not fit its type
    one_pass, graphql_core = _both(rows, query)

    # then the data and the errors, with their paths, are graphql-core's own
    assert one_pass == graphql_core
    assert one_pass[1]  # and there was an error to report


def test_an_extension_hooking_every_field_still_sees_every_field():
    # given an extension that hooks every field's resolve
    seen = []

    class Watch(SchemaExtension):
        def resolve(self, _next, root, info, *args, **kwargs):
            seen.append(info.field_name)
            return _next(root, info, *args, **kwargs)

    # when plain rows are listed
    result = _schema(ROWS, extensions=[Watch]).execute_sync("{ rows { name } }")

    # then its hook ran for every field of every row
    assert result.data == {"rows": [{"name": "甲"}, {"name": "乙"}]}
    assert seen == ["rows", "name", "name"]


def test_the_community_schema_uses_the_one_pass_executor():
    assert community_schema.execution_context_class is execution.PlainFieldsExecution


@pytest.mark.django_db
def test_members_answer_as_graphql_core_does_and_guarded_fields_stay_guarded(fengshu):
    # given an admin and a resident of fengshu
    admin = make_member(fengshu, Role.ADMIN, name="管理员")
    resident = make_member(fengshu, Role.RESIDENT, name="居民")
    query = (
        "query { members(first: 10) { pageInfo { hasNextPage endCursor }"
        " edges { cursor node { __typename displayName roles joinedAt email } } } }"
    )

    # when the admin lists members with each executor
    answers = []
    for executor in (execution.PlainFieldsExecution, GRAPHQL_CORE):
        community_schema.execution_context_class = executor
        try:
            answers.append(gql(fengshu, admin).execute(query))
        finally:
            community_schema.execution_context_class = execution.PlainFieldsExecution

    # then both answers are the same, e-mails included for the office
    assert answers[0] == answers[1]
    nodes = [e["node"] for e in answers[0]["data"]["members"]["edges"]]
    assert {n["displayName"] for n in nodes} == {"管理员", "居民"}
    assert all(n["email"] for n in nodes)

    # and a resident, whose role may not read e-mails, is still refused the list
    refused = gql(fengshu, resident).execute(query)
    assert refused["data"]["members"]["edges"] == []
