"""The micro-fund in the operation registry (see tests/operations.py).

Community A's fund is hosted and holds an offline donation, an anonymous one (its donor's name
is private), a grant call with a proposal, a revenue-share agreement with the representative's
partner and a report under it, and monthly donations of the resident and of the admin.
"""

from datetime import date

from django.db import connection

from commonweal.microfund.hosts.models import PaymentFlag
from commonweal.microfund.models import Donation, MonthlyDonation
from commonweal.microfund.services import campaigns, donations, grants, revenue_share
from tests.microfund.fixtures import host_community
from tests.operations import (
    ADMIN,
    EVERYONE,
    MEMBERS,
    OFFICE,
    SIGNED_IN,
    Operation,
    World,
    allowed,
    global_id,
    ok,
    refused,
    register,
    setup,
)

SECRET_DONOR = "甲方匿名捐赠人陈静"
SECRET_EVIDENCE = "开箱记录 甲方"
SECRET_FLAGGED_PAYMENT = "4200009999甲方未入账"


def _monthly(donor, subscription_id: str) -> MonthlyDonation:
    first = Donation.objects.create(
        amount=3000,
        method="card",
        provider="stripe",
        monthly=True,
        donor=donor,
        subscription_id=subscription_id,
    )
    return MonthlyDonation.objects.create(
        provider="stripe", subscription_id=subscription_id, first=first, donor=donor
    )


@setup("microfund", needs=("partners",))
def _fund(world: World) -> None:
    community = world.community
    host_community(community)
    connection.set_tenant(community)
    offline = {"actor": None, "community": community, "method": "cash"}
    donations.donation_record_offline(
        **offline, amount=100_000, evidence="开箱", receipt_number="G-1"
    )
    donations.donation_record_offline(
        **offline,
        amount=5000,
        evidence=SECRET_EVIDENCE,
        receipt_number="ISO-1",
        donor_name=SECRET_DONOR,
        anonymous=True,
    )
    PaymentFlag.objects.create(
        community=community,
        provider="wechatpay",
        order="flagged-order",
        payment_id=SECRET_FLAGGED_PAYMENT,
        expected=5000,
        reported=500,
    )
    campaign = campaigns.campaign_create(actor=None, community=community, title="助老")
    call = grants.grant_call_open(actor=None, community=community, title="微创投", budget=100_000)
    proposal = grants.proposal_submit(
        actor=None,
        community=community,
        call=call,
        title="院落",
        applicant_name="协会",
        requested=10_000,
    )
    agreement = revenue_share.agreement_create(
        actor=None,
        community=community,
        partnership=world.ids["partnership"],
        service="食堂",
        lines=[("运营方", 9500, False), ("微基金", 500, True)],
        remainder_beneficiary="运营方",
    )
    report = revenue_share.revenue_report_submit(
        actor=None,
        community=community,
        agreement=agreement,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 1, 31),
        gross=10_000,
        evidence="流水",
    )
    world.ids |= {
        "donation": global_id("Donation", Donation.objects.get(receipt_number="G-1").pk),
        "monthly": global_id("MonthlyDonation", _monthly(world.people["resident"], "sub_cast").pk),
        "admins_monthly": global_id(
            "MonthlyDonation", _monthly(world.people["admin"], "sub_isolation").pk
        ),
        "campaign": global_id("Campaign", campaign.pk),
        "call": global_id("GrantCall", call.pk),
        "proposal": global_id("Proposal", proposal.pk),
        "agreement": global_id("RevenueShareAgreement", agreement.pk),
        "report": global_id("RevenueReport", report.pk),
    }


def _ids(**names):
    return lambda world, actor: {key: world.ids[value] for key, value in names.items()}


def _secret_donation(world: World) -> set[str]:
    return {SECRET_DONOR, SECRET_EVIDENCE}


# --- queries (isolation only) ---------------------------------------------------------------

register(Operation("fundBalance", "query { fundBalance { held uncommitted committed } }"))
register(Operation("fundMonths", "query { fundMonths { month income spending } }"))
register(
    Operation(
        "givingOptions",
        "query { givingOptions { methods { code } presets minimum offline { host } } }",
    )
)
register(
    Operation(
        "paymentsToCheck",
        "query { paymentsToCheck { flags { paymentId reported } differences { paymentId } } }",
        markers=lambda world: {SECRET_FLAGGED_PAYMENT},
        insider_sees_markers=True,
        refused_with="FORBIDDEN",  # office roles of this community only
    )
)
register(Operation("donationOutcome", 'query { donationOutcome(token: "G-1") { status } }'))
register(Operation("campaigns", "query { campaigns(first: 10) { edges { node { id title } } } }"))
register(
    Operation(
        "publicDonations",
        "query { publicDonations(first: 10) { edges { node { donorName amount project } } } }",
        markers=_secret_donation,
    )
)
register(
    Operation(
        "donations",
        "query { donations(first: 10) { edges { node { id donorName evidence amount } } } }",
        markers=_secret_donation,
    )
)
register(
    Operation(
        "grantCalls",
        "query { grantCalls(first: 10) { edges { node { title proposals { title } } } } }",
    )
)
register(
    Operation(
        "revenueShareAgreements",
        "query { revenueShareAgreements(first: 10) { edges { node { partnerName"
        " partner { id } } } } }",
    )
)
register(
    Operation(
        "myMonthlyDonations",
        "query { myMonthlyDonations { id status amount } }",
        markers=lambda world: {world.ids["admins_monthly"]},
        insider_sees_markers=True,
    )
)

