"""The micro-fund over GraphQL: public accounts for anyone, operations for the office.

Community endpoint: `FundQuery` / `FundMutation`. Platform endpoint: `PlatformFundQuery`
(a signed-in donor's donations across communities).
"""

from collections.abc import Iterable
from datetime import date, datetime

import strawberry
import strawberry_django
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from commonweal.microfund import selectors, services
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.hosts.models import DonorRecord
from commonweal.microfund.models import (
    Campaign,
    Donation,
    GrantCall,
    MonthlyDonation,
    ProgressReport,
    Proposal,
    Refund,
    RevenueReport,
    RevenueShareAgreement,
    ShareLine,
)
from commonweal.partners.graphql.types import PartnerType
from commonweal.partners.models import Partnership
from commonweal.platform.accounts.roles import OFFICE_ROLES, Role
from commonweal.platform.errors import NotFound
from commonweal.platform.graphql.errors import error_type, refusals_in_payload
from commonweal.platform.graphql.ids import pk_of
from commonweal.platform.graphql.permissions import HasRole, IsSignedIn, for_mutation

FundError = error_type(FundErrorCode, "FundError")
OFFICE = tuple(OFFICE_ROLES)


@strawberry.type(name="FundBalance", description="What the fund holds, in fen.")
class FundBalance:
    held: int = strawberry.field(description="General fund + projects + committed grants.")
    uncommitted: int = strawberry.field(description="General fund not yet committed.")
    committed: int = strawberry.field(description="Committed to grants, not yet paid.")
    campaigns: int = strawberry.field(description="Held for projects.")


@strawberry.type(name="FundMonth", description="Income and spending of one month, in fen.")
class FundMonth:
    month: date = strawberry.field(description="First day of the month.")
    income: int = strawberry.field(description="Money in.")
    spending: int = strawberry.field(description="Money out (refunds, fees, grants paid).")


@strawberry_django.type(Campaign, name="Campaign", description="A project donors can give to.")
class CampaignType(relay.Node):
    title: str = strawberry_django.field(description="Title.")
    description: str = strawberry_django.field(description="What the money is for.")
    goal: int | None = strawberry_django.field(description="Goal in fen.")
    public: bool = strawberry_django.field(description="Shown to everyone.")

    @strawberry_django.field(
        only=["account__balance"],
        select_related=["account"],
        description="Held for this project now, in fen.",
    )
    def balance(self) -> int:
        return self.account.balance


@strawberry_django.type(
    Donation,
    name="PublicDonation",
    description="A paid donation as the public sees it (anonymised).",
)
class PublicDonationType(relay.Node):
    amount: int = strawberry_django.field(description="Paid, in fen.")
    refunded: int = strawberry_django.field(description="Refunded, in fen.")
    paid_at: datetime | None = strawberry_django.field(description="When it was paid.")
    message: str = strawberry_django.field(description="The donor's message.")

    @strawberry_django.field(
        only=["anonymous", "donor_name"],
        description="Name, empty when the donor asked to stay anonymous.",
    )
    def donor_name(self) -> str:
        return self.public_name

    @strawberry_django.field(
        only=["campaign__title"],
        select_related=["campaign"],
        description="Project, empty for the general fund.",
    )
    def project(self) -> str:
        return self.campaign.title if self.campaign_id else ""


@strawberry_django.type(Refund, name="Refund", description="A refund of a donation.")
class RefundType(relay.Node):
    amount: int = strawberry_django.field(description="Fen.")
    status: str = strawberry_django.field(
        description="pending (the payment service has not answered yet), succeeded or failed."
    )
    reason: str = strawberry_django.field(description="Why staff refunded.")
    failure: str = strawberry_django.field(description="The payment service's refusal, if any.")
    created_at: datetime = strawberry_django.field(description="When it was asked for.")


