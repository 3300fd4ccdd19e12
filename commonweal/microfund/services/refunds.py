"""Refunds of donations: asked by staff (`donation_refund`), booked once whoever reports them
first (`refund_apply`), never beyond what was paid less what is refunded or pending.
"""

import uuid

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from commonweal.ledger import services as ledger
from commonweal.ledger.models import Account
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.models import (
    OFFLINE_METHODS,
    Donation,
    DonationStatus,
    EntryKind,
    Refund,
    RefundStatus,
)
from commonweal.microfund.money import check_amount
from commonweal.microfund.providers import provider_for
from commonweal.microfund.providers.base import (
    RefundFacts,
)
from commonweal.microfund.services.donations import donor_record_sync
from commonweal.microfund.services.fund_accounts import (
    donors_account,
    free_balance,
    insufficient_funds,
    target_account,
)
from commonweal.platform.accounts.selectors import signed_in
from commonweal.platform.kernel.errors import DomainError


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
            (target_account(donation.campaign), -refund.amount),
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


def refund_apply(
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
    target = Account.objects.select_for_update().get(pk=target_account(donation.campaign).pk)
    if amount > free_balance(target, donation.campaign):
        raise insufficient_funds(
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
        donor_record_sync(community, donation)
        return refund
    if provider_for(community, donation.provider) is None:
        raise DomainError(FundErrorCode.NO_FISCAL_HOST, _("This fund takes no online payments."))
    refund.save()
    from commonweal.microfund.tasks import submit_refund

    submit_refund.configure(queueing_lock=refund_reference(community, refund)).defer(
        community_schema=community.schema_name, refund_id=refund.pk
    )
    return refund
