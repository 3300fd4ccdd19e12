"""Micro-grants: calls, proposals, scores, awards against the fund, tranches."""

import threading

import pytest
from django.db import close_old_connections, connection
from strawberry.relay import to_base64 as global_id

from commonweal.ledger.models import Entry
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.models import (
    Donation,
    DonationStatus,
    ProgressReport,
    Proposal,
    ProposalStatus,
)
from commonweal.microfund.services import donations, fund_accounts, grants, refunds
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role
from commonweal.platform.notifications.models import Notification
from commonweal.search.models import SearchDocument
from tests.fixtures import gql, make_community, make_member
from tests.microfund.fixtures import fund_state


def _fund_with(community, amount):
    donations.donation_record_offline(
        actor=None,
        community=community,
        amount=amount,
        method="cash",
        evidence="捐款箱开箱记录",
        receipt_number=f"R-{amount}-{Entry.objects.count()}",
    )


def _proposal(community, call, title="院落微更新", requested=50_000):
    return grants.proposal_submit(
        actor=None,
        community=community,
        call=call,
        title=title,
        applicant_name="督院街社区志愿者协会",
        requested=requested,
    )


def test_an_award_larger_than_the_uncommitted_balance_is_refused(fund):
    # given a fund of 1,000 yuan and a call with a budget of 5,000
    _fund_with(fund, 100_000)
    call = grants.grant_call_open(actor=None, community=fund, title="2026微创投", budget=500_000)
    first, second = _proposal(fund, call), _proposal(fund, call, "楼道照明")
    grants.proposal_award(actor=None, community=fund, proposal=first, amount=80_000)
    # when the second asks for 200.01 yuan while 200 are uncommitted
    with pytest.raises(DomainError) as refusal:
        grants.proposal_award(actor=None, community=fund, proposal=second, amount=20_001)
    # then it is refused, and the committed money is still in the fund's keeping
    assert refusal.value.code == FundErrorCode.INSUFFICIENT_FUNDS
    second.refresh_from_db()
    assert second.status == ProposalStatus.SUBMITTED
    assert fund_accounts.fund_account().balance == 20_000
    assert Entry.objects.filter(kind="grant_commitment").count() == 1


def test_a_refund_of_money_already_awarded_is_refused(fund):
    # given 100 yuan given in cash, 80 of them awarded to a proposal
    _fund_with(fund, 10_000)
    donation = Donation.objects.get()
    call = grants.grant_call_open(actor=None, community=fund, title="2026微创投", budget=10_000)
    grants.proposal_award(actor=None, community=fund, proposal=_proposal(fund, call), amount=8_000)
    before = fund_state(fund)
    connection.set_tenant(fund)

    # when staff refund 20.01 yuan of the donation, more than the 20 the fund still holds
    with pytest.raises(DomainError) as refusal:
        refunds.donation_refund(actor=None, community=fund, donation=donation, amount=2_001)

    # then it is refused with its code and nothing changed
    assert (refusal.value.code, refusal.value.field) == (FundErrorCode.INSUFFICIENT_FUNDS, "amount")
    assert fund_state(fund) == before
    # and the 20 yuan still free can be refunded, leaving the general fund at exactly 0
    connection.set_tenant(fund)
    refunds.donation_refund(actor=None, community=fund, donation=donation, amount=2_000)
    donation.refresh_from_db()
    assert (donation.status, donation.refunded) == (DonationStatus.PARTLY_REFUNDED, 2_000)
    assert fund_accounts.fund_account().balance == 0


def test_awards_stay_within_the_calls_budget(fund):
    _fund_with(fund, 1_000_000)
    call = grants.grant_call_open(actor=None, community=fund, title="小额", budget=30_000)
    proposal = _proposal(fund, call)
    with pytest.raises(DomainError) as refusal:
        grants.proposal_award(actor=None, community=fund, proposal=proposal, amount=30_001)
    assert refusal.value.code == FundErrorCode.OVER_BUDGET


def test_tranches_are_paid_against_progress_reports_up_to_the_award(fund):
    # given an award of 500 yuan
    _fund_with(fund, 100_000)
    call = grants.grant_call_open(actor=None, community=fund, title="微创投", budget=100_000)
    proposal = _proposal(fund, call)
    grants.proposal_award(actor=None, community=fund, proposal=proposal, amount=50_000)
    # when two reports are paid 300 and 200, and a third asks for 0.01 more
    report = grants.progress_report_submit(
        actor=None, community=fund, proposal=proposal, text="第一阶段:完成院落清理"
    )
    grants.tranche_disburse(actor=None, community=fund, report=report, amount=30_000)
    grants.tranche_disburse(actor=None, community=fund, report=report, amount=20_000)
    with pytest.raises(DomainError) as refusal:
        grants.tranche_disburse(actor=None, community=fund, report=report, amount=1)
    # then the grant is fully paid and nothing more moved
    assert refusal.value.code == FundErrorCode.EXCEEDS_AWARD
    proposal.refresh_from_db()
    assert (proposal.awarded, proposal.disbursed) == (50_000, 50_000)
    assert proposal.account.balance == 0
    assert fund_accounts.fund_account().balance == 50_000
    # and the grant is public in search
    document = SearchDocument.objects.get(community=fund, kind="grant", key=str(proposal.pk))
    assert document.title == "院落微更新"