@strawberry_django.type(Donation, name="Donation", description="A donation (office view).")
class DonationType(relay.Node):
    amount: int = strawberry_django.field(description="Amount in fen.")
    currency: str = strawberry_django.field(description="Unit.")
    method: str = strawberry_django.field(description="card, alipay, wechat_pay, cash, …")
    status: str = strawberry_django.field(description="pending, paid, partly_refunded, …")
    donor_name: str = strawberry_django.field(description="Name given by the donor.")
    anonymous: bool = strawberry_django.field(description="Hidden on the public list.")
    message: str = strawberry_django.field(description="Message.")
    monthly: bool = strawberry_django.field(description="A monthly card donation.")
    fee: int = strawberry_django.field(description="Processor fee, in fen.")
    refunded: int = strawberry_django.field(description="Refunded, in fen.")
    receipt_number: str | None = strawberry_django.field(description="收据 number.")
    evidence: str = strawberry_django.field(description="Offline: what proves it.")
    paid_at: datetime | None = strawberry_django.field(description="When it was paid.")
    refunds: list[RefundType] = strawberry_django.field(
        description="Refunds asked for, pending ones included."
    )


@strawberry_django.type(
    MonthlyDonation, name="MonthlyDonation", description="Your standing monthly donation (月捐)."
)
class MonthlyDonationType(relay.Node):
    status: str = strawberry_django.field(
        description="active, past_due (the last month's payment failed) or canceled."
    )
    created_at: datetime = strawberry_django.field(description="When it began.")
    canceled_at: datetime | None = strawberry_django.field(description="When it was stopped.")

    @strawberry_django.field(
        only=["first__amount"], select_related=["first"], description="Each month, in fen."
    )
    def amount(self) -> int:
        return self.first.amount

    @strawberry_django.field(
        only=["first__campaign__title"],
        select_related=["first__campaign"],
        description="Project, empty for the general fund.",
    )
    def project(self) -> str:
        return self.first.campaign.title if self.first.campaign_id else ""


@strawberry_django.type(ProgressReport, name="ProgressReport", description="A grant's progress.")
class ProgressReportType(relay.Node):
    text: str = strawberry_django.field(description="What was done.")
    created_at: datetime = strawberry_django.field(description="When it was reported.")


@strawberry_django.type(Proposal, name="Proposal", description="A micro-grant proposal (public).")
class ProposalType(relay.Node):
    title: str = strawberry_django.field(description="Title.")
    summary: str = strawberry_django.field(description="Summary.")
    applicant_name: str = strawberry_django.field(description="Resident or social organisation.")
    requested: int = strawberry_django.field(description="Asked for, in fen.")
    status: str = strawberry_django.field(description="submitted, awarded or declined.")
    awarded: int = strawberry_django.field(description="Committed, in fen.")
    disbursed: int = strawberry_django.field(description="Paid so far, in fen.")
    reports: list[ProgressReportType] = strawberry_django.field(description="Progress reports.")


@strawberry_django.type(GrantCall, name="GrantCall", description="A micro-grant call (微创投).")
class GrantCallType(relay.Node):
    title: str = strawberry_django.field(description="Title.")
    description: str = strawberry_django.field(description="What it funds.")
    budget: int = strawberry_django.field(description="Budget in fen.")
    status: str = strawberry_django.field(description="open, review or closed.")
    deadline: date | None = strawberry_django.field(description="Last day for proposals.")
    proposals: list[ProposalType] = strawberry_django.field(description="Proposals.")


@strawberry_django.type(ShareLine, name="ShareLine", description="One beneficiary's share.")
class ShareLineType:
    beneficiary: str = strawberry_django.field(description="Who receives it.")
    basis_points: int = strawberry_django.field(description="Share in 1/100 %.")
    to_fund: bool = strawberry_django.field(description="This community's fund.")


@strawberry_django.type(RevenueReport, name="RevenueReport", description="A period's revenue.")
class RevenueReportType(relay.Node):
    period_start: date = strawberry_django.field(description="First day.")
    period_end: date = strawberry_django.field(description="Last day.")
    gross: int = strawberry_django.field(description="Gross revenue, in fen.")
    fund_share: int = strawberry_django.field(description="Owed to the fund, in fen.")
    status: str = strawberry_django.field(description="owed, invoiced or settled.")


@strawberry_django.type(
    RevenueShareAgreement,
    name="RevenueShareAgreement",
    description="Revenue feedback (收益反哺) of a partner's service.",
)
class RevenueShareAgreementType(relay.Node):
    partner_name: str = strawberry_django.field(description="Partner's name, as agreed.")
    partner: PartnerType | None = strawberry_django.field(
        field_name="partnership",
        description="The partner (合伙人) whose service it is; null for an agreement made before"
        " agreements named partners, whose partner could not be matched.",
    )
    service: str = strawberry_django.field(description="Service, e.g. 社区共享食堂.")
    lines: list[ShareLineType] = strawberry_django.field(description="Shares.")
    reports: list[RevenueReportType] = strawberry_django.field(description="Reports.")


