"""A community's micro-fund (tenant schema): donations, micro-grants, revenue feedback.

Money moves in the ledger (`commonweal.ledger`): every donation, fee, refund, grant and revenue
share is one entry there, in CNY fen, and the rows here link to their entries. The fund's
accounts are ledger accounts classified by `AccountKind`; its entries by `EntryKind`.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from commonweal.ledger.models import CNY, Account, Entry
from commonweal.platform.kernel.references import platform_reference


class AccountKind(models.TextChoices):
    """What a fund's ledger account holds (`ledger.Account.kind`)."""

    FUND = "fund", _("Fund (general, uncommitted)")
    CAMPAIGN = "campaign", _("Project fund")
    COMMITTED = "committed", _("Committed to grants")
    RECEIVABLE = "receivable", _("Owed to the fund")
    BENEFICIARY = "beneficiary", _("Revenue-share beneficiary")
    EXTERNAL = "external", _("Outside world")
    EXPENSE = "expense", _("Expense")


class EntryKind(models.TextChoices):
    """What a fund's ledger entry records (`ledger.Entry.kind`)."""

    DONATION = "donation", _("Donation")
    PROCESSOR_FEE = "processor_fee", _("Processor fee")
    REFUND = "refund", _("Refund")
    GRANT_COMMITMENT = "grant_commitment", _("Grant commitment")
    GRANT_DISBURSEMENT = "grant_disbursement", _("Grant disbursement")
    REVENUE_SHARE = "revenue_share", _("Revenue share")
    SETTLEMENT = "settlement", _("Settlement")
    TRANSFER = "transfer", _("Transfer")
    CORRECTION = "correction", _("Correction")


# --- donations -----------------------------------------------------------------------------


class Campaign(models.Model):
    """A project donors can give to (the general fund is the absence of a campaign)."""

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    goal = models.BigIntegerField(_("goal (fen)"), null=True, blank=True)
    public = models.BooleanField(default=True)
    account = models.OneToOneField(Account, on_delete=models.PROTECT, related_name="campaign")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self):
        return self.title


class DonationMethod(models.TextChoices):
    CARD = "card", _("Bank card")
    ALIPAY = "alipay", _("Alipay")
    WECHAT_PAY = "wechat_pay", _("WeChat Pay")
    CASH = "cash", _("Cash box")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")


OFFLINE_METHODS = (DonationMethod.CASH, DonationMethod.BANK_TRANSFER)


class DonationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting payment")
    PAID = "paid", _("Paid")
    PARTLY_REFUNDED = "partly_refunded", _("Partly refunded")
    REFUNDED = "refunded", _("Refunded")
    EXPIRED = "expired", _("Expired")


def _new_token() -> str:
    return secrets.token_urlsafe(18)


