"""GraphQL answers mask private persons' numbers in what residents wrote, as pages do: for
anonymous readers and residents, not for the community's office; numbers published on purpose
stay whole; the cross-community search index never holds them."""

import pytest

from commonweal.governance.hazards.services.reports import report_file
from commonweal.governance.needs.services import needs as need_services
from commonweal.platform.accounts.services import membership_add
from commonweal.platform.kernel.roles import Role
from commonweal.search.models import SearchDocument
from tests.fixtures import gql, make_member
from tests.governance.deliberation.fixtures import propose
from tests.partners.fixtures import in_schema, make_organisation, make_partnership

PHONE, ID_NUMBER = "13912345678", "51010419900307123X"
WRITTEN = f"有事打我电话{PHONE}，身份证{ID_NUMBER}"
MASKED = "有事打我电话139****5678，身份证510104********123X"

QUERY = """{
  needs { edges { node { title description place } } }
  hazardReports { edges { node { description place } } }
  deliberationProposals { edges { node { title background proposal place } } }
}"""


@pytest.fixture
def written(fengshu):
    """A resident's need, hazard report and proposal, each with their number in the text."""
    resident = make_member(fengshu, Role.RESIDENT, name="居民王芳")
    staff = make_member(fengshu, Role.STAFF, name="社工李强")
    with in_schema(fengshu):
        need = need_services.need_raise(
            actor=resident,
            community=fengshu,
            title=f"门禁坏了{PHONE}",
            description=WRITTEN,
            category="facilities",
            place=f"3栋 {PHONE}",
        )
        need_services.need_accept(actor=staff, community=fengshu, need=need)
        report_file(
            actor=resident,
            community=fengshu,
            category="fire_exit",
            description=WRITTEN,
            lat=30.63,
            lng=104.10,
            place=f"3栋 {PHONE}",
        )
    propose(fengshu, resident, title=f"划线{PHONE}", background=WRITTEN, proposal=WRITTEN)
    return resident, staff


def _texts(response) -> dict:
    data = response["data"]
    return {
        "need": data["needs"]["edges"][0]["node"],
        "report": data["hazardReports"]["edges"][0]["node"],
        "proposal": data["deliberationProposals"]["edges"][0]["node"],
    }


def test_anonymous_readers_and_residents_read_the_numbers_masked(fengshu, written):
    # given a need, a report and a proposal holding a resident's mobile and ID number
    resident, _staff = written
    neighbour = make_member(fengshu, Role.RESIDENT, name="邻居")

    # when the public, a neighbour and the writer themself read them over GraphQL
    for reader in (None, neighbour, resident):
        texts = _texts(gql(fengshu, reader).execute(QUERY))

        # then every number is masked, exactly as on the pages
        assert texts == {
            "need": {
                "title": "门禁坏了139****5678",
                "description": MASKED,
                "place": "3栋 139****5678",
            },
            "report": {"description": MASKED, "place": "3栋 139****5678"},
            "proposal": {
                "title": "划线139****5678",
                "background": MASKED,
                "proposal": MASKED,
                "place": "",
            },
        }, reader


def test_the_office_reads_the_full_text(fengshu, written):
    # given the same texts; when the community's staff and admin read them
    _resident, staff = written
    admin = make_member(fengshu, Role.ADMIN, name="书记")
    for reader in (staff, admin):
        texts = _texts(gql(fengshu, reader).execute(QUERY))

        # then they read what the resident wrote
        assert texts["need"] == {
            "title": f"门禁坏了{PHONE}",
            "description": WRITTEN,
            "place": f"3栋 {PHONE}",
        }
        assert texts["report"] == {"description": WRITTEN, "place": f"3栋 {PHONE}"}
        assert texts["proposal"]["background"] == WRITTEN


def test_another_communitys_admin_reads_them_masked(fengshu, jiahonglu, written):
    # given the admin of Jiahonglu, also a member of Fengshu as a resident
    other_admin = make_member(jiahonglu, Role.ADMIN, name="佳宏路书记")
    membership_add(community=fengshu, user=other_admin, roles=[Role.RESIDENT])

    # when they read Fengshu's need; then the office of another community is the public here
    texts = _texts(gql(fengshu, other_admin).execute(QUERY))
    assert texts["need"]["description"] == MASKED


def test_numbers_published_on_purpose_stay_whole(fengshu):
    # given a partner that publishes its number, and one that does not
    published = make_organisation(
        name="枫树家电维修部", contact_phone="13800138000", phone_public=True
    )
    private = make_organisation(name="张师傅修鞋", contact_phone="13700137000")
    make_partnership(fengshu, organisation=published)
    make_partnership(fengshu, organisation=private)

    # when the public reads the directory
    response = gql(fengshu).execute(
        "{ partners { edges { node { organisation { legalName contactPhone } } } } }"
    )

    # then the published number is whole, the other masked (by its own field, as before)
    phones = {
        edge["node"]["organisation"]["legalName"]: edge["node"]["organisation"]["contactPhone"]
        for edge in response["data"]["partners"]["edges"]
    }
    assert phones == {"枫树家电维修部": "13800138000", "张师傅修鞋": "137****7000"}


def test_the_search_index_never_holds_a_residents_number(fengshu, written):
    # given the need, report and proposal indexed for the platform-wide search
    documents = SearchDocument.objects.filter(
        community=fengshu, kind__in=["need", "hazard_report", "deliberation_proposal"]
    )
    assert documents.count() >= 2

    # then neither their text nor their terms hold the numbers
    for document in documents:
        stored = " ".join(
            [document.title, document.body, document.title_terms, document.body_terms]
        )
        assert PHONE not in stored, document.kind
        assert ID_NUMBER not in stored, document.kind
        assert "139****5678" in document.title + document.body, document.kind

    # and search for the number finds nothing
    response = gql(None).execute(
        "query($q: String!) { search(query: $q) { hits { title } } }", {"q": PHONE}
    )
    assert response["data"]["search"]["hits"] == []