@strawberry.type(name="CommunityDonation", description="One of your donations (platform view).")
class CommunityDonation:
    community: str = strawberry.field(description="Community name.")
    community_slug: str = strawberry.field(description="Community address.")
    project: str = strawberry.field(description="Project, empty for the general fund.")
    amount: int = strawberry.field(description="Paid, in fen.")
    refunded: int = strawberry.field(description="Refunded, in fen.")
    monthly: bool = strawberry.field(description="Monthly.")
    receipt_number: str = strawberry.field(description="收据 number.")
    paid_at: datetime = strawberry.field(description="When.")


# --- inputs and payloads ---------------------------------------------------------------------


@strawberry.input(description="A donation through the fiscal host's payment provider.")
class StartDonationInput:
    amount: int = strawberry.field(description="Fen.")
    method: str = strawberry.field(default="card", description="card, alipay or wechat_pay.")
    campaign: relay.GlobalID | None = strawberry.field(default=None, description="Project.")
    donor_name: str = strawberry.field(default="", description="Optional name.")
    message: str = strawberry.field(default="", description="Optional message.")
    anonymous: bool = strawberry.field(default=True, description="Hide the name publicly.")
    monthly: bool = strawberry.field(default=False, description="Monthly, by card.")


@strawberry.input(description="Cash-box or bank-transfer donation recorded by staff.")
class OfflineDonationInput:
    amount: int = strawberry.field(description="Fen.")
    method: str = strawberry.field(description="cash or bank_transfer.")
    evidence: str = strawberry.field(description="What proves it (开箱记录, 银行回单…).")
    receipt_number: str = strawberry.field(description="Receipt number issued.")
    campaign: relay.GlobalID | None = strawberry.field(default=None, description="Project.")
    donor_name: str = strawberry.field(default="", description="Donor.")
    anonymous: bool = strawberry.field(default=False, description="Hide the name publicly.")
    received_on: date | None = strawberry.field(default=None, description="Day received.")


@strawberry.input(description="One beneficiary of a revenue-share agreement.")
class ShareLineInput:
    beneficiary: str = strawberry.field(description="Who receives it.")
    basis_points: int = strawberry.field(description="Share in 1/100 % (7000 = 70%).")
    to_fund: bool = strawberry.field(default=False, description="This community's fund.")


@strawberry.type
class CampaignPayload:
    campaign: CampaignType | None = None
    errors: list[FundError] = strawberry.field(default_factory=list)


@strawberry.type
class StartDonationPayload:
    checkout_url: str | None = strawberry.field(default=None, description="Send the donor here.")
    receipt_token: str | None = strawberry.field(default=None, description="Thanks/receipt key.")
    errors: list[FundError] = strawberry.field(default_factory=list)


@strawberry.type
class DonationPayload:
    donation: DonationType | None = None
    errors: list[FundError] = strawberry.field(default_factory=list)


@strawberry.type
class RefundPayload:
    donation: DonationType | None = strawberry.field(default=None, description="As it stands.")
    refund: RefundType | None = strawberry.field(
        default=None,
        description="The refund: online ones stay pending until the payment service answers.",
    )
    errors: list[FundError] = strawberry.field(default_factory=list)


@strawberry.type
class MonthlyDonationPayload:
    monthly_donation: MonthlyDonationType | None = strawberry.field(
        default=None, description="As it stands."
    )
    errors: list[FundError] = strawberry.field(default_factory=list)


@strawberry.type
class GrantCallPayload:
    grant_call: GrantCallType | None = None
    errors: list[FundError] = strawberry.field(default_factory=list)


@strawberry.type
class ProposalPayload:
    proposal: ProposalType | None = None
    errors: list[FundError] = strawberry.field(default_factory=list)


@strawberry.type
class AgreementPayload:
    agreement: RevenueShareAgreementType | None = None
    errors: list[FundError] = strawberry.field(default_factory=list)


@strawberry.type
class RevenueReportPayload:
    report: RevenueReportType | None = None
    errors: list[FundError] = strawberry.field(default_factory=list)


