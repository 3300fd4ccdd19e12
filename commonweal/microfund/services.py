"""Writes of the micro-fund. Every movement of money is one ledger entry (`ledger.post`)."""

import contextlib
import uuid
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.ledger import services as ledger
from commonweal.ledger.models import CNY, Account
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.models import (
    OFFLINE_METHODS,
    AccountKind,
    Campaign,
    Disbursement,
    Donation,
    DonationEvidence,
    DonationMethod,
    DonationStatus,
    EntryKind,
    GrantCall,
    GrantCallStatus,
    LateReportFlag,
    MonthlyDonation,
    MonthlyStatus,
    ProgressReport,
    Proposal,
    ProposalStatus,
    Refund,
    RefundStatus,
    ReportStatus,
    RevenueReport,
    RevenueShareAgreement,
    Score,
    ShareLine,
)
from commonweal.microfund.money import check_amount
from commonweal.microfund.providers import provider_for
from commonweal.microfund.providers.base import (
    CheckoutRequest,
    PaymentFacts,
    ProviderError,
    ProviderRefused,
    RefundFacts,
)
from commonweal.partners.models import PartnershipStatus
from commonweal.platform.accounts.selectors import signed_in
from commonweal.platform.errors import DomainError, NotFound
from commonweal.search.documents import index_document, remove_document

GENERAL = "fund:general"
COMMITTED = "fund:committed"
DONORS = "external:donors"
FEES = "expense:processor_fees"
GRANTEES = "external:grantees"


# The fund's own accounts: (name, kind) by code, each created on first use.
_SYSTEM_ACCOUNTS = {
    GENERAL: ("社区微基金", AccountKind.FUND),
    COMMITTED: ("已承诺资助", AccountKind.COMMITTED),
    DONORS: ("捐赠人", AccountKind.EXTERNAL),
    FEES: ("支付手续费", AccountKind.EXPENSE),
}


def _system_accounts(*codes: str) -> list[Account]:
    return ledger.accounts(*((code, *_SYSTEM_ACCOUNTS[code]) for code in codes))


def _system_account(code: str) -> Account:
    name, kind = _SYSTEM_ACCOUNTS[code]
    return ledger.account(code, name=name, kind=kind)


def fund_account() -> Account:
    return _system_account(GENERAL)


def committed_account() -> Account:
    return _system_account(COMMITTED)


def donors_account() -> Account:
    return _system_account(DONORS)


def fees_account() -> Account:
    return _system_account(FEES)


