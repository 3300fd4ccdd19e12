"""Revenue feedback (收益反哺): agreements splitting a partner service's revenue, the partner's
periodic reports posted as one entry each, invoicing and settlement of the fund's share, and
late reports flagged.
"""

import uuid
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.ledger import services as ledger
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.models import (
    AccountKind,
    EntryKind,
    LateReportFlag,
    ReportStatus,
    RevenueReport,
    RevenueShareAgreement,
    ShareLine,
)
from commonweal.microfund.money import check_amount
from commonweal.microfund.services.common import required
from commonweal.microfund.services.fund_accounts import fund_account
from commonweal.partners.models import PartnershipStatus
from commonweal.platform.kernel.errors import DomainError


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
    service = required(service, FundErrorCode.TITLE_REQUIRED, "service")
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
    evidence = required(evidence, FundErrorCode.EVIDENCE_REQUIRED, "evidence")
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
    report.invoice_number = required(
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
    from commonweal.platform.kernel.roles import OFFICE_ROLES

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
