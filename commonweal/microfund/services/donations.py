"""Donations: online ones started at the fiscal host's payment provider, offline ones (cash
box, bank transfer) recorded by staff with their evidence, and the public donor record.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.ledger import services as ledger
from commonweal.ledger.models import CNY
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.models import (
    OFFLINE_METHODS,
    Campaign,
    Donation,
    DonationEvidence,
    DonationMethod,
    DonationStatus,
    EntryKind,
)
from commonweal.microfund.money import check_amount
from commonweal.microfund.providers import provider_for
from commonweal.microfund.providers.base import (
    CheckoutRequest,
    ProviderError,
)
from commonweal.microfund.services.common import required
from commonweal.microfund.services.fund_accounts import donors_account, target_account
from commonweal.platform.accounts.selectors import signed_in
from commonweal.platform.kernel.errors import DomainError, NotFound


def receipt_number(donation: Donation) -> str:
    return f"CW{timezone.localdate():%Y}{donation.pk:07d}"


@transaction.atomic
def donation_start(
    *,
    actor,
    community,
    amount,
    currency: str = CNY,
    method: str = "card",
    campaign: Campaign | None = None,
    donor_name: str = "",
    message: str = "",
    anonymous: bool = True,
    monthly: bool = False,
    email: str = "",
    base_url: str,
) -> tuple[Donation, str]:
    """A pending donation and the provider's hosted payment page to send the donor to."""
    amount = check_amount(amount, currency=currency)
    provider = provider_for(community)
    if provider is None:
        raise DomainError(FundErrorCode.NO_FISCAL_HOST, _("This fund takes no online payments."))
    if method not in provider.methods or (monthly and method != DonationMethod.CARD):
        raise DomainError(
            FundErrorCode.METHOD_UNAVAILABLE,
            _("This payment method is not available."),
            field="method",
        )
    if campaign is not None and not campaign.public:
        raise NotFound(FundErrorCode.NOT_FOUND, _("No such project."), field="campaign")
    user = signed_in(actor)
    donation = Donation.objects.create(
        campaign=campaign,
        amount=amount,
        currency=currency,
        method=method,
        donor_name=donor_name.strip()[:80],
        message=message.strip()[:300],
        anonymous=anonymous or not donor_name.strip(),
        donor=user,
        monthly=monthly,
        provider=provider.name,
    )
    try:
        checkout = provider.create_checkout(
            CheckoutRequest(
                donation_ref=f"{community.schema_name}:{donation.token}",
                amount=amount,
                currency=currency,
                description=f"{community.name}社区微基金"
                + (f" · {campaign.title}" if campaign else ""),
                methods=(method,),
                success_url=f"{base_url}/fund/thanks/{donation.token}/",
                cancel_url=f"{base_url}/fund/",
                monthly=monthly,
                email=email or (user.email if user and user.email else ""),
            )
        )
    except ProviderError as error:
        raise DomainError(
            FundErrorCode.PROVIDER_FAILED, _("The payment service could not be reached.")
        ) from error
    donation.checkout_id = checkout.id
    donation.save(update_fields=["checkout_id"])
    return donation, checkout.url


def token_of_ref(community, ref: str | None) -> str:
    """The donation token a provider's reference (`<schema>:<token>`) names, when it is one of
    this community's; else ""."""
    schema, _sep, token = (ref or "").partition(":")
    return token if schema == community.schema_name else ""


def donation_for_ref(community, ref: str) -> Donation | None:
    token = token_of_ref(community, ref)
    if not token:
        return None
    return Donation.objects.select_for_update().filter(token=token).first()


def donation_expire(*, community, ref: str) -> Donation | None:
    """The provider's payment page for the donation `ref` names expired unpaid: an unpaid
    donation is marked expired (a paid one stays as it is). None when `ref` is not ours."""
    donation = donation_for_ref(community, ref)
    if donation is not None and donation.entry_id is None:
        donation.status = DonationStatus.EXPIRED
        donation.save(update_fields=["status"])
    return donation


def donor_record_sync(community, donation: Donation) -> None:
    """The public-schema copy a signed-in donor's cross-community list reads."""
    from commonweal.microfund.hosts.models import DonorRecord

    defaults = donor_record_fields(donation)
    if defaults is not None:
        DonorRecord.objects.update_or_create(
            community=community, donation_token=donation.token, defaults=defaults
        )


