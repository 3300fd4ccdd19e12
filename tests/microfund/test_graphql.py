"""The fund over GraphQL: who may call each mutation, public reads, the donor's own view."""

from dataclasses import dataclass

import pytest
from django.db import connection
from strawberry.relay import to_base64 as global_id
from strawberry.utils.str_converters import to_camel_case

from commonweal.microfund import services
from commonweal.microfund.graphql import FundMutation
from commonweal.microfund.hosts.models import DonorRecord
from commonweal.microfund.models import Donation
from commonweal.microfund.providers.base import PaymentFacts
from commonweal.platform.accounts.roles import Role
from tests.fixtures import gql, make_member
from tests.microfund.fixtures import host_community


def database_state():
    """Every row of the fund's tables in Fengshu, and the public donor records."""
    from django.apps import apps

    connection.set_tenant(Fund.community)
    try:
        return {
            model.__name__: list(model.objects.order_by("pk").values())
            for model in apps.get_app_config("microfund").get_models()
        } | {"donor_records": list(DonorRecord.objects.order_by("pk").values())}
    finally:
        connection.set_schema_to_public()


ACTORS = ("anonymous", "resident", "staff", "admin", "other_admin")
OFFICE = frozenset({"staff", "admin"})
ADMIN = frozenset({"admin"})
MEMBERS = frozenset({"resident", "staff", "admin"})


@dataclass
class Fund:
    people: dict
    ids: dict
    community = None


@pytest.fixture
def fund_cast(fengshu, jiahonglu):
    host_community(fengshu)
    people = {
        "anonymous": None,
        "resident": make_member(fengshu, Role.RESIDENT),
        "staff": make_member(fengshu, Role.STAFF),
        "admin": make_member(fengshu, Role.ADMIN),
        "other_admin": make_member(jiahonglu, Role.ADMIN),
    }
    connection.set_tenant(fengshu)
    services.donation_record_offline(
        actor=None,
        community=fengshu,
        amount=100_000,
        method="cash",
        evidence="开箱",
        receipt_number="G-1",
    )
    donation = Donation.objects.get()
    call = services.grant_call_open(actor=None, community=fengshu, title="微创投", budget=100_000)
    proposal = services.proposal_submit(
        actor=None,
        community=fengshu,
        call=call,
        title="院落",
        applicant_name="协会",
        requested=10_000,
    )
    agreement = services.agreement_create(
        actor=None,
        community=fengshu,
        partner_name="乡村基",
        service="食堂",
        lines=[("运营方", 9500, False), ("微基金", 500, True)],
        remainder_beneficiary="运营方",
    )
    report = services.revenue_report_submit(
        actor=None,
        community=fengshu,
        agreement=agreement,
        period_start=__import__("datetime").date(2026, 1, 1),
        period_end=__import__("datetime").date(2026, 1, 31),
        gross=10_000,
        evidence="流水",
    )
    connection.set_schema_to_public()
    ids = {
        "donation": global_id("Donation", donation.pk),
        "call": global_id("GrantCall", call.pk),
        "proposal": global_id("Proposal", proposal.pk),
        "agreement": global_id("RevenueShareAgreement", agreement.pk),
        "report": global_id("RevenueReport", report.pk),
    }
    Fund.community = fengshu
    return Fund(people=people, ids=ids)


# (field, document, variables, who may call it)
CASES = [
    (
        "startDonation",
        "mutation { startDonation(input: {amount: 0}) { errors { code } } }",
        {},
        frozenset(ACTORS),
    ),
    (
        "createCampaign",
        'mutation { createCampaign(title: "助老") { campaign { title } } }',
        {},
        OFFICE,
    ),
    (
        "recordOfflineDonation",
        "mutation { recordOfflineDonation(input: {amount: 100, method: "
        '"cash", evidence: "开箱", receiptNumber: "M-2"}) { donation { amount } } }',
        {},
        OFFICE,
    ),
    (
        "refundDonation",
        "mutation($id: ID!) { refundDonation(id: $id, amount: 100) { donation { refunded } } }",
        {"id": "donation"},
        OFFICE,
    ),
    (
        "openGrantCall",
        'mutation { openGrantCall(title: "二期", budget: 100) { grantCall { budget } } }',
        {},
        OFFICE,
    ),
    (
        "submitProposal",
        'mutation($id: ID!) { submitProposal(call: $id, title: "楼道", '
        'applicantName: "居民", requested: 100) { proposal { title } } }',
        {"id": "call"},
        MEMBERS,
    ),
    (
        "scoreProposal",
        "mutation($id: ID!) { scoreProposal(id: $id, score: 80) { proposal { title } } }",
        {"id": "proposal"},
        OFFICE,
    ),
    (
        "awardGrant",
        "mutation($id: ID!) { awardGrant(id: $id, amount: 100) { proposal { awarded } } }",
        {"id": "proposal"},
        ADMIN,
    ),
    (
        "disburseTranche",
        'mutation($id: ID!) { disburseTranche(id: $id, report: "r", amount: 1) '
        "{ errors { code } } }",
        {"id": "proposal"},
        ADMIN,
    ),
    (
        "createRevenueShareAgreement",
        'mutation { createRevenueShareAgreement(partnerName: "p", '
        'service: "s", lines: [{beneficiary: "a", basisPoints: 10000}], remainderBeneficiary: "a")'
        " { agreement { partnerName } } }",
        {},
        ADMIN,
    ),
    (
        "submitRevenueReport",
        "mutation($id: ID!) { submitRevenueReport(agreement: $id, "
        'periodStart: "2026-02-01", periodEnd: "2026-02-28", gross: 100, evidence: "e") '
        "{ report { gross } } }",
        {"id": "agreement"},
        OFFICE,
    ),
    (
        "invoiceRevenueReport",
        "mutation($id: ID!) { invoiceRevenueReport(id: $id, "
        'invoiceNumber: "FP1") { report { status } } }',
        {"id": "report"},
        OFFICE,
    ),
    (
        "settleRevenueReport",
        "mutation($id: ID!) { settleRevenueReport(id: $id) { errors { code } } }",
        {"id": "report"},
        OFFICE,
    ),
]


