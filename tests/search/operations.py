"""Search in the operation registry (see tests/operations.py)."""

from tests.operations import Operation, register

register(
    Operation(
        "search",
        'query { search(query: "社区") { totalCount hits { title } errors { code } } }',
    )
)
