"""Every list and connection of the fund costs the same number of statements at 10 rows as at
200 (a page holds at most 100, fewer where nested lists make a query costly: at 200 rows the
first full page is read, with its nested lists)."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection

from commonweal.ledger import services as ledger
from commonweal.microfund.hosts.models import DonorRecord
from commonweal.microfund.models import (
    Campaign,
    Donation,
    GrantCall,
    MonthlyDonation,
    ProgressReport,
    Proposal,
    Refund,
    RefundStatus,
)
from commonweal.microfund.services import donations, revenue_share
from commonweal.platform.kernel.roles import Role
from tests.fixtures import StatementsRun, gql, make_member
from tests.microfund.fixtures import make_partnership

PAGE = 100
NESTED_PAGE = 20  # lists with lists inside: a page of 100 is over the query-cost limit


def _campaigns(community, start: int, count: int) -> None:
    accounts = [
        ledger.account(f"campaign:qc{n}", name=f"项目{n}", kind="campaign")
        for n in range(start, start + count)
    ]
    Campaign.objects.bulk_create(
        Campaign(title=f"项目{n}", account=account)
        for n, account in zip(range(start, start + count), accounts, strict=True)
    )


def _donations(community, start: int, count: int, donor) -> None:
    """Paid donations (half to a project), each with a pending refund, and a monthly one."""
    campaign = Campaign.objects.first()
    for n in range(start, start + count):
        donation = donations.donation_record_offline(
            actor=None,
            community=community,
            amount=1000 + n,
            method="cash",
            evidence="开箱记录",
            receipt_number=f"QC-{n}",
            donor_name=f"捐赠人{n}",
            anonymous=n % 2 == 0,
            campaign=campaign if n % 2 else None,
        )
        Refund.objects.create(donation=donation, amount=1, status=RefundStatus.PENDING)
        first = Donation.objects.create(
            amount=500, method="card", monthly=True, donor=donor, campaign=campaign
        )
        MonthlyDonation.objects.create(
            provider="stripe", subscription_id=f"sub_qc_{n}", first=first, donor=donor
        )


def _grant_calls(community, start: int, count: int) -> None:
    calls = GrantCall.objects.bulk_create(
        GrantCall(title=f"微创投{n}", budget=100_000) for n in range(start, start + count)
    )
    proposals = Proposal.objects.bulk_create(
        Proposal(call=call, title=f"项目{call.pk}", applicant_name="协会", requested=1000)
        for call in calls
    )
    ProgressReport.objects.bulk_create(
        ProgressReport(proposal=proposal, text="进展") for proposal in proposals
    )


def _agreements(community, start: int, count: int) -> None:
    for n in range(start, start + count):
        agreement = revenue_share.agreement_create(
            actor=None,
            community=community,
            partnership=make_partnership(community, f"合作方{n}"),
            service="食堂",
            lines=[("运营方", 9500, False), ("微基金", 500, True)],
            remainder_beneficiary="运营方",
        )
        revenue_share.revenue_report_submit(
            actor=None,
            community=community,
            agreement=agreement,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 1, 31),
            gross=10_000,
            evidence="流水",
        )


def _donor_records(community, start: int, count: int, donor) -> None:
    DonorRecord.objects.bulk_create(
        DonorRecord(
            community=community,
            donation_token=f"tok-{n}",
            user=donor,
            amount=1000,
            currency="CNY",
            receipt_number=f"R{n}",
            paid_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        for n in range(start, start + count)
    )


LISTS = {
    "campaigns": (
        _campaigns,
        "anonymous",
        "{ campaigns(first: 100) { totalCount edges { node { id title goal public balance } } } }",
    ),
    "publicDonations": (
        _donations,
        "anonymous",
        "{ publicDonations(first: 100) { totalCount edges { node { id amount refunded paidAt"
        " message donorName project } } } }",
    ),
    "donations": (
        _donations,
        "staff",
        "{ donations(first: 100) { totalCount edges { node { id amount method status donorName"
        " receiptNumber refunds { amount status reason } } } } }",
    ),
    "myMonthlyDonations": (
        _donations,
        "donor",
        "{ myMonthlyDonations { id status amount project createdAt } }",
    ),
    "grantCalls": (
        _grant_calls,
        "anonymous",
        "{ grantCalls(first: 20) { totalCount edges { node { id title budget status"
        " proposals { id title status awarded disbursed } } } } }",
    ),
    "revenueShareAgreements": (
        _agreements,
        "anonymous",
        "{ revenueShareAgreements(first: 20) { totalCount edges { node { id partnerName service"
        " partner { id status organisation { legalName } } lines { beneficiary basisPoints toFund }"
        " reports { periodStart gross fundShare status } } } } }",
    ),
}


# Rows shown at 10 and at 200: the project donations go to is one more campaign; the office
# also sees each monthly donation's first (unpaid) donation; a plain list is not paged.
ROWS_SHOWN = {
    "campaigns": (11, PAGE),
    "publicDonations": (10, PAGE),
    "donations": (20, PAGE),
    "myMonthlyDonations": (10, 200),
    "grantCalls": (10, NESTED_PAGE),
    "revenueShareAgreements": (10, NESTED_PAGE),
}


def _rows(answer: dict) -> int:
    found = next(iter(answer["data"].values()))
    return len(found) if isinstance(found, list) else len(found["edges"])


@pytest.mark.parametrize("name", list(LISTS))
def test_fund_lists_cost_the_same_at_10_and_200_rows(fund, name):
    # given a fund with 10 rows of the list, and who reads it
    seed, reader, query = LISTS[name]
    people = {
        "anonymous": None,
        "staff": make_member(fund, Role.STAFF),
        "donor": make_member(fund, Role.RESIDENT),
    }
    extra = {"donor": people["donor"]} if seed is _donations else {}
    connection.set_tenant(fund)
    _campaigns(fund, 1000, 1)
    seed(fund, 0, 10, **extra)
    client = gql(fund, people[reader])
    with StatementsRun(connection) as small:
        at_10 = client.execute(query)

    # when there are 200
    connection.set_tenant(fund)
    seed(fund, 10, 190, **extra)
    with StatementsRun(connection) as large:
        at_200 = client.execute(query)

    # then the list shows them (a full page of a connection) for the same statements
    assert at_10.get("errors") is None and at_200.get("errors") is None, (at_10, at_200)
    assert (_rows(at_10), _rows(at_200)) == ROWS_SHOWN[name]
    assert len(large) == len(small)


def test_a_donors_donations_everywhere_cost_the_same_at_10_and_200(fund):
    # given a donor with 10 donations recorded across communities
    donor = make_member(fund, Role.RESIDENT)
    _donor_records(fund, 0, 10, donor)
    client = gql(None, donor)
    query = "{ myDonations { community communitySlug project amount receiptNumber paidAt } }"
    with StatementsRun(connection) as small:
        at_10 = client.execute(query)

    # when they have 200
    _donor_records(fund, 10, 190, donor)
    with StatementsRun(connection) as large:
        at_200 = client.execute(query)

    # then all are listed for the same statements
    assert (len(at_10["data"]["myDonations"]), len(at_200["data"]["myDonations"])) == (10, 200)
    assert len(large) == len(small)
