"""Micro-grants (微创投): calls, proposals, scores, awards that commit fund money, declines,
progress reports and the tranches paid against them.
"""

import uuid
from datetime import date

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.ledger import services as ledger
from commonweal.ledger.models import Account
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.models import (
    AccountKind,
    Disbursement,
    EntryKind,
    GrantCall,
    GrantCallStatus,
    ProgressReport,
    Proposal,
    ProposalStatus,
    Score,
)
from commonweal.microfund.money import check_amount
from commonweal.microfund.services.common import required
from commonweal.microfund.services.fund_accounts import (
    GRANTEES,
    free_balance,
    fund_account,
    insufficient_funds,
)
from commonweal.platform.accounts.selectors import signed_in
from commonweal.platform.kernel.errors import DomainError
from commonweal.search.documents import index_document


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
    title = required(title, FundErrorCode.TITLE_REQUIRED, "title")
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
    title = required(title, FundErrorCode.TITLE_REQUIRED, "title")
    applicant_name = required(applicant_name, FundErrorCode.NAME_REQUIRED, "applicant_name")
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
    if amount > free_balance(fund, None):
        raise insufficient_funds(_("The award is larger than the fund's uncommitted balance."))
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
def proposal_decline(*, actor, community, proposal: Proposal, reason: str) -> Proposal:
    """Decline a submitted proposal: the reason and who decided are kept with it, and a
    signed-in applicant is told (in the app and by e-mail, after commit)."""
    reason = required(reason, FundErrorCode.REASON_REQUIRED, "reason")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise DomainError(FundErrorCode.ALREADY_DECIDED, _("This proposal was already decided."))
    proposal.status = ProposalStatus.DECLINED
    proposal.decline_reason = reason[:500]
    proposal.decided_at = timezone.now()
    proposal.decided_by = signed_in(actor)
    proposal.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
    if proposal.applicant_id is not None:
        _tell_applicant_declined(community, proposal)
    return proposal


def _tell_applicant_declined(community, proposal: Proposal) -> None:
    from django.utils.translation import gettext

    from commonweal.platform.notifications.services import notify
    from commonweal.tenants.validators import domain_for

    notify(
        users=[proposal.applicant],
        community=community,
        kind="fund.proposal_declined",
        title=gettext("Your proposal “%(title)s” was not funded") % {"title": proposal.title},
        body=proposal.decline_reason,
        url=f"http://{domain_for(community.slug)}/fund/grants/#proposal-{proposal.pk}",
    )


@transaction.atomic
def progress_report_submit(*, actor, community, proposal: Proposal, text: str) -> ProgressReport:
    proposal = Proposal.objects.get(pk=proposal.pk)
    if proposal.status != ProposalStatus.AWARDED:
        raise DomainError(FundErrorCode.NOT_AWARDED, _("Only awarded projects report progress."))
    text = required(text, FundErrorCode.TITLE_REQUIRED, "text")
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