def test_the_matrix_covers_every_fund_mutation():
    names = {to_camel_case(f.python_name) for f in FundMutation.__strawberry_definition__.fields}
    assert {case[0] for case in CASES} == names


@pytest.mark.parametrize(
    ("case", "actor_name"),
    [pytest.param(c, a, id=f"{c[0]}-{a}") for c in CASES for a in ACTORS],
)
def test_fund_mutations_answer_each_actor_as_permitted(fengshu, fund_cast, case, actor_name):
    field, document, variables, allowed = case
    client = gql(fengshu, fund_cast.people[actor_name])
    variables = {k: fund_cast.ids[v] for k, v in variables.items()}
    before = database_state()
    response = client.execute(document, variables)
    assert client.status == 200
    if actor_name in allowed:
        assert response.get("errors") is None, response
        payload = response["data"][field]
        assert payload.get("errors") in (
            None,
            [],
            [{"code": "AMOUNT_NOT_POSITIVE"}],
            [{"code": "NOT_AWARDED"}],
            [{"code": "WRONG_STATUS"}],
        )
        return
    assert response["data"] is None
    code = "UNAUTHENTICATED" if fund_cast.people[actor_name] is None else "FORBIDDEN"
    assert [e["extensions"]["code"] for e in response["errors"]] == [code]
    assert database_state() == before


def test_office_sees_donation_details_the_public_does_not(fengshu, fund_cast):
    connection.set_tenant(fengshu)
    services.donation_record_offline(
        actor=None,
        community=fengshu,
        amount=500,
        method="cash",
        evidence="开箱",
        receipt_number="G-2",
        donor_name="陈静",
        anonymous=True,
    )
    connection.set_schema_to_public()
    query = "query { donations(first: 10) { edges { node { donorName } } } }"
    public = "query { publicDonations(first: 10) { edges { node { donorName amount } } } }"
    staff = gql(fengshu, fund_cast.people["staff"]).execute(query)
    resident = gql(fengshu, fund_cast.people["resident"]).execute(query)
    anyone = gql(fengshu).execute(public)
    assert {"node": {"donorName": "陈静"}} in staff["data"]["donations"]["edges"]
    assert resident["data"]["donations"]["edges"] == []
    assert "陈静" not in str(anyone)
    assert {"node": {"donorName": "", "amount": 500}} in anyone["data"]["publicDonations"]["edges"]


def test_public_reads_do_not_grow_queries_with_rows(
    fengshu, fund_cast, django_assert_max_num_queries
):
    connection.set_tenant(fengshu)
    for i in range(5):
        services.campaign_create(actor=None, community=fengshu, title=f"项目{i}")
    connection.set_schema_to_public()
    queries = (
        "query { campaigns(first: 10) { edges { node { title balance } } } fundBalance { held } }",
        "query { grantCalls(first: 5) { edges { node { title proposals { title } } } } }",
        "query { revenueShareAgreements(first: 5) { edges { node { partnerName"
        " lines { beneficiary } reports { gross } } } } }",
    )
    responses = []
    for query in queries:
        with django_assert_max_num_queries(12):
            responses.append(gql(fengshu).execute(query))
    response = responses[0]
    assert all(r.get("errors") is None for r in responses), responses
    assert len(response["data"]["campaigns"]["edges"]) == 5


def test_a_signed_in_donor_sees_donations_across_communities(fengshu, jiahonglu, fund_cast):
    # given one donor paying in two communities
    donor = fund_cast.people["resident"]
    for community in (fengshu, jiahonglu):
        host_community(community)
        connection.set_tenant(community)
        donation = Donation.objects.create(
            amount=2000, method="card", provider="stripe", donor=donor
        )
        services.payment_reconcile(
            community=community,
            facts=PaymentFacts(
                payment_id=f"pi_{community.slug}",
                donation_ref=f"{community.schema_name}:{donation.token}",
                amount=2000,
                currency="CNY",
                succeeded=True,
            ),
        )
        connection.set_schema_to_public()
    # when they ask the platform endpoint
    query = "query { myDonations { communitySlug amount receiptNumber } }"
    mine = gql(None, donor).execute(query)
    stranger = gql(None, fund_cast.people["staff"]).execute(query)
    # then both show, to them only
    assert sorted(d["communitySlug"] for d in mine["data"]["myDonations"]) == [
        "fengshu",
        "jiahonglu",
    ]
    assert stranger["data"]["myDonations"] == []
    assert DonorRecord.objects.count() == 2