# --- mutations ------------------------------------------------------------------------------

register(
    Operation(
        "startDonation",
        "mutation { startDonation(input: {amount: 0}) { errors { code } } }",
        answers=allowed(EVERYONE, {"errors": [{"code": "AMOUNT_NOT_POSITIVE"}]}),
    )
)
register(
    Operation(
        "createCampaign",
        'mutation { createCampaign(title: "助老") { campaign { title } } }',
        answers=allowed(OFFICE, {"campaign": {"title": "助老"}}),
    )
)
register(
    Operation(
        "recordOfflineDonation",
        "mutation { recordOfflineDonation(input: {amount: 100, method: "
        '"cash", evidence: "开箱", receiptNumber: "M-2"}) { donation { amount } } }',
        answers=allowed(OFFICE, {"donation": {"amount": 100}}),
    )
)
register(
    Operation(
        "refundDonation",
        "mutation($id: ID!) { refundDonation(id: $id, amount: 100)"
        " { donation { refunded } refund { amount status } } }",
        variables=_ids(id="donation"),
        answers=allowed(
            OFFICE,
            {"donation": {"refunded": 100}, "refund": {"amount": 100, "status": "succeeded"}},
        ),
    )
)
register(
    Operation(
        "cancelMonthlyDonation",
        "mutation($id: ID!) { cancelMonthlyDonation(id: $id)"
        " { monthlyDonation { status amount } errors { code } } }",
        variables=_ids(id="monthly"),
        answers=allowed(
            SIGNED_IN,
            refused("NOT_FOUND", monthlyDonation=None),
            resident=ok(monthlyDonation={"status": "canceled", "amount": 3000}),
        ),
    )
)
register(
    Operation(
        "updateCampaign",
        'mutation($id: ID!) { updateCampaign(id: $id, title: "助老食堂", public: false)'
        " { campaign { title public } errors { code } } }",
        variables=_ids(id="campaign"),
        answers=allowed(OFFICE, ok(campaign={"title": "助老食堂", "public": False})),
    )
)
register(
    Operation(
        "openGrantCall",
        'mutation { openGrantCall(title: "二期", budget: 100) { grantCall { budget } } }',
        answers=allowed(OFFICE, {"grantCall": {"budget": 100}}),
    )
)
register(
    Operation(
        "submitProposal",
        'mutation($id: ID!) { submitProposal(call: $id, title: "楼道", '
        'applicantName: "居民", requested: 100) { proposal { title } } }',
        variables=_ids(id="call"),
        answers=allowed(MEMBERS, {"proposal": {"title": "楼道"}}),
    )
)
register(
    Operation(
        "scoreProposal",
        "mutation($id: ID!) { scoreProposal(id: $id, score: 80) { proposal { title } } }",
        variables=_ids(id="proposal"),
        answers=allowed(OFFICE, {"proposal": {"title": "院落"}}),
    )
)
register(
    Operation(
        "awardGrant",
        "mutation($id: ID!) { awardGrant(id: $id, amount: 100) { proposal { awarded } } }",
        variables=_ids(id="proposal"),
        answers=allowed(ADMIN, {"proposal": {"awarded": 100}}),
    )
)
register(
    Operation(
        "declineProposal",
        'mutation($id: ID!) { declineProposal(id: $id, reason: "本期预算已用完")'
        " { proposal { status declineReason } errors { code } } }",
        variables=_ids(id="proposal"),
        answers=allowed(
            ADMIN, ok(proposal={"status": "declined", "declineReason": "本期预算已用完"})
        ),
    )
)
register(
    Operation(
        "disburseTranche",
        'mutation($id: ID!) { disburseTranche(id: $id, report: "r", amount: 1) '
        "{ errors { code } } }",
        variables=_ids(id="proposal"),
        answers=allowed(ADMIN, {"errors": [{"code": "NOT_AWARDED"}]}),
    )
)
register(
    Operation(
        "createRevenueShareAgreement",
        'mutation($id: ID!) { createRevenueShareAgreement(partner: $id, service: "s", '
        'lines: [{beneficiary: "a", basisPoints: 10000}], remainderBeneficiary: "a")'
        " { agreement { partnerName partner { status } } } }",
        variables=_ids(id="active"),
        answers=allowed(
            ADMIN, {"agreement": {"partnerName": "乡村基", "partner": {"status": "ACTIVE"}}}
        ),
    )
)
register(
    Operation(
        "submitRevenueReport",
        "mutation($id: ID!) { submitRevenueReport(agreement: $id, "
        'periodStart: "2026-02-01", periodEnd: "2026-02-28", gross: 100, evidence: "e") '
        "{ report { gross } errors { code } } }",
        variables=_ids(id="agreement"),
        answers=allowed(
            OFFICE | {"representative"},
            ok(report={"gross": 100}),
            other_representative=refused("NOT_FOUND", report=None),
        ),
    )
)
register(
    Operation(
        "invoiceRevenueReport",
        "mutation($id: ID!) { invoiceRevenueReport(id: $id, "
        'invoiceNumber: "FP1") { report { status } } }',
        variables=_ids(id="report"),
        answers=allowed(OFFICE, {"report": {"status": "invoiced"}}),
    )
)
register(
    Operation(
        "settleRevenueReport",
        "mutation($id: ID!) { settleRevenueReport(id: $id) { errors { code } } }",
        variables=_ids(id="report"),
        answers=allowed(OFFICE, {"errors": [{"code": "WRONG_STATUS"}]}),
    )
)
