"""Donations: started online by anyone, recorded offline by the office."""

from datetime import date
from typing import Annotated

import strawberry
from django.db import transaction
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from commonweal.microfund import payments, selectors
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.graphql.types import (
    CampaignType,
    DonationChannel,
    DonationType,
    FundError,
)
from commonweal.microfund.services import donations
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import (
    ANYONE,
    OFFICE,
    arg,
    caller,
    mutation,
    payload,
)


@strawberry.input(description="A donation through the fiscal host's payment provider.")
class StartDonationInput:
    amount: int = strawberry.field(description="Fen.")
    method: str = strawberry.field(default="card", description="card, alipay or wechat_pay.")
    campaign: relay.GlobalID | None = strawberry.field(default=None, description="Project.")
    donor_name: str = strawberry.field(default="", description="Optional name.")
    message: str = strawberry.field(default="", description="Optional message.")
    anonymous: bool = strawberry.field(default=True, description="Hide the name publicly.")
    monthly: bool = strawberry.field(default=False, description="Monthly, by card.")
    channel: DonationChannel = strawberry.field(
        default=DonationChannel.MOBILE_WEB,
        description="The donor's device, for WeChat Pay and Alipay: how they will pay.",
    )
    payer: str = strawberry.field(
        default="",
        description="WeChat Pay inside WeChat (IN_APP): the donor's openid at the fiscal"
        " host's 公众号.",
    )


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


StartDonationPayload = payload(
    "StartDonationPayload",
    FundError,
    checkout_url=(
        str,
        "The provider's payment page: send the donor here (null when the"
        " donor pays by QR code or in the app's payment sheet).",
    ),
    qr_code=(str, "Desktop WeChat Pay: the text to show as a QR code for the donor to scan."),
    in_app=(JSON, "Inside WeChat: the parameters of WeixinJSBridge's payment sheet."),
    receipt_token=(
        str,
        "Opens the thank-you page and the receipt once paid; donationOutcome tells how it stands.",
    ),
)
DonationPayload = payload(
    "DonationPayload", FundError, donation=(DonationType, "The donation as recorded.")
)


def _campaign(who, global_id):
    if global_id is None:
        return None
    return selectors.access_campaign(
        actor=who.user,
        community=who.community,
        campaign_id=pk_of(global_id, CampaignType, FundErrorCode),
    )


@strawberry.type
class DonationMutation:
    @mutation(
        StartDonationPayload,
        allow=ANYONE,
        description="Start a donation; returns where or how the donor pays.",
        atomic=False,  # the donation commits before the payment provider is asked
    )
    def start_donation(
        self, info: Info, input: Annotated[StartDonationInput, arg("The donation.")]
    ) -> StartDonationPayload:
        who = caller(info)
        common = {
            "actor": who.user,
            "community": who.community,
            "amount": input.amount,
            "method": input.method,
            "campaign": _campaign(who, input.campaign),
            "donor_name": input.donor_name,
            "message": input.message,
            "anonymous": input.anonymous,
            "base_url": who.request.build_absolute_uri("/").rstrip("/"),
        }
        if input.method in payments.order_methods(who.community):
            donation, checkout = payments.order_start(
                **common,
                channel=input.channel.value,
                client_ip=who.request.META.get("REMOTE_ADDR", "127.0.0.1"),
                payer=input.payer.strip()[:128],
            )
            return StartDonationPayload(
                checkout_url=None if checkout.qr or checkout.in_app else checkout.url,
                qr_code=checkout.qr or None,
                in_app=checkout.in_app or None,
                receipt_token=donation.token,
            )
        with transaction.atomic():  # a checkout the provider refused leaves no donation
            donation, url = donations.donation_start(**common, monthly=input.monthly)
        return StartDonationPayload(checkout_url=url, receipt_token=donation.token)

    @mutation(
        DonationPayload,
        allow=OFFICE,
        description="Record a cash-box or bank-transfer donation (office roles).",
    )
    def record_offline_donation(
        self, info: Info, input: Annotated[OfflineDonationInput, arg("The donation.")]
    ) -> DonationPayload:
        who = caller(info)
        return DonationPayload(
            donation=donations.donation_record_offline(
                actor=who.user,
                community=who.community,
                amount=input.amount,
                method=input.method,
                evidence=input.evidence,
                receipt_number=input.receipt_number,
                campaign=_campaign(who, input.campaign),
                donor_name=input.donor_name,
                anonymous=input.anonymous,
                received_on=input.received_on,
            )
        )
