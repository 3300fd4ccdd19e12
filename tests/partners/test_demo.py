import pytest

from commonweal.partners.demo import load
from commonweal.partners.models import Partnership, PartnershipStatus, ServiceRating
from commonweal.partners.registry.credit_code import problems
from commonweal.partners.registry.models import PartnerOrganisation
from commonweal.partners.selectors import growth_by_kind
from commonweal.tenants.demo_data import DEMO_COMMUNITIES, DEMO_PARTNERS
from tests.fixtures import make_community
from tests.partners.fixtures import in_schema


@pytest.mark.parametrize("slug", ["jiahonglu", "duyuanjie"])
def test_demo_partners_load_once_with_valid_codes_and_ratings(db, slug):
    # given a community and its demo data
    community = make_community(slug)
    data = next(d for d in DEMO_COMMUNITIES if d["slug"] == slug)

    # when the demo is loaded twice
    with in_schema(community):
        load(community, data)
        load(community, data)
        statuses = list(Partnership.objects.values_list("status", flat=True))
        ratings = ServiceRating.objects.count()

    # then each seed partner is active once, with ratings, and every credit code is valid
    assert statuses == [PartnershipStatus.ACTIVE] * len(DEMO_PARTNERS[slug])
    assert ratings > 0
    codes = PartnerOrganisation.objects.exclude(credit_code="").values_list(
        "credit_code", flat=True
    )
    assert [c for c in codes if problems(c)] == []


def test_fengshu_grows_from_11_to_41_partners(db):
    community = make_community("fengshu")
    with in_schema(community):
        load(community, next(d for d in DEMO_COMMUNITIES if d["slug"] == "fengshu"))
        growth = growth_by_kind()
    assert (growth["totals"][0], growth["totals"][-1]) == (11, 41)
    assert growth["totals"] == sorted(growth["totals"])
