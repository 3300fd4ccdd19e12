"""One partner fetched by id answers the same rating figures as the directory lists."""

from strawberry.relay import to_base64

from commonweal.partners.models import Fulfilment, ServiceRating
from commonweal.platform.kernel.roles import Role
from tests.fixtures import gql, make_member
from tests.partners.fixtures import S, add_commitment, in_schema, make_partnership

PARTNER = "query($id: ID!) { partner(id: $id) { averageRating ratingCount } }"


def test_one_partner_by_id_has_its_average_rating_and_count(fengshu, office):
    # given an active partner rated 4 and 5 by two residents
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
    residents = [make_member(fengshu, Role.RESIDENT) for _ in range(2)]
    with in_schema(fengshu):
        commitment = add_commitment(partnership)
        for resident, score in zip(residents, (4, 5), strict=True):
            fulfilment = Fulfilment.objects.create(
                partnership=partnership,
                commitment=commitment,
                quantity=1,
                delivered_on=commitment.due_on,
                recipient=resident,
            )
            ServiceRating.objects.create(
                fulfilment=fulfilment, partnership=partnership, rater=resident, score=score
            )

    # when an anonymous visitor fetches that one partner
    response = gql(fengshu).execute(PARTNER, {"id": to_base64("Partner", partnership.pk)})

    # then the figures are there, not an error
    assert response == {"data": {"partner": {"averageRating": 4.5, "ratingCount": 2}}}


def test_one_unrated_partner_has_no_average_and_no_count(fengshu, office):
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)

    response = gql(fengshu).execute(PARTNER, {"id": to_base64("Partner", partnership.pk)})

    assert response == {"data": {"partner": {"averageRating": None, "ratingCount": None}}}
