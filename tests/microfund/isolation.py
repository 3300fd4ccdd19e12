"""The micro-fund's operations in the cross-community isolation harness."""

from django.db import connection

from commonweal.microfund.models import Donation, MonthlyDonation
from tests.isolation import Operation, global_id, register

SECRET_DONOR = "甲方匿名捐赠人陈静"


def _anonymous_donation(world) -> set[str]:
    """An anonymous offline donation in A: its donor's name is A's private data."""
    from commonweal.microfund.services import donations

    connection.set_tenant(world.target)
    try:
        if not Donation.objects.filter(donor_name=SECRET_DONOR).exists():
            donations.donation_record_offline(
                actor=None,
                community=world.target,
                amount=5000,
                method="cash",
                evidence="开箱记录 甲方",
                receipt_number="ISO-1",
                donor_name=SECRET_DONOR,
                anonymous=True,
            )
    finally:
        connection.set_schema_to_public()
    return {SECRET_DONOR, "开箱记录 甲方"}


def _monthly_donation(world) -> str:
    """A's admin gives monthly in A: the global id of that monthly donation."""
    connection.set_tenant(world.target)
    try:
        monthly = MonthlyDonation.objects.filter(subscription_id="sub_isolation").first()
        if monthly is None:
            first = Donation.objects.create(
                amount=3000,
                method="card",
                provider="stripe",
                monthly=True,
                donor=world.target_admin,
                subscription_id="sub_isolation",
            )
            monthly = MonthlyDonation.objects.create(
                provider="stripe",
                subscription_id="sub_isolation",
                first=first,
                donor=world.target_admin,
            )
    finally:
        connection.set_schema_to_public()
    return global_id("MonthlyDonation", monthly.pk)


def _fake(type_name: str):
    return lambda world: {"id": global_id(type_name, 1)}


register(Operation("fundBalance", "query { fundBalance { held uncommitted committed } }"))
register(Operation("fundMonths", "query { fundMonths { month income spending } }"))
register(Operation("campaigns", "query { campaigns(first: 10) { edges { node { id title } } } }"))
register(
    Operation(
        "publicDonations",
        "query { publicDonations(first: 10) { edges { node { donorName amount project } } } }",
        markers=_anonymous_donation,
    )
)
register(
    Operation(
        "donations",
        "query { donations(first: 10) { edges { node { id donorName evidence amount } } } }",
        markers=_anonymous_donation,
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
        # made before the request (the variables are none), named among A's private data
        variables_factory=lambda world: _monthly_donation(world) and {},
        markers=lambda world: {_monthly_donation(world)},
        insider_sees_markers=True,
    )
)
register(
    Operation(
        "cancelMonthlyDonation",
        "mutation($id: ID!) { cancelMonthlyDonation(id: $id)"
        " { monthlyDonation { id status } errors { code } } }",
        variables_factory=lambda world: {"id": _monthly_donation(world)},
        kind="mutation",
        refused_with="NOT_FOUND",
    )
)
register(
    Operation(
        "startDonation",
        "mutation { startDonation(input: {amount: 0}) { checkoutUrl errors { code } } }",
        kind="mutation",
        refused_with="AMOUNT_NOT_POSITIVE",
    )
)

_FORBIDDEN = {
    "createCampaign": 'mutation { createCampaign(title: "x") { errors { code } } }',
    "recordOfflineDonation": (
        'mutation { recordOfflineDonation(input: {amount: 100, method: "cash",'
        ' evidence: "e", receiptNumber: "r"}) { errors { code } } }'
    ),
    "refundDonation": (
        "mutation($id: ID!) { refundDonation(id: $id, amount: 1) { errors { code } } }"
    ),
    "updateCampaign": (
        'mutation($id: ID!) { updateCampaign(id: $id, title: "x") { errors { code } } }'
    ),
    "openGrantCall": 'mutation { openGrantCall(title: "x", budget: 100) { errors { code } } }',
    "submitProposal": (
        'mutation($id: ID!) { submitProposal(call: $id, title: "x", applicantName: "y",'
        " requested: 100) { errors { code } } }"
    ),
    "scoreProposal": "mutation($id: ID!) { scoreProposal(id: $id, score: 1) { errors { code } } }",
    "awardGrant": "mutation($id: ID!) { awardGrant(id: $id, amount: 1) { errors { code } } }",
    "declineProposal": (
        'mutation($id: ID!) { declineProposal(id: $id, reason: "r") { errors { code } } }'
    ),
    "disburseTranche": (
        'mutation($id: ID!) { disburseTranche(id: $id, report: "r", amount: 1)'
        " { errors { code } } }"
    ),
    "createRevenueShareAgreement": (
        'mutation($id: ID!) { createRevenueShareAgreement(partner: $id, service: "s",'
        ' lines: [{beneficiary: "a", basisPoints: 10000}], remainderBeneficiary: "a")'
        " { errors { code } } }"
    ),
    "submitRevenueReport": (
        'mutation($id: ID!) { submitRevenueReport(agreement: $id, periodStart: "2026-01-01",'
        ' periodEnd: "2026-01-31", gross: 100, evidence: "e") { errors { code } } }'
    ),
    "invoiceRevenueReport": (
        'mutation($id: ID!) { invoiceRevenueReport(id: $id, invoiceNumber: "i")'
        " { errors { code } } }"
    ),
    "settleRevenueReport": (
        "mutation($id: ID!) { settleRevenueReport(id: $id) { errors { code } } }"
    ),
}
_ID_TYPES = {
    "refundDonation": "Donation",
    "updateCampaign": "Campaign",
    "declineProposal": "Proposal",
    "submitProposal": "GrantCall",
    "scoreProposal": "Proposal",
    "awardGrant": "Proposal",
    "disburseTranche": "Proposal",
    "createRevenueShareAgreement": "Partner",
    "submitRevenueReport": "RevenueShareAgreement",
    "invoiceRevenueReport": "RevenueReport",
    "settleRevenueReport": "RevenueReport",
}
for _name, _document in _FORBIDDEN.items():
    register(
        Operation(
            _name,
            _document,
            variables_factory=_fake(_ID_TYPES[_name]) if _name in _ID_TYPES else lambda w: {},
            kind="mutation",
            refused_with="FORBIDDEN",
        )
    )