class Donation(models.Model):
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations",
        verbose_name=_("project"),
    )
    amount = models.BigIntegerField(_("amount (fen)"))  # as asked (pending) or as paid
    currency = models.CharField(max_length=8, default=CNY)
    method = models.CharField(_("method"), max_length=16, choices=DonationMethod.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=DonationStatus.choices, default=DonationStatus.PENDING
    )
    donor_name = models.CharField(_("donor"), max_length=80, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    donor = platform_reference(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+")
    monthly = models.BooleanField(default=False)
    provider = models.CharField(max_length=32, blank=True)
    checkout_id = models.CharField(max_length=200, null=True, blank=True, unique=True)
    payment_id = models.CharField(max_length=200, null=True, blank=True, unique=True)
    subscription_id = models.CharField(max_length=200, blank=True)
    fee = models.BigIntegerField(default=0)
    refunded = models.BigIntegerField(_("refunded (fen)"), default=0)
    receipt_number = models.CharField(
        _("receipt number"), max_length=40, null=True, blank=True, unique=True
    )
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)  # offline
    recorded_by = platform_reference(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+"
    )
    entry = models.OneToOneField(
        Entry, null=True, blank=True, on_delete=models.PROTECT, related_name="donation"
    )
    # Lets the payer (who may be anonymous) open the thank-you page and the receipt.
    token = models.CharField(max_length=32, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")

    def __str__(self):
        return f"捐赠 #{self.pk} {self.amount} {self.status}"

    @property
    def net_paid(self) -> int:
        return self.amount - self.refunded

    @property
    def public_name(self) -> str:
        return "" if self.anonymous or not self.donor_name else self.donor_name


class DonationEvidence(models.Model):
    """A photo or scan proving an offline donation (开箱记录, 银行回单), kept in the community's
    own schema beside the donation; office roles only."""

    donation = models.OneToOneField(
        Donation, on_delete=models.PROTECT, related_name="evidence_file"
    )
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    data = models.BinaryField()
    uploaded_by = platform_reference(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.name


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the payment service")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Refused by the payment service")


class Refund(models.Model):
    """A refund as asked by staff (online: pending until the provider answers) or as found at
    the provider. Only a succeeded refund has its reversal entry; pending ones still count
    against what may be refunded."""

    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="refunds")
    amount = models.BigIntegerField(_("amount (fen)"))
    status = models.CharField(
        _("status"), max_length=10, choices=RefundStatus.choices, default=RefundStatus.PENDING
    )
    provider_refund_id = models.CharField(
        _("payment service's refund id"), max_length=200, null=True, blank=True, unique=True
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    failure = models.CharField(_("refused because"), max_length=300, blank=True)
    entry = models.OneToOneField(
        Entry, null=True, blank=True, on_delete=models.PROTECT, related_name="refund"
    )
    created_by = platform_reference(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="succeeded", entry__isnull=False)
                | (~models.Q(status="succeeded") & models.Q(entry__isnull=True)),
                name="refund_entry_iff_succeeded",
            )
        ]

    def __str__(self):
        return f"退款 #{self.pk} {self.amount}"


class MonthlyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAST_DUE = "past_due", _("Last payment failed")
    CANCELED = "canceled", _("Cancelled")


class MonthlyDonation(models.Model):
    """A donor's standing monthly card donation (月捐), a subscription at the provider. Each
    month's payment is a Donation of its own; a failed month posts nothing."""

    provider = models.CharField(max_length=32)
    subscription_id = models.CharField(max_length=200, unique=True)
    first = models.OneToOneField(Donation, on_delete=models.PROTECT, related_name="monthly_plan")
    donor = platform_reference(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+")
    email = models.EmailField(blank=True)  # the payer's, as the provider collected it
    status = models.CharField(
        max_length=10, choices=MonthlyStatus.choices, default=MonthlyStatus.ACTIVE
    )
    # The newest invoice heard of, so an older invoice's event arriving late changes nothing.
    last_invoice_at = models.DateTimeField(null=True, blank=True)
    failed_invoice_id = models.CharField(max_length=200, blank=True)  # the donor was told
    canceled_at = models.DateTimeField(null=True, blank=True)
    provider_canceled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("monthly donation (月捐)")
        verbose_name_plural = _("monthly donations (月捐)")

    def __str__(self):
        return f"月捐 #{self.pk} {self.status}"


class WebhookEventStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be posted")
    PROCESSED = "processed", _("Posted")
    UNKNOWN = "unknown", _("Not this community's")
    FAILED = "failed", _("Could not be posted")


class WebhookEvent(models.Model):
    """Each provider event once, and the inbox of verified events waiting to be posted.

    A replay finds its row (the unique provider and event id) and stores and posts nothing. A
    Stripe event is stored `pending` with its verified raw body when it arrives, and posted by
    the drain job (`microfund/webhooks.py`); a WeChat Pay or Alipay notice is posted as it
    arrives and stored `processed`. `unknown` and `failed` are final: staff look at those.
    """

    provider = models.CharField(max_length=32)
    event_id = models.CharField(max_length=200)
    type = models.CharField(max_length=80)
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=16, choices=WebhookEventStatus.choices, default=WebhookEventStatus.PENDING
    )
    body = models.TextField(blank=True)  # as verified; no need to verify it again
    attempts = models.PositiveIntegerField(default=0)
    # Not claimed before then: a drain's lease on the event, or the wait after a failed try.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("payment service event")
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="webhook_event_once")
        ]
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(status="pending"),
                name="webhook_event_pending",
            )
        ]

    def __str__(self):
        return f"{self.provider} {self.event_id}"


# --- micro-grants (微创投) -------------------------------------------------------------------


class GrantCallStatus(models.TextChoices):
    OPEN = "open", _("Open for proposals")
    REVIEW = "review", _("Under review")
    CLOSED = "closed", _("Closed")


