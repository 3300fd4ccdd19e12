"""The micro-fund's GraphQL types: public accounts, projects, donations as the public and the
office see them, grants and revenue feedback."""

from datetime import date, datetime
from enum import Enum

import strawberry
import strawberry_django
from strawberry import relay

from commonweal.microfund.error_codes import FundErrorCode
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
from commonweal.microfund.providers import orders
from commonweal.partners.graphql.types import PartnerType
from commonweal.platform.kernel.graphql.errors import error_type
from commonweal.privacy.masking import resident_text

FundError = error_type(FundErrorCode, "FundError")


@strawberry.enum(
    description="The donor's device, which decides how WeChat Pay and Alipay take the payment."
)
class DonationChannel(Enum):
    MOBILE_WEB = strawberry.enum_value(
        orders.MOBILE_WEB, description="An ordinary phone browser: the provider's H5 / wap page."
    )
    IN_APP = strawberry.enum_value(
        orders.IN_APP, description="Inside WeChat: its own payment sheet (needs `payer`)."
    )
    DESKTOP = strawberry.enum_value(
        orders.DESKTOP, description="A computer: a WeChat QR code, or Alipay's page."
    )


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
    message: str = resident_text("The donor's message.")

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
    provider: str = strawberry_django.field(
        description="The payment service that took it (wechatpay, alipay, stripe); empty offline."
    )
    payment_id: str | None = strawberry_django.field(
        description="The payment service's transaction number (微信支付订单号, 支付宝交易号)."
    )
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
    text: str = resident_text("What was done.")
    created_at: datetime = strawberry_django.field(description="When it was reported.")


@strawberry_django.type(Proposal, name="Proposal", description="A micro-grant proposal (public).")
class ProposalType(relay.Node):
    title: str = resident_text("Title.")
    summary: str = resident_text("Summary.")
    applicant_name: str = strawberry_django.field(description="Resident or social organisation.")
    requested: int = strawberry_django.field(description="Asked for, in fen.")
    status: str = strawberry_django.field(description="submitted, awarded or declined.")
    awarded: int = strawberry_django.field(description="Committed, in fen.")
    disbursed: int = strawberry_django.field(description="Paid so far, in fen.")
    decline_reason: str = strawberry_django.field(
        description="Why it was declined, as its applicant was told; empty unless declined."
    )
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
