"""Registers `search` with the community-endpoint isolation harness (tests/isolation.py)."""

from tests.isolation import Operation, register

register(
    Operation(
        "search",
        'query { search(query: "社区") { totalCount hits { title } errors { code } } }',
    )
)