class GrantCall(models.Model):
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    budget = models.BigIntegerField()
    status = models.CharField(
        max_length=8, choices=GrantCallStatus.choices, default=GrantCallStatus.OPEN
    )
    deadline = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self):
        return self.title


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    AWARDED = "awarded", _("Awarded")
    DECLINED = "declined", _("Declined")


class Proposal(models.Model):
    call = models.ForeignKey(GrantCall, on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(max_length=120)
    summary = models.TextField(blank=True)
    applicant_name = models.CharField(max_length=120)  # resident or social organisation
    applicant = platform_reference(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+"
    )
    requested = models.BigIntegerField()
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    awarded = models.BigIntegerField(default=0)
    disbursed = models.BigIntegerField(default=0)
    account = models.OneToOneField(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="grant"
    )
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = platform_reference(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("grant proposal")
        verbose_name_plural = _("grant proposals")

    def __str__(self):
        return self.title


class Score(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="scores")
    reviewer = platform_reference(settings.AUTH_USER_MODEL, related_name="+")
    score = models.PositiveSmallIntegerField()  # 0–100
    comment = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="score_once"),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="score_at_most_100"),
        ]

    def __str__(self):
        return f"{self.proposal_id}: {self.score}"


class ProgressReport(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="reports")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.proposal_id} @ {self.created_at:%Y-%m-%d}"


class Disbursement(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="tranches")
    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="tranches")
    amount = models.BigIntegerField()
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="disbursement")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.proposal_id}: {self.amount}"


# --- revenue feedback (收益反哺) -------------------------------------------------------------


class RevenueShareAgreement(models.Model):
    """A partner's low-fee or market service whose revenue is split among beneficiaries."""

    # The partner whose service it is. Null only for agreements made before agreements named
    # partnerships, whose partner could not be matched (see migration 0008).
    partnership = models.ForeignKey(
        "partners.Partnership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner"),
    )
    partner_name = models.CharField(max_length=120)  # as agreed, shown on the public accounts
    partner_email = models.EmailField(blank=True)  # told when a report is late
    service = models.CharField(max_length=120)  # e.g. 社区共享食堂
    period_days = models.PositiveSmallIntegerField(default=30)
    report_grace_days = models.PositiveSmallIntegerField(default=10)
    starts_on = models.DateField()
    # Receives what flooring leaves over (a beneficiary's account).
    remainder_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    # Where the partner's reported revenue comes from (external).
    source_account = models.OneToOneField(Account, on_delete=models.PROTECT, related_name="+")
    # The fund's share is owed here until settled.
    receivable_account = models.OneToOneField(Account, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.partner_name} · {self.service}"


class ShareLine(models.Model):
    agreement = models.ForeignKey(
        RevenueShareAgreement, on_delete=models.CASCADE, related_name="lines"
    )
    beneficiary = models.CharField(max_length=120)
    basis_points = models.PositiveIntegerField()  # 7000 = 70%
    to_fund = models.BooleanField(default=False)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    def __str__(self):
        return f"{self.beneficiary} {self.basis_points / 100}%"


class ReportStatus(models.TextChoices):
    OWED = "owed", _("Owed")
    INVOICED = "invoiced", _("Invoiced")
    SETTLED = "settled", _("Settled")


class RevenueReport(models.Model):
    agreement = models.ForeignKey(
        RevenueShareAgreement, on_delete=models.PROTECT, related_name="reports"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    gross = models.BigIntegerField()
    evidence = models.CharField(max_length=300)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.OWED
    )
    fund_share = models.BigIntegerField(default=0)
    invoice_number = models.CharField(max_length=40, blank=True)
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="revenue_report")
    settlement = models.OneToOneField(
        Entry, null=True, blank=True, on_delete=models.PROTECT, related_name="settled_report"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period_start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "period_start"], name="report_once")
        ]

    def __str__(self):
        return f"{self.agreement_id} {self.period_start}"


class LateReportFlag(models.Model):
    agreement = models.ForeignKey(
        RevenueShareAgreement, on_delete=models.CASCADE, related_name="late_flags"
    )
    period_start = models.DateField()
    flagged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "period_start"], name="late_flag_once")
        ]

    def __str__(self):
        return f"{self.agreement_id} {self.period_start}"