def test_scores_run_from_0_to_100(fund):
    from tests.fixtures import make_user

    call = grants.grant_call_open(actor=None, community=fund, title="评审", budget=10_000)
    proposal = _proposal(fund, call, requested=5_000)
    reviewer = make_user()
    grants.proposal_score(actor=reviewer, community=fund, proposal=proposal, score=90)
    grants.proposal_score(actor=reviewer, community=fund, proposal=proposal, score=75)
    assert list(proposal.scores.values_list("score", flat=True)) == [75]
    with pytest.raises(DomainError) as refusal:
        grants.proposal_score(actor=reviewer, community=fund, proposal=proposal, score=101)
    assert refusal.value.code == FundErrorCode.SCORE_INVALID


@pytest.mark.django_db(transaction=True)
def test_twenty_racing_awards_never_over_commit():
    # given a fund of 1,000 yuan and twenty proposals of 100 yuan each
    connection.set_schema_to_public()  # an earlier test may have left a community's
    community = make_community("racing", name="竞速社区")
    try:
        connection.set_tenant(community)
        _fund_with(community, 100_000)
        call = grants.grant_call_open(
            actor=None, community=community, title="竞速", budget=10_000_000
        )
        proposals = [_proposal(community, call, f"项目{i}", 10_000) for i in range(20)]
        barrier = threading.Barrier(20)
        outcomes = []

        def award(proposal):
            connection.set_tenant(community)
            barrier.wait()
            try:
                grants.proposal_award(
                    actor=None, community=community, proposal=proposal, amount=10_000
                )
                outcomes.append("awarded")
            except DomainError as refusal:
                outcomes.append(refusal.code)
            finally:
                close_old_connections()
                connection.close()

        # when all twenty are awarded at once from twenty connections
        threads = [threading.Thread(target=award, args=(p,)) for p in proposals]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # then exactly ten fit, ten are refused, and the fund is at zero, not below
        connection.set_tenant(community)
        assert outcomes.count("awarded") == 10
        assert outcomes.count(FundErrorCode.INSUFFICIENT_FUNDS) == 10
        assert fund_accounts.fund_account().balance == 0
        assert Proposal.objects.filter(status=ProposalStatus.AWARDED).count() == 10
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


DISBURSE = """mutation($id: ID!, $amount: Int!) {
  disburseTranche(id: $id, report: "第一阶段:完成院落清理", amount: $amount) {
    proposal { disbursed reports { text } } errors { code field } } }"""


def test_a_refused_tranche_keeps_no_progress_report(fund):
    # given an award of 300 yuan, and an admin
    admin = make_member(fund, Role.ADMIN)
    connection.set_tenant(fund)
    _fund_with(fund, 100_000)
    call = grants.grant_call_open(actor=None, community=fund, title="微创投", budget=100_000)
    proposal = _proposal(fund, call, requested=30_000)
    grants.proposal_award(actor=None, community=fund, proposal=proposal, amount=30_000)
    before = fund_state(fund)

    # when the admin reports progress and asks to pay 300.01 yuan against it
    answer = gql(fund, admin).execute(
        DISBURSE, {"id": global_id("Proposal", proposal.pk), "amount": 30_001}
    )

    # then the tranche is refused and the report was not kept either: nothing changed
    assert answer == {
        "data": {
            "disburseTranche": {
                "proposal": None,
                "errors": [{"code": "EXCEEDS_AWARD", "field": "amount"}],
            }
        }
    }
    assert fund_state(fund) == before
    connection.set_tenant(fund)
    assert ProgressReport.objects.count() == 0

    # and within the award, the report and the tranche are kept together
    paid = gql(fund, admin).execute(
        DISBURSE, {"id": global_id("Proposal", proposal.pk), "amount": 30_000}
    )
    assert paid == {
        "data": {
            "disburseTranche": {
                "proposal": {"disbursed": 30_000, "reports": [{"text": "第一阶段:完成院落清理"}]},
                "errors": [],
            }
        }
    }


DECLINE = """mutation($id: ID!, $reason: String!) { declineProposal(id: $id, reason: $reason) {
  proposal { status declineReason } errors { code field } } }"""


def test_a_declined_proposal_keeps_its_reason_and_its_applicant_is_told(fund):
    # given a proposal submitted by a signed-in resident, and an admin
    applicant = make_member(fund, Role.RESIDENT, email="applicant@example.cn")
    admin = make_member(fund, Role.ADMIN)
    connection.set_tenant(fund)
    call = grants.grant_call_open(actor=None, community=fund, title="微创投", budget=100_000)
    proposal = grants.proposal_submit(
        actor=applicant,
        community=fund,
        call=call,
        title="楼道灯",
        applicant_name="居民",
        requested=5_000,
    )
    client = gql(fund, admin)
    variables = {"id": global_id("Proposal", proposal.pk)}

    # when the admin declines it without a reason, then with one, then again
    empty = client.execute(DECLINE, variables | {"reason": "  "})
    declined = client.execute(DECLINE, variables | {"reason": "本期预算已用完"})
    again = client.execute(DECLINE, variables | {"reason": "重复"})

    # then a reason is required, the decline is recorded once with who and why, and the
    # applicant has a notification carrying the reason
    assert empty["data"]["declineProposal"]["errors"] == [
        {"code": "REASON_REQUIRED", "field": "reason"}
    ]
    assert declined["data"]["declineProposal"] == {
        "proposal": {"status": "declined", "declineReason": "本期预算已用完"},
        "errors": [],
    }
    assert again["data"]["declineProposal"]["errors"] == [
        {"code": "ALREADY_DECIDED", "field": None}
    ]
    connection.set_tenant(fund)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by_id) == (ProposalStatus.DECLINED, admin.pk)
    assert proposal.decided_at is not None
    told = Notification.objects.get(user=applicant)
    assert (told.kind, told.body) == ("fund.proposal_declined", "本期预算已用完")
    assert "楼道灯" in told.title
    assert told.url.endswith(f"/fund/grants/#proposal-{proposal.pk}")