def donor_record_fields(donation: Donation) -> dict | None:
    """What that copy of `donation` holds; None when it has none (no signed-in donor, or not
    paid yet)."""
    if donation.donor_id is None or donation.paid_at is None:
        return None
    return {
        "user_id": donation.donor_id,
        "project": donation.campaign.title if donation.campaign_id else "",
        "amount": donation.amount,
        "refunded": donation.refunded,
        "currency": donation.currency,
        "monthly": donation.monthly,
        "receipt_number": donation.receipt_number or "",
        "paid_at": donation.paid_at,
    }


EVIDENCE_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class EvidenceFile:
    """An uploaded photo or scan; `data` may be cut at EVIDENCE_MAX_BYTES + 1 by the caller."""

    name: str
    data: bytes


def _evidence_type(evidence: EvidenceFile) -> str:
    """The file's type from its first bytes (never the client's word): JPEG, PNG, WebP or PDF."""
    data = evidence.data
    kinds = {
        b"\xff\xd8\xff": "image/jpeg",
        b"\x89PNG\r\n\x1a\n": "image/png",
        b"%PDF-": "application/pdf",
    }
    found = next((kind for magic, kind in kinds.items() if data.startswith(magic)), None)
    if found is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        found = "image/webp"
    if found is None or len(data) > EVIDENCE_MAX_BYTES:
        raise DomainError(
            FundErrorCode.EVIDENCE_INVALID,
            _("Evidence must be a photo (JPEG, PNG, WebP) or a PDF of at most 5 MB."),
            field="evidence_file",
        )
    return found


@transaction.atomic
def donation_record_offline(
    *,
    actor,
    community,
    amount,
    method: str,
    evidence: str,
    receipt_number: str,
    campaign: Campaign | None = None,
    donor_name: str = "",
    anonymous: bool = False,
    message: str = "",
    received_on: date | None = None,
    currency: str = CNY,
    evidence_file: EvidenceFile | None = None,
) -> Donation:
    """A cash-box or bank-transfer donation, with what proves it (a description, and a photo
    or scan if there is one) and the receipt number issued; posted at once."""
    amount = check_amount(amount, currency=currency)
    if method not in OFFLINE_METHODS:
        raise DomainError(
            FundErrorCode.METHOD_UNAVAILABLE,
            _("Offline donations are cash or bank transfers."),
            field="method",
        )
    evidence = required(evidence, FundErrorCode.EVIDENCE_REQUIRED, "evidence")
    receipt_number = required(receipt_number, FundErrorCode.EVIDENCE_REQUIRED, "receipt_number")
    if Donation.objects.filter(receipt_number=receipt_number).exists():
        raise DomainError(
            FundErrorCode.RECEIPT_NUMBER_TAKEN,
            _("This receipt number is already used."),
            field="receipt_number",
        )
    content_type = _evidence_type(evidence_file) if evidence_file is not None else ""
    occurred = timezone.now()
    if received_on is not None:
        occurred = timezone.make_aware(
            timezone.datetime.combine(received_on, timezone.datetime.min.time())
        )
    posting = ledger.post(
        kind=EntryKind.DONATION,
        external_id=f"offline:receipt:{receipt_number}",
        legs=[(donors_account(), -amount), (target_account(campaign), amount)],
        memo=f"线下捐赠 {receipt_number}",
        occurred_at=occurred,
        actor=actor,
    )
    donation = Donation.objects.create(
        campaign=campaign,
        amount=amount,
        currency=currency,
        method=method,
        status=DonationStatus.PAID,
        donor_name=donor_name.strip()[:80],
        anonymous=anonymous or not donor_name.strip(),
        message=message[:300],
        evidence=evidence[:300],
        receipt_number=receipt_number,
        recorded_by=signed_in(actor),
        entry=posting.entry,
        paid_at=occurred,
    )
    if evidence_file is not None:
        DonationEvidence.objects.create(
            donation=donation,
            name=evidence_file.name[-200:],
            content_type=content_type,
            data=evidence_file.data,
            uploaded_by=signed_in(actor),
        )
    return donation
