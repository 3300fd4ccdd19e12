"""Relations and annotations the optimizer loaded are read in the one pass with the answer of
strawberry-django's chain; whatever the chain would do more (a type's `get_queryset`, a
permission, masking a number) still happens, because the reader refuses and the chain runs."""

import pytest
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from commonweal.partners.models import Partnership, ServiceRating
from commonweal.platform.kernel.graphql import execution, loaded
from commonweal.platform.kernel.roles import Role
from commonweal.platform.root.schema import community_schema
from tests.fixtures import gql, make_member
from tests.partners.fixtures import S, add_commitment, in_schema, make_partnership, service_point

GRAPHQL_CORE = StrawberryGraphQLCoreExecutionContext
DIRECTORY = (
    "query { partners(first: 25) { pageInfo { hasNextPage endCursor }"
    " edges { node { tier offers averageRating ratingCount"
    " organisation { legalName kind contactPhone }"
    " commitments { title quantity unit }"
    " servicePoints { name lat lng }"
    " ratings { score comment } } } } }"
)


class _Counting(execution.PlainFieldsExecution):
    fields_executed = 0

    def execute_field(self, *args, **kwargs):
        type(self).fields_executed += 1
        return super().execute_field(*args, **kwargs)


def _answer(community, user, executor, query=DIRECTORY):
    community_schema.execution_context_class = executor
    try:
        return gql(community, user).execute(query)
    finally:
        community_schema.execution_context_class = execution.PlainFieldsExecution


def _reader(type_name: str, field_name: str):
    field = community_schema._schema.type_map[type_name].fields[field_name]
    return (field.extensions or {}).get(loaded.READER)


@pytest.fixture
def directory(fengshu):
    """An active partner with a commitment, a public, a hidden and a retired point of the map,
    two ratings (one quoting a mobile number); a suspended partner; the office's member."""
    office = make_member(fengshu, Role.STAFF, name="社工小李")
    resident = make_member(fengshu, Role.RESIDENT)
    active = make_partnership(fengshu, S.ACTIVE, office=office)
    make_partnership(fengshu, S.SUSPENDED, office=office)
    with in_schema(fengshu):
        commitment = add_commitment(active, title="公益维修")
        points = [
            service_point("家电维修点"),
            service_point("库房", is_public=False),
            service_point("旧址", retired_at="2026-01-01T00:00:00+08:00"),
        ]
        for point in points:
            point.save()
        active.service_points.add(*points)
        for score, comment in ((5, "修得好"), (3, "请回电 13812345678")):
            ServiceRating.objects.create(
                fulfilment=_fulfilment(commitment, resident),
                partnership=active,
                score=score,
                rater=resident,
                comment=comment,
            )
    return office


def _fulfilment(commitment, resident):
    from django.utils import timezone

    from commonweal.partners.models import Fulfilment

    return Fulfilment.objects.create(
        partnership=commitment.partnership,
        commitment=commitment,
        quantity=1,
        delivered_on=timezone.localdate(),
        recipient=resident,
    )


@pytest.mark.parametrize("reader", ["anonymous", "office"])
def test_the_directory_answers_as_graphql_core_does(fengshu, directory, reader):
    # given the directory read by the public or by the office
    user = directory if reader == "office" else None

    # when it is read with the one-pass executor and with graphql-core's
    one_pass = _answer(fengshu, user, execution.PlainFieldsExecution)
    graphql_core = _answer(fengshu, user, GRAPHQL_CORE)

    # then both answers are the same, and they keep every rule of the chain: the suspended
    # partner is not listed, the map's hidden and retired points are the office's only, the
    # resident's number is masked for the public
    assert one_pass == graphql_core
    (edge,) = one_pass["data"]["partners"]["edges"]
    node = edge["node"]
    points = ["家电维修点", "库房", "旧址"] if reader == "office" else ["家电维修点"]
    assert [p["name"] for p in node["servicePoints"]] == points
    number = "13812345678" if reader == "office" else "138****5678"
    assert sorted(r["comment"] for r in node["ratings"]) == ["修得好", f"请回电 {number}"]
    assert node["averageRating"] == 4.0
    assert node["ratingCount"] == 2
    assert node["commitments"] == [{"title": "公益维修", "quantity": "4.00", "unit": "次"}]
    assert node["organisation"]["kind"] == "ENTERPRISE"


def test_a_page_of_loaded_values_takes_the_one_pass_whole(fengshu, directory):
    # given a directory whose ratings quote no number (nothing left to mask)
    with in_schema(fengshu):
        ServiceRating.objects.filter(comment__contains="138").update(comment="请回电")

    # when the public reads it
    _Counting.fields_executed = 0
    answer = _answer(fengshu, None, _Counting)

    # then only the root field went through graphql-core's execute_field
    assert answer == _answer(fengshu, None, GRAPHQL_CORE)
    assert _Counting.fields_executed == 1


def test_a_value_the_chain_would_change_sends_its_object_to_the_chain(fengshu, directory):
    # when the public reads the directory whose rating quotes a number
    _Counting.fields_executed = 0
    answer = _answer(fengshu, None, _Counting)

    # then graphql-core executed more than the root field, and the number is masked
    assert _Counting.fields_executed > 1
    comments = [r["comment"] for r in answer["data"]["partners"]["edges"][0]["node"]["ratings"]]
    assert "请回电 138****5678" in comments


def test_guarded_fields_and_resolvers_get_no_reader():
    # fields behind HasRole (a column and a list) and resolvers taking more than `self`
    for name in ("statement", "transitions", "representatives", "fulfilments"):
        assert _reader("Partner", name) is None
    # relations, the annotation and masked text do
    for name in ("organisation", "commitments", "servicePoints", "ratings", "averageRating"):
        assert _reader("Partner", name) is not None
    assert _reader("ServiceRating", "comment") is not None


def test_readers_refuse_what_the_optimizer_did_not_load(fengshu, directory):
    # given partners fetched by hand: no select_related, an unmarked prefetch, no annotation
    commitments = _reader("Partner", "commitments")
    points = _reader("Partner", "servicePoints")
    with in_schema(fengshu):
        bare = Partnership.objects.get(status=S.ACTIVE)
        prefetched = Partnership.objects.prefetch_related("service_points").get(status=S.ACTIVE)
        assert len(prefetched.service_points.all()) == 3  # the prefetch holds hidden points too

    # then each reader refuses, so the chain (and the map's get_queryset) answers
    for reader, row in (
        (_reader("Partner", "organisation"), bare),
        (commitments, bare),
        (points, prefetched),
        (_reader("Partner", "averageRating"), bare),
    ):
        with pytest.raises(loaded.NotLoaded):
            reader(row, None)


def test_masked_text_is_read_only_when_masking_changes_nothing(fengshu, directory):
    comment = _reader("ServiceRating", "comment")
    with in_schema(fengshu):
        quoting, plain = ServiceRating.objects.order_by("score")
    assert quoting.comment == "请回电 13812345678"
    with pytest.raises(loaded.NotLoaded):
        comment(quoting, None)
    assert comment(plain, None) == "修得好"
