"""The fund over GraphQL: public reads, the office's view, the donor's own view (who may call
each mutation is in the authorisation matrix, tests/microfund/operations.py)."""

from dataclasses import dataclass

import pytest
from django.db import connection
from strawberry.relay import to_base64 as global_id

from commonweal.microfund.hosts.models import DonorRecord
from commonweal.microfund.models import Donation, MonthlyDonation
from commonweal.microfund.providers.base import PaymentFacts
from commonweal.microfund.services import (
    donations,
    grants,
    payments,
    revenue_share,
)
from commonweal.platform.kernel.roles import Role
from tests.fixtures import gql, make_member
from tests.microfund.fixtures import fund_state, host_community, make_partnership


def database_state():
    return fund_state(Fund.community)


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
    donations.donation_record_offline(
        actor=None,
        community=fengshu,
        amount=100_000,
        method="cash",
        evidence="开箱",
        receipt_number="G-1",
    )
    donation = Donation.objects.get(receipt_number="G-1")
    call = grants.grant_call_open(actor=None, community=fengshu, title="微创投", budget=100_000)
    proposal = grants.proposal_submit(
        actor=None,
        community=fengshu,
        call=call,
        title="院落",
        applicant_name="协会",
        requested=10_000,
    )
    partnership = make_partnership(fengshu, "乡村基")
    agreement = revenue_share.agreement_create(
        actor=None,
        community=fengshu,
        partnership=partnership,
        service="食堂",
        lines=[("运营方", 9500, False), ("微基金", 500, True)],
        remainder_beneficiary="运营方",
    )
    report = revenue_share.revenue_report_submit(
        actor=None,
        community=fengshu,
        agreement=agreement,
        period_start=__import__("datetime").date(2026, 1, 1),
        period_end=__import__("datetime").date(2026, 1, 31),
        gross=10_000,
        evidence="流水",
    )
    first = Donation.objects.create(
        amount=3000,
        method="card",
        provider="stripe",
        monthly=True,
        donor=people["resident"],
        subscription_id="sub_cast",
    )
    monthly = MonthlyDonation.objects.create(
        provider="stripe", subscription_id="sub_cast", first=first, donor=people["resident"]
    )
    connection.set_schema_to_public()
    ids = {
        "donation": global_id("Donation", donation.pk),
        "monthly": global_id("MonthlyDonation", monthly.pk),
        "call": global_id("GrantCall", call.pk),
        "proposal": global_id("Proposal", proposal.pk),
        "agreement": global_id("RevenueShareAgreement", agreement.pk),
        "partner": global_id("Partner", partnership.pk),
        "report": global_id("RevenueReport", report.pk),
    }
    Fund.community = fengshu
    return Fund(people=people, ids=ids)


def test_office_sees_donation_details_the_public_does_not(fengshu, fund_cast):
    connection.set_tenant(fengshu)
    donations.donation_record_offline(
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


def test_a_signed_in_donor_sees_donations_across_communities(fengshu, jiahonglu, fund_cast):
    # given one donor paying in two communities
    donor = fund_cast.people["resident"]
    for community in (fengshu, jiahonglu):
        host_community(community)
        connection.set_tenant(community)
        donation = Donation.objects.create(
            amount=2000, method="card", provider="stripe", donor=donor
        )
        payments.payment_reconcile(
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


def _paid_card_donation(community, amount: int, donor=None) -> Donation:
    donation = Donation.objects.create(amount=amount, method="card", provider="stripe", donor=donor)
    return payments.payment_reconcile(
        community=community,
        facts=PaymentFacts(
            payment_id=f"pi_{donation.token}",
            donation_ref=f"{community.schema_name}:{donation.token}",
            amount=amount,
            currency="CNY",
            succeeded=True,
        ),
    )


REFUND = """mutation($id: ID!, $amount: Int!) { refundDonation(id: $id, amount: $amount) {
  donation { refunded refunds { amount status } } refund { amount status }
  errors { code field } } }"""


def test_an_online_refund_answers_pending_and_the_remainder_counts_it(fengshu, fund_cast):
    # given a card donation of 50 yuan
    connection.set_tenant(fengshu)
    donation = _paid_card_donation(fengshu, 5000)
    connection.set_schema_to_public()
    staff = gql(fengshu, fund_cast.people["staff"])
    variables = {"id": global_id("Donation", donation.pk)}

    # when staff refund 30 yuan
    first = staff.execute(REFUND, variables | {"amount": 3000})

    # then the answer shows it pending (the payment service is asked after commit)
    assert first == {
        "data": {
            "refundDonation": {
                "donation": {"refunded": 0, "refunds": [{"amount": 3000, "status": "pending"}]},
                "refund": {"amount": 3000, "status": "pending"},
                "errors": [],
            }
        }
    }
    # and 20.01 yuan more is refused, changing nothing
    before = database_state()
    second = staff.execute(REFUND, variables | {"amount": 2001})
    assert second == {
        "data": {
            "refundDonation": {
                "donation": None,
                "refund": None,
                "errors": [{"code": "REFUND_EXCEEDS_PAID", "field": "amount"}],
            }
        }
    }
    assert database_state() == before


def test_donors_see_their_own_monthly_donations_only(fengshu, fund_cast):
    query = "query { myMonthlyDonations { status amount project } }"
    answers = {
        name: gql(fengshu, person).execute(query) for name, person in fund_cast.people.items()
    }
    assert answers["resident"] == {
        "data": {"myMonthlyDonations": [{"status": "active", "amount": 3000, "project": ""}]}
    }
    assert {name: a["data"]["myMonthlyDonations"] for name, a in answers.items()} == {
        "anonymous": [],
        "resident": [{"status": "active", "amount": 3000, "project": ""}],
        "staff": [],
        "admin": [],
        "other_admin": [],
    }