def _ctx(info: Info):
    request = info.context.request
    return request.user, request.tenant


def _get(model, global_id, type_, **filters):
    obj = model.objects.filter(pk=pk_of(global_id, type_, FundErrorCode), **filters).first()
    if obj is None:
        raise NotFound(FundErrorCode.NOT_FOUND, _("Nothing found with this id."))
    return obj


def _campaign(global_id):
    return _get(Campaign, global_id, CampaignType) if global_id else None


@strawberry.type
class FundQuery:
    @strawberry.field(description="The fund's balances (public).")
    def fund_balance(self) -> FundBalance:
        return FundBalance(**selectors.balances())

    @strawberry.field(description="Income and spending per month (public).")
    def fund_months(self, year: int | None = None) -> list[FundMonth]:
        return [
            FundMonth(month=m.month, income=m.income, spending=m.spending)
            for m in selectors.monthly_statement(year)
        ]

    @strawberry_django.connection(
        DjangoListConnection[CampaignType], description="Public projects."
    )
    def campaigns(self) -> Iterable[Campaign]:
        return Campaign.objects.filter(public=True)

    @strawberry_django.connection(
        DjangoListConnection[PublicDonationType],
        description="Paid donations, anonymised where asked.",
    )
    def public_donations(self) -> Iterable[Donation]:
        return Donation.objects.filter(status__in=selectors.PAID).order_by("-paid_at", "-id")

    @strawberry_django.connection(
        DjangoListConnection[DonationType],
        description="Every donation (office roles).",
        extensions=[HasRole(*OFFICE)],
    )
    def donations(self, status: str | None = None) -> Iterable[Donation]:
        queryset = Donation.objects.all()
        return queryset.filter(status=status) if status else queryset

    @strawberry_django.field(
        description="Your own monthly donations in this community.", extensions=[IsSignedIn()]
    )
    def my_monthly_donations(self, info: Info) -> list[MonthlyDonationType]:
        return selectors.monthly_donations_of(info.context.request.user)

    @strawberry_django.connection(
        DjangoListConnection[GrantCallType],
        description="Micro-grant calls with their proposals (public).",
    )
    def grant_calls(self) -> Iterable[GrantCall]:
        return GrantCall.objects.all()

    @strawberry_django.connection(
        DjangoListConnection[RevenueShareAgreementType],
        description="Revenue feedback agreements and their reports (public).",
    )
    def revenue_share_agreements(self) -> Iterable[RevenueShareAgreement]:
        return RevenueShareAgreement.objects.filter(active=True)