def _required(value: str, code: FundErrorCode, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(code, _("This field is required."), field=field)
    return value


def _target_account(campaign: Campaign | None) -> Account:
    return campaign.account if campaign is not None else fund_account()


def _free_balance(account: Account, campaign: Campaign | None) -> int:
    """What `account` (a project's, or the general fund's when `campaign` is None) holds that
    is neither committed nor promised to a refund still awaiting the provider's answer.

    The caller holds the account's row lock: awards and refunds both take it before reading
    this, so neither can spend what the other has just counted on."""
    pending = Refund.objects.filter(status=RefundStatus.PENDING, donation__campaign=campaign)
    return account.balance - (pending.aggregate(total=Sum("amount"))["total"] or 0)


def _insufficient_funds(message) -> DomainError:
    return DomainError(FundErrorCode.INSUFFICIENT_FUNDS, message, field="amount")


# --- campaigns -----------------------------------------------------------------------------


def _index_campaign(community, campaign: Campaign) -> None:
    if campaign.public:
        index_document(
            community=community,
            kind="campaign",
            key=campaign.pk,
            title=campaign.title,
            body=campaign.description,
            category="微基金",
            url=f"/fund/?campaign={campaign.pk}",
        )
    else:
        remove_document(community=community, kind="campaign", key=campaign.pk)


@transaction.atomic
def campaign_create(
    *, actor, community, title: str, description: str = "", goal=None, public: bool = True
) -> Campaign:
    title = _required(title, FundErrorCode.TITLE_REQUIRED, "title")
    if goal is not None:
        goal = check_amount(goal, field="goal")
    code = f"campaign:{uuid.uuid4().hex[:12]}"
    account = ledger.account(code, name=title, kind=AccountKind.CAMPAIGN)
    campaign = Campaign.objects.create(
        title=title, description=description, goal=goal, public=public, account=account
    )
    _index_campaign(community, campaign)
    return campaign


@transaction.atomic
def campaign_update(
    *, actor, community, campaign: Campaign, title=None, description=None, public=None
) -> Campaign:
    if title is not None:
        campaign.title = _required(title, FundErrorCode.TITLE_REQUIRED, "title")
    if description is not None:
        campaign.description = description
    if public is not None:
        campaign.public = public
    campaign.save()
    _index_campaign(community, campaign)
    return campaign


# --- donations -----------------------------------------------------------------------------


def _receipt_number(donation: Donation) -> str:
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


def _donation_for_ref(community, ref: str) -> Donation | None:
    schema, _sep, token = (ref or "").partition(":")
    if schema != community.schema_name or not token:
        return None
    return Donation.objects.select_for_update().filter(token=token).first()


def _donation_for_payment(community, facts: PaymentFacts) -> Donation | None:
    """The donation already holding this payment, else the one its reference names: locked,
    with its project's account, in one query."""
    schema, _sep, token = (facts.donation_ref or "").partition(":")
    match = Q(payment_id=facts.payment_id) if facts.payment_id else Q(pk__in=[])
    if schema == community.schema_name and token:
        match |= Q(token=token)
    found = (
        Donation.objects.select_for_update(of=("self",))
        .select_related("campaign__account")
        .filter(match)
    )
    return min(found, key=lambda d: d.payment_id != facts.payment_id, default=None)


def payment_recorded(payment_id: str) -> bool:
    """Whether this payment is in the books with its processor fee: a later report of its
    success can add nothing (refunds come with their own events)."""
    return Donation.objects.filter(payment_id=payment_id, entry__isnull=False, fee__gt=0).exists()


def payment_reconcile(
    *, community, facts: PaymentFacts, provider: str = "stripe", donation: Donation | None = None
) -> Donation | None:
    """Bring the ledger in line with the provider's facts of one payment; idempotent.

    Posts what is missing (the donation, its fee, each refund), keyed by the provider's ids,
    so any order of events and any number of replays end in the same state. All or nothing
    within the caller's transaction (no savepoint of its own); a refusal writes nothing.
    """
    with transaction.atomic(savepoint=False):
        if donation is None:
            donation = _donation_for_payment(community, facts)
        if donation is None or not facts.succeeded:
            return donation
        if facts.currency == donation.currency:
            _payment_post(community, donation, facts, provider=provider)
            return donation
    # Raised outside the block, so a caller that handles the refusal keeps its transaction.
    raise DomainError(FundErrorCode.CURRENCY_MISMATCH, _("Paid in another currency."))


def _payment_post(community, donation: Donation, facts: PaymentFacts, *, provider: str):
    """Post what `payment_reconcile` found missing. Caller holds the donation's row lock."""
    donors, fund, fees = _system_accounts(DONORS, GENERAL, FEES)
    target = donation.campaign.account if donation.campaign_id else fund
    changed = []
    if donation.entry_id is None:
        posting = ledger.post(
            kind=EntryKind.DONATION,
            external_id=f"{provider}:payment:{facts.payment_id}",
            legs=[(donors, -facts.amount), (target, facts.amount)],
            memo=f"捐赠 #{donation.pk}",
            occurred_at=facts.paid_at,
        )
        donation.entry = posting.entry
        donation.payment_id = facts.payment_id
        donation.amount = facts.amount
        donation.paid_at = facts.paid_at or timezone.now()
        donation.status = DonationStatus.PAID
        donation.receipt_number = _receipt_number(donation)
        changed += ["entry", "payment_id", "amount", "paid_at", "status", "receipt_number"]
        if facts.method in DonationMethod.values:
            donation.method = facts.method
            changed.append("method")
        if facts.subscription_id:
            donation.subscription_id = facts.subscription_id
            changed.append("subscription_id")
    if facts.fee and facts.fee_id:
        posting = ledger.post(
            kind=EntryKind.PROCESSOR_FEE,
            external_id=f"{provider}:fee:{facts.fee_id}",
            legs=[(target, -facts.fee), (fees, facts.fee)],
            memo=f"手续费 · 捐赠 #{donation.pk}",
            occurred_at=facts.paid_at,
        )
        if posting.created:
            donation.fee += facts.fee
            changed.append("fee")
    if changed:
        donation.save(update_fields=changed)
    for refund in facts.refunds:
        _refund_apply(community, donation, refund, provider=provider)
    _sync_donor_record(community, donation)


def _sync_donor_record(community, donation: Donation) -> None:
    """The public-schema copy a signed-in donor's cross-community list reads."""
    from commonweal.microfund.hosts.models import DonorRecord

    if donation.donor_id is None or donation.paid_at is None:
        return
    DonorRecord.objects.update_or_create(
        community=community,
        donation_token=donation.token,
        defaults={
            "user_id": donation.donor_id,
            "project": donation.campaign.title if donation.campaign_id else "",
            "amount": donation.amount,
            "refunded": donation.refunded,
            "currency": donation.currency,
            "monthly": donation.monthly,
            "receipt_number": donation.receipt_number or "",
            "paid_at": donation.paid_at,
        },
    )


# --- refunds -------------------------------------------------------------------------------


def refund_reference(community, refund: Refund) -> str:
    """The refund's idempotency key at the provider (unique across the host's communities)."""
    return f"{community.schema_name}:refund:{refund.pk}"


def _refund_for_reference(community, donation: Donation, reference: str) -> Refund | None:
    schema, sep, pk = reference.partition(":refund:")
    if not sep or schema != community.schema_name or not pk.isdigit():
        return None
    return Refund.objects.select_for_update().filter(pk=int(pk), donation=donation).first()


def _refund_exceeds_paid() -> DomainError:
    return DomainError(
        FundErrorCode.REFUND_EXCEEDS_PAID,
        _("A refund cannot exceed what was paid."),
        field="amount",
    )


def _refundable(donation: Donation) -> int:
    """Paid, less what was refunded and what refunds awaiting the provider will take."""
    pending = donation.refunds.filter(status=RefundStatus.PENDING).aggregate(total=Sum("amount"))
    return donation.net_paid - (pending["total"] or 0)


def _refund_succeeded(donation: Donation, refund: Refund, *, external_id: str, actor=None):
    """Post the reversal of `refund` once (`external_id`) and count it on the donation.

    Caller holds the donation's row lock."""
    if refund.amount > donation.net_paid:
        raise _refund_exceeds_paid()
    posting = ledger.post(
        kind=EntryKind.REFUND,
        external_id=external_id,
        legs=[
            (_target_account(donation.campaign), -refund.amount),
            (donors_account(), refund.amount),
        ],
        reverses=donation.entry,
        memo=f"退款 · 捐赠 #{donation.pk}",
        actor=actor,
    )
    donation.refunded += refund.amount
    donation.status = (
        DonationStatus.REFUNDED
        if donation.refunded >= donation.amount
        else DonationStatus.PARTLY_REFUNDED
    )
    donation.save(update_fields=["refunded", "status"])
    refund.entry = posting.entry
    refund.status = RefundStatus.SUCCEEDED
    refund.save()
    return refund


def _refund_apply(
    community, donation: Donation, facts: RefundFacts, *, provider: str
) -> Refund | None:
    """Bring one of the provider's refunds of `donation` into the books, once, whoever reports
    it first: the refund job with the provider's answer, or a webhook. It is the refund staff
    asked for (found by its reference) or one made at the provider directly.

    Caller holds the donation's row lock."""
    refund = None
    if facts.id:
        refund = Refund.objects.select_for_update().filter(provider_refund_id=facts.id).first()
    if refund is None and facts.reference:
        refund = _refund_for_reference(community, donation, facts.reference)
    if refund is None:
        if not facts.id:
            return None
        refund = Refund(donation=donation, amount=facts.amount)
    if refund.status != RefundStatus.PENDING:
        return refund
    refund.provider_refund_id = facts.id or None
    if facts.succeeded:
        refund.amount = facts.amount
        return _refund_succeeded(donation, refund, external_id=f"{provider}:refund:{facts.id}")
    if facts.status == "failed":
        refund.status = RefundStatus.FAILED
        refund.failure = (facts.failure or "failed")[:300]
    refund.save()
    return refund


@transaction.atomic
def donation_refund(*, actor, community, donation: Donation, amount, reason: str = "") -> Refund:
    """Refund in full or in part, never beyond what was paid less what is refunded or pending.

    Offline donations are refunded at once. An online refund is recorded pending and
    committed; a job asks the provider after commit (`refund_submit`), so no row stays locked
    while the provider is asked and an outage leaves the refund pending, never half-done.
    """
    amount = check_amount(amount)
    donation = Donation.objects.select_for_update().get(pk=donation.pk)
    if donation.entry_id is None:
        raise DomainError(FundErrorCode.NOT_REFUNDABLE, _("This donation was not paid."))
    if amount > _refundable(donation):
        raise _refund_exceeds_paid()
    # Locked after the donation, as the webhooks do (donation, then the ledger's accounts).
    target = Account.objects.select_for_update().get(pk=_target_account(donation.campaign).pk)
    if amount > _free_balance(target, donation.campaign):
        raise _insufficient_funds(
            _(
                "The fund no longer holds this much: the money is already committed to"
                " grants or promised to other refunds."
            )
        )
    refund = Refund(
        donation=donation,
        amount=amount,
        reason=reason.strip()[:300],
        created_by=signed_in(actor),
    )
    if donation.method in OFFLINE_METHODS:
        _refund_succeeded(
            donation, refund, external_id=f"offline:refund:{uuid.uuid4()}", actor=actor
        )
        _sync_donor_record(community, donation)
        return refund
    if provider_for(community, donation.provider) is None:
        raise DomainError(FundErrorCode.NO_FISCAL_HOST, _("This fund takes no online payments."))
    refund.save()
    from commonweal.microfund.tasks import submit_refund

    submit_refund.configure(queueing_lock=refund_reference(community, refund)).defer(
        community_schema=community.schema_name, refund_id=refund.pk
    )
    return refund


def refund_submit(*, community, refund_id: int) -> Refund:
    """Ask the provider for a pending refund and record its answer (the refund job's work).

    Runs outside any transaction: nothing is locked while the provider is asked. Safe to
    repeat after any failure: the provider returns the refund made under the same idempotency
    key, and `_refund_apply` posts it once. Raises ProviderError while the provider cannot be
    reached (the job retries later); a refusal marks the refund failed.
    """
    refund = Refund.objects.select_related("donation").get(pk=refund_id)
    if refund.status != RefundStatus.PENDING:
        return refund
    donation = refund.donation
    provider = provider_for(community, donation.provider)
    if provider is None:
        raise ProviderError("the fiscal host has no active account with this provider")
    if refund.provider_refund_id:
        # Asked before and told "pending": look at the provider's current state of it.
        payment_reconcile(
            community=community,
            facts=provider.fetch_payment(donation.payment_id),
            provider=provider.name,
        )
        return Refund.objects.get(pk=refund.pk)
    try:
        facts = provider.refund(
            donation.payment_id,
            refund.amount,
            idempotency_key=refund_reference(community, refund),
        )
    except ProviderRefused as refusal:
        facts = RefundFacts(id="", amount=refund.amount, status="failed", failure=str(refusal))
    facts = replace(facts, reference=refund_reference(community, refund))
    with transaction.atomic():
        donation = Donation.objects.select_for_update().get(pk=donation.pk)
        refund = _refund_apply(community, donation, facts, provider=provider.name)
        _sync_donor_record(community, donation)
    return refund


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
    evidence = _required(evidence, FundErrorCode.EVIDENCE_REQUIRED, "evidence")
    receipt_number = _required(receipt_number, FundErrorCode.EVIDENCE_REQUIRED, "receipt_number")
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
        legs=[(donors_account(), -amount), (_target_account(campaign), amount)],
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


# --- monthly donations (月捐) -----------------------------------------------------------------


def monthly_donation_begin(
    *, community, donation: Donation, subscription_id: str, email: str = ""
) -> MonthlyDonation:
    """The standing monthly donation that `donation` (its first payment) started; idempotent."""
    monthly, _created = MonthlyDonation.objects.get_or_create(
        subscription_id=subscription_id,
        defaults={
            "first": donation,
            "donor_id": donation.donor_id,
            "provider": donation.provider,
            "email": email,
        },
    )
    if donation.subscription_id != subscription_id:
        donation.subscription_id = subscription_id
        donation.save(update_fields=["subscription_id"])
    return monthly


def _monthly_for_subscription(community, subscription_id: str, donation_ref: str = ""):
    """The monthly donation of a subscription; begun here from the subscription's reference
    when its first payment's events have not arrived yet."""
    monthly = MonthlyDonation.objects.filter(subscription_id=subscription_id).first()
    if monthly is None and subscription_id:
        first = _donation_for_ref(community, donation_ref)
        if first is not None and first.monthly:
            monthly = monthly_donation_begin(
                community=community, donation=first, subscription_id=subscription_id
            )
    return monthly


def _is_newest_invoice(monthly: MonthlyDonation, invoiced_at) -> bool:
    return monthly.last_invoice_at is None or invoiced_at >= monthly.last_invoice_at


@transaction.atomic
def monthly_renewal_paid(
    *,
    community,
    facts: PaymentFacts,
    subscription_id: str,
    invoiced_at,
    provider: str,
    first_month: bool = False,
    donation_ref: str = "",
) -> Donation | None:
    """One month of a monthly donation was paid: a donation of its own, keyed by its payment
    (the first month is the donation that started it). A paid newest invoice ends a failure."""
    monthly = _monthly_for_subscription(community, subscription_id, donation_ref)
    if monthly is None:
        return None
    monthly = MonthlyDonation.objects.select_for_update().select_related("first").get(pk=monthly.pk)
    first = monthly.first
    if facts.payment_id == first.payment_id or (first_month and not first.payment_id):
        donation = first
    else:
        donation = Donation.objects.filter(payment_id=facts.payment_id).first()
        if donation is None:
            donation = Donation.objects.create(
                campaign=first.campaign,
                amount=first.amount,
                currency=first.currency,
                method=first.method,
                donor_name=first.donor_name,
                message=first.message,
                anonymous=first.anonymous,
                donor=first.donor,
                monthly=True,
                provider=first.provider,
                subscription_id=subscription_id,
                payment_id=facts.payment_id,
            )
    donation = payment_reconcile(
        community=community, facts=facts, provider=provider, donation=donation
    )
    recovered = facts.succeeded and _is_newest_invoice(monthly, invoiced_at)
    if recovered and monthly.status != MonthlyStatus.CANCELED:
        monthly.status = MonthlyStatus.ACTIVE
        monthly.failed_invoice_id = ""
        monthly.last_invoice_at = invoiced_at
        monthly.save(update_fields=["status", "failed_invoice_id", "last_invoice_at"])
    return donation


@transaction.atomic
def monthly_renewal_failed(
    *, community, subscription_id: str, invoice_id: str, invoiced_at, donation_ref: str = ""
) -> MonthlyDonation | None:
    """A month's payment failed (the provider retries it): the monthly donation is past due
    and the donor is told, once per invoice. Nothing is posted. The caller has checked with
    the provider that the invoice's payment has not succeeded since."""
    monthly = _monthly_for_subscription(community, subscription_id, donation_ref)
    if monthly is None:
        return None
    monthly = MonthlyDonation.objects.select_for_update().get(pk=monthly.pk)
    if monthly.status == MonthlyStatus.CANCELED or not _is_newest_invoice(monthly, invoiced_at):
        return monthly
    told = monthly.failed_invoice_id == invoice_id
    monthly.status = MonthlyStatus.PAST_DUE
    monthly.failed_invoice_id = invoice_id
    monthly.last_invoice_at = invoiced_at
    monthly.save(update_fields=["status", "failed_invoice_id", "last_invoice_at"])
    if not told:
        _tell_donor_renewal_failed(community, monthly)
    return monthly


def renewal_failed_message(community, monthly: MonthlyDonation) -> tuple[str, str, str]:
    """(title, body, link) of what a donor is told when a month's payment failed."""
    from django.utils.translation import gettext

    from commonweal.microfund.templatetags.fund import yuan
    from commonweal.tenants.validators import domain_for

    first = monthly.first
    title = gettext("Your monthly donation to %(community)s could not be collected") % {
        "community": community.name
    }
    body = gettext(
        "This month's payment of ¥%(amount)s failed. The payment service will try again in the"
        " next days; you can also cancel the monthly donation on your donations page."
    ) % {"amount": yuan(first.amount)}
    return title, body, f"http://{domain_for(community.slug)}/fund/mine/"


def _tell_donor_renewal_failed(community, monthly: MonthlyDonation) -> None:
    """In-app and e-mail for a signed-in donor; an e-mail job for one known by address only."""
    from commonweal.platform.notifications.services import notify

    if monthly.donor_id is not None:
        title, body, url = renewal_failed_message(community, monthly)
        notify(
            users=[monthly.donor],
            community=community,
            kind="fund.monthly_failed",
            title=title,
            body=body,
            url=url,
        )
    elif monthly.email:
        from commonweal.microfund.tasks import email_renewal_failed

        email_renewal_failed.defer(community_schema=community.schema_name, monthly_id=monthly.pk)


@transaction.atomic
def monthly_donation_cancel(*, actor, community, monthly: MonthlyDonation) -> MonthlyDonation:
    """Stop a monthly donation at its donor's request; asking again changes nothing.

    Cancelled here at once; the provider is told by a job after commit, retried while it is
    unreachable. A month the provider collected before hearing of it is still recorded."""
    monthly = MonthlyDonation.objects.select_for_update().get(pk=monthly.pk)
    if monthly.status == MonthlyStatus.CANCELED:
        return monthly
    monthly.status = MonthlyStatus.CANCELED
    monthly.canceled_at = timezone.now()
    monthly.save(update_fields=["status", "canceled_at"])
    if monthly.provider_canceled_at is None:
        from commonweal.microfund.tasks import cancel_subscription

        cancel_subscription.configure(
            queueing_lock=f"{community.schema_name}:monthly:{monthly.pk}"
        ).defer(community_schema=community.schema_name, monthly_id=monthly.pk)
    return monthly


def monthly_donation_stop_at_provider(*, community, monthly_id: int) -> MonthlyDonation:
    """Tell the provider to stop collecting (the cancel job's work; outside any transaction).
    Raises ProviderError while the provider cannot be reached, so the job retries."""
    monthly = MonthlyDonation.objects.get(pk=monthly_id)
    if monthly.provider_canceled_at is not None:
        return monthly
    provider = provider_for(community, monthly.provider)
    if provider is None:
        raise ProviderError("the fiscal host has no active account with this provider")
    # A refusal means the provider has no such subscription running: nothing left to stop.
    with contextlib.suppress(ProviderRefused):
        provider.cancel_subscription(monthly.subscription_id)
    MonthlyDonation.objects.filter(pk=monthly.pk, provider_canceled_at__isnull=True).update(
        provider_canceled_at=timezone.now()
    )
    monthly.refresh_from_db()
    return monthly


@transaction.atomic
def monthly_donation_ended(*, community, subscription_id: str) -> MonthlyDonation | None:
    """The provider stopped the subscription (the donor's cancellation reaching it, failed
    retries running out, or a cancellation in its dashboard)."""
    monthly = (
        MonthlyDonation.objects.select_for_update().filter(subscription_id=subscription_id).first()
    )
    if monthly is None:
        return None
    now = timezone.now()
    monthly.status = MonthlyStatus.CANCELED
    monthly.canceled_at = monthly.canceled_at or now
    monthly.provider_canceled_at = monthly.provider_canceled_at or now
    monthly.save(update_fields=["status", "canceled_at", "provider_canceled_at"])
    return monthly


# --- micro-grants (微创投) -------------------------------------------------------------------


def _index_proposal(community, proposal: Proposal) -> None:
    index_document(
        community=community,
        kind="grant",
        key=proposal.pk,
        title=proposal.title,
        body=f"{proposal.applicant_name}\n{proposal.summary}",
        category="微创投",
        url=f"/fund/grants/#proposal-{proposal.pk}",
    )


@transaction.atomic
def grant_call_open(
    *, actor, community, title: str, budget, description: str = "", deadline: date | None = None
) -> GrantCall:
    title = _required(title, FundErrorCode.TITLE_REQUIRED, "title")
    budget = check_amount(budget, field="budget")
    return GrantCall.objects.create(
        title=title, description=description, budget=budget, deadline=deadline
    )


@transaction.atomic
def proposal_submit(
    *,
    actor,
    community,
    call: GrantCall,
    title: str,
    applicant_name: str,
    requested,
    summary: str = "",
) -> Proposal:
    call = GrantCall.objects.select_for_update().get(pk=call.pk)
    if call.status != GrantCallStatus.OPEN:
        raise DomainError(FundErrorCode.CALL_NOT_OPEN, _("This call takes no more proposals."))
    title = _required(title, FundErrorCode.TITLE_REQUIRED, "title")
    applicant_name = _required(applicant_name, FundErrorCode.NAME_REQUIRED, "applicant_name")
    requested = check_amount(requested, field="requested")
    proposal = Proposal.objects.create(
        call=call,
        title=title,
        summary=summary,
        applicant_name=applicant_name,
        applicant=signed_in(actor),
        requested=requested,
    )
    _index_proposal(community, proposal)
    return proposal


@transaction.atomic
def proposal_score(*, actor, community, proposal: Proposal, score: int, comment: str = "") -> Score:
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        raise DomainError(
            FundErrorCode.SCORE_INVALID, _("Scores run from 0 to 100."), field="score"
        )
    row, _created = Score.objects.update_or_create(
        proposal=proposal, reviewer=actor, defaults={"score": score, "comment": comment[:300]}
    )
    return row


@transaction.atomic
def proposal_award(*, actor, community, proposal: Proposal, amount) -> Proposal:
    """Commit `amount` of the fund's uncommitted balance to a proposal.

    The fund's account row is locked first (SELECT … FOR UPDATE), so racing awards queue and
    each sees the balance the previous one left.
    """
    amount = check_amount(amount)
    fund = Account.objects.select_for_update().get(pk=fund_account().pk)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    call = GrantCall.objects.select_for_update().get(pk=proposal.call_id)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise DomainError(FundErrorCode.ALREADY_DECIDED, _("This proposal was already decided."))
    awarded = (
        Proposal.objects.filter(call=call, status=ProposalStatus.AWARDED).aggregate(
            total=Sum("awarded")
        )["total"]
        or 0
    )
    if awarded + amount > call.budget:
        raise DomainError(
            FundErrorCode.OVER_BUDGET, _("The call's budget does not allow this."), field="amount"
        )
    if amount > _free_balance(fund, None):
        raise _insufficient_funds(_("The award is larger than the fund's uncommitted balance."))
    grant_account = ledger.account(
        f"grant:{proposal.pk}", name=proposal.title, kind=AccountKind.COMMITTED
    )
    ledger.post(
        kind=EntryKind.GRANT_COMMITMENT,
        external_id=f"grant:award:{proposal.pk}",
        legs=[(fund, -amount), (grant_account, amount)],
        memo=f"微创投资助承诺 · {proposal.title}",
        actor=actor,
    )
    proposal.status = ProposalStatus.AWARDED
    proposal.awarded = amount
    proposal.account = grant_account
    proposal.save(update_fields=["status", "awarded", "account"])
    _index_proposal(community, proposal)
    return proposal


@transaction.atomic
def proposal_decline(*, actor, community, proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise DomainError(FundErrorCode.ALREADY_DECIDED, _("This proposal was already decided."))
    proposal.status = ProposalStatus.DECLINED
    proposal.save(update_fields=["status"])
    return proposal


@transaction.atomic
def progress_report_submit(*, actor, community, proposal: Proposal, text: str) -> ProgressReport:
    proposal = Proposal.objects.get(pk=proposal.pk)
    if proposal.status != ProposalStatus.AWARDED:
        raise DomainError(FundErrorCode.NOT_AWARDED, _("Only awarded projects report progress."))
    text = _required(text, FundErrorCode.TITLE_REQUIRED, "text")
    return ProgressReport.objects.create(proposal=proposal, text=text)


@transaction.atomic
def tranche_disburse(*, actor, community, report: ProgressReport, amount) -> Disbursement:
    amount = check_amount(amount)
    proposal = Proposal.objects.select_for_update().get(pk=report.proposal_id)
    if proposal.status != ProposalStatus.AWARDED:
        raise DomainError(FundErrorCode.NOT_AWARDED, _("Only awarded projects are paid."))
    if proposal.disbursed + amount > proposal.awarded:
        raise DomainError(
            FundErrorCode.EXCEEDS_AWARD, _("This would pay more than the award."), field="amount"
        )
    posting = ledger.post(
        kind=EntryKind.GRANT_DISBURSEMENT,
        external_id=f"grant:tranche:{proposal.pk}:{uuid.uuid4()}",
        legs=[
            (proposal.account, -amount),
            (ledger.account(GRANTEES, name="受资助方", kind=AccountKind.EXTERNAL), amount),
        ],
        memo=f"微创投拨款 · {proposal.title}",
        actor=actor,
    )
    proposal.disbursed += amount
    proposal.save(update_fields=["disbursed"])
    _index_proposal(community, proposal)
    return Disbursement.objects.create(
        proposal=proposal, report=report, amount=amount, entry=posting.entry
    )


# --- revenue feedback (收益反哺) -------------------------------------------------------------


@transaction.atomic
def agreement_create(
    *,
    actor,
    community,
    partnership,
    service: str,
    lines: list[tuple[str, int, bool]],
    remainder_beneficiary: str,
    partner_email: str = "",
    starts_on: date | None = None,
    period_days: int = 30,
    report_grace_days: int = 10,
) -> RevenueShareAgreement:
    """A revenue share of an active (or approved) partner's service. `lines`: (beneficiary,
    basis points, to_fund); exactly one line may go to the fund. Late reports are mailed to
    `partner_email`, by default the partner organisation's contact address."""
    if partnership.status not in (PartnershipStatus.ACTIVE, PartnershipStatus.APPROVED):
        raise DomainError(
            FundErrorCode.PARTNER_NOT_ACTIVE,
            _("Revenue shares are agreed with approved or active partners only."),
            field="partner",
        )
    organisation = partnership.organisation
    partner_name = organisation.legal_name
    service = _required(service, FundErrorCode.TITLE_REQUIRED, "service")
    if (
        sum(bp for _b, bp, _f in lines) != 10_000
        or any(bp <= 0 for _b, bp, _f in lines)
        or sum(1 for *_x, to_fund in lines if to_fund) > 1
        or remainder_beneficiary not in [b for b, _bp, _f in lines]
    ):
        raise DomainError(
            FundErrorCode.SHARES_INVALID, _("Shares must add up to 100%."), field="lines"
        )
    key = uuid.uuid4().hex[:12]
    accounts = {
        beneficiary: ledger.account(
            f"beneficiary:{key}:{i}", name=beneficiary, kind=AccountKind.BENEFICIARY
        )
        for i, (beneficiary, _bp, to_fund) in enumerate(lines)
        if not to_fund
    }
    receivable = ledger.account(
        f"receivable:{key}", name=f"{partner_name}应付微基金", kind=AccountKind.RECEIVABLE
    )
    for beneficiary, _bp, to_fund in lines:
        if to_fund:
            accounts[beneficiary] = receivable
    agreement = RevenueShareAgreement.objects.create(
        partnership=partnership,
        partner_name=partner_name,
        partner_email=partner_email or organisation.contact_email,
        service=service,
        starts_on=starts_on or timezone.localdate(),
        period_days=period_days,
        report_grace_days=report_grace_days,
        remainder_account=accounts[remainder_beneficiary],
        source_account=ledger.account(
            f"external:revenue:{key}", name=f"{partner_name}营业收入", kind=AccountKind.EXTERNAL
        ),
        receivable_account=receivable,
    )
    ShareLine.objects.bulk_create(
        ShareLine(
            agreement=agreement, beneficiary=b, basis_points=bp, to_fund=f, account=accounts[b]
        )
        for b, bp, f in lines
    )
    return agreement


@transaction.atomic
def revenue_report_submit(
    *,
    actor,
    community,
    agreement: RevenueShareAgreement,
    period_start: date,
    period_end: date,
    gross,
    evidence: str,
    report_id: str = "",
) -> RevenueReport:
    """Post the period's split as ONE entry; the fund's share is owed until settled."""
    gross = check_amount(gross, field="gross")
    evidence = _required(evidence, FundErrorCode.EVIDENCE_REQUIRED, "evidence")
    if period_end < period_start:
        raise DomainError(
            FundErrorCode.PERIOD_INVALID, _("The period ends before it starts."), field="period_end"
        )
    if RevenueReport.objects.filter(agreement=agreement, period_start=period_start).exists():
        raise DomainError(
            FundErrorCode.ALREADY_REPORTED,
            _("This period was already reported."),
            field="period_start",
        )
    lines = list(agreement.lines.select_related("account"))
    amounts = ledger.split(
        gross, [(line.account, line.basis_points) for line in lines], agreement.remainder_account
    )
    legs = [(agreement.source_account, -gross), *amounts.items()]
    posting = ledger.post(
        kind=EntryKind.REVENUE_SHARE,
        external_id=f"revenue:{agreement.pk}:{report_id or period_start.isoformat()}",
        legs=legs,
        memo=f"收益反哺 · {agreement.partner_name} · {period_start}–{period_end}",
        actor=actor,
    )
    return RevenueReport.objects.create(
        agreement=agreement,
        period_start=period_start,
        period_end=period_end,
        gross=gross,
        evidence=evidence[:300],
        fund_share=amounts.get(agreement.receivable_account, 0),
        entry=posting.entry,
    )


@transaction.atomic
def revenue_report_invoice(
    *, actor, community, report: RevenueReport, invoice_number: str
) -> RevenueReport:
    report = RevenueReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.OWED:
        raise DomainError(FundErrorCode.WRONG_STATUS, _("Only owed shares can be invoiced."))
    report.invoice_number = _required(
        invoice_number, FundErrorCode.EVIDENCE_REQUIRED, "invoice_number"
    )
    report.status = ReportStatus.INVOICED
    report.save(update_fields=["invoice_number", "status"])
    return report


@transaction.atomic
def revenue_report_settle(*, actor, community, report: RevenueReport) -> RevenueReport:
    report = RevenueReport.objects.select_for_update().select_related("agreement").get(pk=report.pk)
    if report.status != ReportStatus.INVOICED:
        raise DomainError(FundErrorCode.WRONG_STATUS, _("Only invoiced shares can be settled."))
    if report.fund_share:
        posting = ledger.post(
            kind=EntryKind.SETTLEMENT,
            external_id=f"revenue:settle:{report.pk}",
            legs=[
                (report.agreement.receivable_account, -report.fund_share),
                (fund_account(), report.fund_share),
            ],
            memo=f"收益反哺到账 · {report.agreement.partner_name}",
            actor=actor,
        )
        report.settlement = posting.entry
    report.status = ReportStatus.SETTLED
    report.save(update_fields=["status", "settlement"])
    return report


def overdue_periods(agreement: RevenueShareAgreement, today: date) -> list[date]:
    """Starts of periods whose report is later than the grace allows."""
    reported = set(agreement.reports.values_list("period_start", flat=True))
    start, overdue = agreement.starts_on, []
    period = timedelta(days=agreement.period_days)
    while start + period + timedelta(days=agreement.report_grace_days) < today:
        if start not in reported:
            overdue.append(start)
        start += period
    return overdue


def flag_late_reports(*, community, today: date | None = None) -> list[LateReportFlag]:
    """Flag each late period once and tell the community's office and the partner."""
    from django.core.mail import send_mail

    from commonweal.platform.accounts.models import Membership
    from commonweal.platform.accounts.roles import OFFICE_ROLES

    today = today or timezone.localdate()
    flags = []
    for agreement in RevenueShareAgreement.objects.filter(active=True):
        for start in overdue_periods(agreement, today):
            try:
                with transaction.atomic():
                    flags.append(
                        LateReportFlag.objects.create(agreement=agreement, period_start=start)
                    )
            except IntegrityError:
                continue
    if flags:
        office = [
            m.user.email
            for m in Membership.objects.filter(community=community).select_related("user")
            if m.user.email and set(m.roles) & set(OFFICE_ROLES)
        ]
        lines = "\n".join(
            f"{f.agreement.partner_name} · {f.agreement.service} · {f.period_start}" for f in flags
        )
        send_mail(
            f"[{community.name}] 收益反哺报告逾期",
            f"以下合作方的收益报告逾期未交:\n{lines}",
            None,
            office,
        )
        for agreement in {f.agreement for f in flags if f.agreement.partner_email}:
            send_mail(
                f"[{community.name}] 请提交{agreement.service}收益报告",
                f"{agreement.partner_name}:您的收益反哺报告已逾期,请尽快提交。",
                None,
                [agreement.partner_email],
            )
    return flags
