"""The payment provider's facts brought into the books, idempotently: a payment with its fee
and refunds (`payment_reconcile`, from webhooks and jobs), and a pending refund asked of the
provider (`refund_submit`, the refund job's work).

A batch of payments (the webhook drain's) is reconciled by calling `payment_reconcile` for each
inside `reconciling(...)` (`payment_batches.py`), which changes how they read and write, never
what they decide.
"""

from dataclasses import replace

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.ledger import services as ledger
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.models import (
    Donation,
    DonationMethod,
    DonationStatus,
    EntryKind,
    Refund,
    RefundStatus,
)
from commonweal.microfund.providers import provider_for
from commonweal.microfund.providers.base import (
    PaymentFacts,
    ProviderError,
    ProviderRefused,
    RefundFacts,
)
from commonweal.microfund.services.donations import (
    donor_record_sync,
    receipt_number,
    token_of_ref,
)
from commonweal.microfund.services.fund_accounts import DONORS, FEES, GENERAL, system_accounts
from commonweal.microfund.services.payment_batches import reconciling_now, recorded_known
from commonweal.microfund.services.refunds import refund_apply, refund_reference
from commonweal.platform.kernel.errors import DomainError


def _donation_for_payment(community, facts: PaymentFacts) -> Donation | None:
    """The donation already holding this payment, else the one its reference names: locked,
    with its project's account, in one query."""
    match = Q(payment_id=facts.payment_id) if facts.payment_id else Q(pk__in=[])
    if token := token_of_ref(community, facts.donation_ref):
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
    if (known := recorded_known(payment_id)) is not None:
        return known
    return Donation.objects.filter(payment_id=payment_id, entry__isnull=False, fee__gt=0).exists()


def payment_reconcile(
    *, community, facts: PaymentFacts, provider: str = "stripe", donation: Donation | None = None
) -> Donation | None:
    """Bring the ledger in line with the provider's facts of one payment; idempotent.

    Posts what is missing (the donation, its fee, each refund), keyed by the provider's ids,
    so any order of events and any number of replays end in the same state. All or nothing
    within the caller's transaction (no savepoint of its own); a refusal writes nothing.
    """
    batch = reconciling_now()
    if batch is not None and (donation is not None or not batch.covers(facts)):
        # Its donation would be read apart from the batch's copy, which holds writes not yet
        # made: refused, so the caller's transaction is undone rather than the books misread.
        raise RuntimeError("inside `reconciling` only the batch's own facts are reconciled")
    with transaction.atomic(savepoint=False):
        if batch is not None:
            donation = batch.donation_for(facts)
        elif donation is None:
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
    batch = reconciling_now()
    donors, fund, fees = batch.accounts if batch else system_accounts(DONORS, GENERAL, FEES)
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
        donation.receipt_number = receipt_number(donation)
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
    if changed and batch:
        batch.save_later(donation, changed)
    elif changed:
        donation.save(update_fields=changed)
    for refund in facts.refunds:
        refund_apply(community, donation, refund, provider=provider)
    if batch:
        batch.sync_later(donation)
    else:
        donor_record_sync(community, donation)


class RefundStillPending(ProviderError):
    """The provider took the refund but has not finished it: the job asks again later (its
    backoff), so a refund whose notice never comes is still settled."""


def refund_submit(*, community, refund_id: int) -> Refund:
    """Ask the provider for a pending refund and record its answer (the refund job's work).

    Runs outside any transaction: nothing is locked while the provider is asked. Safe to
    repeat after any failure: the provider returns the refund made under the same idempotency
    key, and `refund_apply` posts it once. Raises ProviderError while the provider cannot be
    reached, and RefundStillPending while it is still working on the refund (the job retries
    later); a refusal marks the refund failed.
    """
    refund = Refund.objects.select_related("donation").get(pk=refund_id)
    if refund.status != RefundStatus.PENDING:
        return refund
    donation = refund.donation
    provider = provider_for(community, donation.provider)
    if provider is None:
        raise ProviderError("the fiscal host has no active account with this provider")
    reference = refund_reference(community, refund)
    facts = None
    if refund.provider_refund_id:
        # Asked before and told "pending": look at the provider's current state of it.
        facts = provider.fetch_refund(donation.payment_id, idempotency_key=reference)
        if facts is None:
            payment_reconcile(
                community=community,
                facts=provider.fetch_payment(donation.payment_id),
                provider=provider.name,
            )
            refund = Refund.objects.get(pk=refund.pk)
    if refund.status == RefundStatus.PENDING and facts is None and not refund.provider_refund_id:
        try:
            facts = provider.refund(donation.payment_id, refund.amount, idempotency_key=reference)
        except ProviderRefused as refusal:
            facts = RefundFacts(id="", amount=refund.amount, status="failed", failure=str(refusal))
    if facts is not None:
        facts = replace(facts, reference=reference)
        with transaction.atomic():
            donation = Donation.objects.select_for_update().get(pk=donation.pk)
            refund = refund_apply(community, donation, facts, provider=provider.name)
            donor_record_sync(community, donation)
    if refund.status == RefundStatus.PENDING:
        raise RefundStillPending(f"refund {refund.pk} is still being processed")
    return refund