@strawberry.type
class FundMutation:
    @strawberry.mutation(description="Start a donation; returns the payment page.")
    @refusals_in_payload(StartDonationPayload, FundError)
    def start_donation(self, info: Info, input: StartDonationInput) -> StartDonationPayload:
        user, community = _ctx(info)
        campaign = (
            _get(Campaign, input.campaign, CampaignType, public=True) if input.campaign else None
        )
        donation, url = services.donation_start(
            actor=user,
            community=community,
            amount=input.amount,
            method=input.method,
            campaign=campaign,
            donor_name=input.donor_name,
            message=input.message,
            anonymous=input.anonymous,
            monthly=input.monthly,
            base_url=info.context.request.build_absolute_uri("/").rstrip("/"),
        )
        return StartDonationPayload(checkout_url=url, receipt_token=donation.token)

    @strawberry.mutation(
        description="Create a project.", extensions=[for_mutation(HasRole(*OFFICE))]
    )
    @refusals_in_payload(CampaignPayload, FundError)
    def create_campaign(
        self,
        info: Info,
        title: str,
        description: str = "",
        goal: int | None = None,
        public: bool = True,
    ) -> CampaignPayload:
        user, community = _ctx(info)
        return CampaignPayload(
            campaign=services.campaign_create(
                actor=user,
                community=community,
                title=title,
                description=description,
                goal=goal,
                public=public,
            )
        )

    @strawberry.mutation(
        description="Record a cash-box or bank-transfer donation.",
        extensions=[for_mutation(HasRole(*OFFICE))],
    )
    @refusals_in_payload(DonationPayload, FundError)
    def record_offline_donation(self, info: Info, input: OfflineDonationInput) -> DonationPayload:
        user, community = _ctx(info)
        return DonationPayload(
            donation=services.donation_record_offline(
                actor=user,
                community=community,
                amount=input.amount,
                method=input.method,
                evidence=input.evidence,
                receipt_number=input.receipt_number,
                campaign=_campaign(input.campaign),
                donor_name=input.donor_name,
                anonymous=input.anonymous,
                received_on=input.received_on,
            )
        )

    @strawberry.mutation(
        description="Refund a donation in full or in part (online: pending until the payment"
        " service answers; never beyond what was paid less refunds, pending ones included).",
        extensions=[for_mutation(HasRole(*OFFICE))],
    )
    @refusals_in_payload(RefundPayload, FundError)
    def refund_donation(
        self, info: Info, id: relay.GlobalID, amount: int, reason: str = ""
    ) -> RefundPayload:
        user, community = _ctx(info)
        donation = _get(Donation, id, DonationType)
        refund = services.donation_refund(
            actor=user, community=community, donation=donation, amount=amount, reason=reason
        )
        donation.refresh_from_db()
        return RefundPayload(donation=donation, refund=refund)

    @strawberry.mutation(
        description="Stop your monthly donation (its donor only); asking again changes nothing."
        " The payment service is told right after.",
        extensions=[for_mutation(IsSignedIn())],
    )
    @refusals_in_payload(MonthlyDonationPayload, FundError)
    def cancel_monthly_donation(self, info: Info, id: relay.GlobalID) -> MonthlyDonationPayload:
        user, community = _ctx(info)
        monthly = selectors.access_monthly_donation(
            actor=user, monthly_id=pk_of(id, MonthlyDonationType, FundErrorCode)
        )
        return MonthlyDonationPayload(
            monthly_donation=services.monthly_donation_cancel(
                actor=user, community=community, monthly=monthly
            )
        )

    @strawberry.mutation(
        description="Open a micro-grant call.", extensions=[for_mutation(HasRole(*OFFICE))]
    )
    @refusals_in_payload(GrantCallPayload, FundError)
    def open_grant_call(
        self,
        info: Info,
        title: str,
        budget: int,
        description: str = "",
        deadline: date | None = None,
    ) -> GrantCallPayload:
        user, community = _ctx(info)
        return GrantCallPayload(
            grant_call=services.grant_call_open(
                actor=user,
                community=community,
                title=title,
                budget=budget,
                description=description,
                deadline=deadline,
            )
        )

    @strawberry.mutation(
        description="Submit a proposal (members of the community).",
        extensions=[for_mutation(HasRole())],
    )
    @refusals_in_payload(ProposalPayload, FundError)
    def submit_proposal(
        self,
        info: Info,
        call: relay.GlobalID,
        title: str,
        applicant_name: str,
        requested: int,
        summary: str = "",
    ) -> ProposalPayload:
        user, community = _ctx(info)
        return ProposalPayload(
            proposal=services.proposal_submit(
                actor=user,
                community=community,
                call=_get(GrantCall, call, GrantCallType),
                title=title,
                applicant_name=applicant_name,
                requested=requested,
                summary=summary,
            )
        )

    @strawberry.mutation(
        description="Score a proposal, 0–100 (panel: office roles).",
        extensions=[for_mutation(HasRole(*OFFICE))],
    )
    @refusals_in_payload(ProposalPayload, FundError)
    def score_proposal(
        self, info: Info, id: relay.GlobalID, score: int, comment: str = ""
    ) -> ProposalPayload:
        user, community = _ctx(info)
        proposal = _get(Proposal, id, ProposalType)
        services.proposal_score(
            actor=user, community=community, proposal=proposal, score=score, comment=comment
        )
        return ProposalPayload(proposal=proposal)

    @strawberry.mutation(
        description="Award a grant, committing fund money (admins).",
        extensions=[for_mutation(HasRole(Role.ADMIN))],
    )
    @refusals_in_payload(ProposalPayload, FundError)
    def award_grant(self, info: Info, id: relay.GlobalID, amount: int) -> ProposalPayload:
        user, community = _ctx(info)
        return ProposalPayload(
            proposal=services.proposal_award(
                actor=user,
                community=community,
                proposal=_get(Proposal, id, ProposalType),
                amount=amount,
            )
        )

    @strawberry.mutation(
        description="Pay a tranche against a progress report (admins).",
        extensions=[for_mutation(HasRole(Role.ADMIN))],
    )
    @refusals_in_payload(ProposalPayload, FundError)
    def disburse_tranche(
        self, info: Info, id: relay.GlobalID, report: str, amount: int
    ) -> ProposalPayload:
        user, community = _ctx(info)
        proposal = _get(Proposal, id, ProposalType)
        progress = services.progress_report_submit(
            actor=user, community=community, proposal=proposal, text=report
        )
        services.tranche_disburse(actor=user, community=community, report=progress, amount=amount)
        proposal.refresh_from_db()
        return ProposalPayload(proposal=proposal)

    @strawberry.mutation(
        description="Agree a revenue share of an approved or active partner's service (admins).",
        extensions=[for_mutation(HasRole(Role.ADMIN))],
    )
    @refusals_in_payload(AgreementPayload, FundError)
    def create_revenue_share_agreement(
        self,
        info: Info,
        partner: relay.GlobalID,
        service: str,
        lines: list[ShareLineInput],
        remainder_beneficiary: str,
        partner_email: str = "",
        starts_on: date | None = None,
    ) -> AgreementPayload:
        user, community = _ctx(info)
        return AgreementPayload(
            agreement=services.agreement_create(
                actor=user,
                community=community,
                partnership=_get(Partnership, partner, PartnerType),
                service=service,
                lines=[(line.beneficiary, line.basis_points, line.to_fund) for line in lines],
                remainder_beneficiary=remainder_beneficiary,
                partner_email=partner_email,
                starts_on=starts_on,
            )
        )

    @strawberry.mutation(
        description="Report a period's gross revenue (office, partner representatives).",
        extensions=[for_mutation(HasRole(*OFFICE, Role.PARTNER_REPRESENTATIVE))],
    )
    @refusals_in_payload(RevenueReportPayload, FundError)
    def submit_revenue_report(
        self,
        info: Info,
        agreement: relay.GlobalID,
        period_start: date,
        period_end: date,
        gross: int,
        evidence: str,
    ) -> RevenueReportPayload:
        user, community = _ctx(info)
        return RevenueReportPayload(
            report=services.revenue_report_submit(
                actor=user,
                community=community,
                agreement=_get(RevenueShareAgreement, agreement, RevenueShareAgreementType),
                period_start=period_start,
                period_end=period_end,
                gross=gross,
                evidence=evidence,
            )
        )

    @strawberry.mutation(
        description="Mark the fund's share invoiced.", extensions=[for_mutation(HasRole(*OFFICE))]
    )
    @refusals_in_payload(RevenueReportPayload, FundError)
    def invoice_revenue_report(
        self, info: Info, id: relay.GlobalID, invoice_number: str
    ) -> RevenueReportPayload:
        user, community = _ctx(info)
        return RevenueReportPayload(
            report=services.revenue_report_invoice(
                actor=user,
                community=community,
                report=_get(RevenueReport, id, RevenueReportType),
                invoice_number=invoice_number,
            )
        )

    @strawberry.mutation(
        description="Mark the fund's share received; posts the settlement.",
        extensions=[for_mutation(HasRole(*OFFICE))],
    )
    @refusals_in_payload(RevenueReportPayload, FundError)
    def settle_revenue_report(self, info: Info, id: relay.GlobalID) -> RevenueReportPayload:
        user, community = _ctx(info)
        return RevenueReportPayload(
            report=services.revenue_report_settle(
                actor=user, community=community, report=_get(RevenueReport, id, RevenueReportType)
            )
        )


@strawberry.type
class PlatformFundQuery:
    @strawberry.field(description="Your donations in every community.", extensions=[IsSignedIn()])
    def my_donations(self, info: Info) -> list[CommunityDonation]:
        records = DonorRecord.objects.filter(Q(user=info.context.request.user)).select_related(
            "community"
        )[:500]
        return [
            CommunityDonation(
                community=r.community.name,
                community_slug=r.community.slug,
                project=r.project,
                amount=r.amount,
                refunded=r.refunded,
                monthly=r.monthly,
                receipt_number=r.receipt_number,
                paid_at=r.paid_at,
            )
            for r in records
        ]
