"""Fuzzing both schemas with generated, schema-valid operations (hypothesis-graphql),
anonymously and as an administrator: whatever a client sends, the answer is never a 5xx
and never INTERNAL_ERROR (which would mean a bug), and nothing is logged as an error.

Bounded: a few operations per root field, schema and identity (about two minutes in all);
`COMMONWEAL_FUZZ_EXAMPLES` raises it for a longer hunt."""

import logging
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes
from strawberry.relay import to_base64

from commonweal.platform.kernel.roles import Role
from commonweal.platform.root.schema import community_schema, platform_schema
from tests.fixtures import gql, make_member, make_user

EXAMPLES_PER_FIELD = int(os.environ.get("COMMONWEAL_FUZZ_EXAMPLES", "3"))

# Ordinary text gets operations past the boundary and into resolvers; then every field is
# also sent what the issue found crashing twelve resolvers: NUL and a lone surrogate.
ORDINARY = st.text(st.characters(categories=["L", "N", "P", "Zs"]), max_size=12)
TYPENAMES = ["Partner", "Community", "ServicePoint", "Campaign", "Donation", "Member"]
GLOBAL_IDS = st.builds(
    lambda name, pk: to_base64(name, pk), st.sampled_from(TYPENAMES), st.integers(-1, 3)
)
ROUNDS = [
    ("ordinary", ORDINARY, EXAMPLES_PER_FIELD),
    ("NUL", ORDINARY.map(lambda text: text + "\x00"), 1),
    ("lone surrogate", ORDINARY.map(lambda text: "\ud800" + text), 1),
]
OTHER_SCALARS = {
    "Date": st.dates().map(lambda d: nodes.String(d.isoformat())),
    "DateTime": st.datetimes().map(lambda d: nodes.String(d.isoformat() + "+08:00")),
    "Time": st.times().map(lambda t: nodes.String(t.isoformat())),
    "Decimal": st.decimals(allow_nan=False, allow_infinity=False, places=2).map(
        lambda d: nodes.String(str(d))
    ),
    # A file travels as a multipart part; written inline, an Upload is whatever literal came.
    "Upload": ORDINARY.map(nodes.String),
}


def _client(which, fengshu):
    if which == "community-anonymous":
        return community_schema, gql(fengshu)
    if which == "community-admin":
        return community_schema, gql(fengshu, make_member(fengshu, Role.ADMIN))
    if which == "platform-anonymous":
        return platform_schema, gql(None)
    return platform_schema, gql(None, make_user(staff=True))


def _roots(schema) -> list[str]:
    types = (schema._schema.query_type, schema._schema.mutation_type)
    return sorted({name for t in types for name in t.fields})


def _operations(schema, field: str, strings):
    """One root field per operation, so one refused argument does not hide the others."""
    scalars = {
        **OTHER_SCALARS,
        "String": strings.map(nodes.String),
        "ID": st.one_of(GLOBAL_IDS, strings).map(nodes.String),
    }
    return from_schema(schema._schema, fields=[field], custom_scalars=scalars)


@pytest.mark.parametrize(
    "which",
    ["community-anonymous", "community-admin", "platform-anonymous", "platform-admin"],
)
def test_generated_operations_never_answer_internal_error_or_5xx(fengshu, caplog, which):
    caplog.set_level(logging.WARNING)
    schema, client = _client(which, fengshu)
    seen: list[tuple[str, int, list]] = []

    def send(query):
        response = client.execute(query)
        codes = [e.get("extensions", {}).get("code") for e in response.get("errors") or ()]
        if client.status >= 500 or "INTERNAL_ERROR" in codes:
            seen.append((query, client.status, response.get("errors")))

    # Every root field gets its own few operations: none is left to chance.
    for field in _roots(schema):
        for _round, strings, examples in ROUNDS:
            settings(
                max_examples=examples,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )(given(query=_operations(schema, field, strings))(send))()

    assert seen == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
