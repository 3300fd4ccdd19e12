"""Random sequences of fund operations keep the ledger's invariants."""

from datetime import date, timedelta

from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonweal.ledger.models import Account
from commonweal.microfund.models import Donation, Proposal, RevenueReport
from commonweal.microfund.services import donations, fund_accounts, grants, refunds, revenue_share
from commonweal.platform.kernel.errors import DomainError
from tests.microfund.fixtures import make_partnership

amounts = st.integers(min_value=-10, max_value=200_000)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("donate"), amounts),
        st.tuples(st.just("refund"), st.integers(0, 9), amounts),
        st.tuples(st.just("award"), amounts),
        st.tuples(st.just("disburse"), st.integers(0, 9), amounts),
        st.tuples(st.just("report"), amounts),
        st.tuples(st.just("settle"), st.integers(0, 9)),
    ),
    max_size=14,
)


class _Rollback(Exception):
    pass


def _apply(community, call, agreement, op, counter):
    kind = op[0]
    if kind == "donate":
        donations.donation_record_offline(
            actor=None,
            community=community,
            amount=op[1],
            method="cash",
            evidence="箱",
            receipt_number=f"P{counter}",
        )
    elif kind == "refund":
        paid = list(Donation.objects.order_by("id"))
        if paid:
            refunds.donation_refund(
                actor=None,
                community=community,
                donation=paid[op[1] % len(paid)],
                amount=op[2],
            )
    elif kind == "award":
        proposal = grants.proposal_submit(
            actor=None,
            community=community,
            call=call,
            title=f"项目{counter}",
            applicant_name="居民",
            requested=max(op[1], 1),
        )
        grants.proposal_award(actor=None, community=community, proposal=proposal, amount=op[1])
    elif kind == "disburse":
        awarded = list(Proposal.objects.filter(status="awarded").order_by("id"))
        if awarded:
            proposal = awarded[op[1] % len(awarded)]
            report = grants.progress_report_submit(
                actor=None, community=community, proposal=proposal, text="进展"
            )
            grants.tranche_disburse(actor=None, community=community, report=report, amount=op[2])
    elif kind == "report":
        start = date(2026, 1, 1) + timedelta(days=counter)
        revenue_share.revenue_report_submit(
            actor=None,
            community=community,
            agreement=agreement,
            period_start=start,
            period_end=start,
            gross=op[1],
            evidence="流水",
        )
    elif kind == "settle":
        reports = list(RevenueReport.objects.order_by("id"))
        if reports:
            report = reports[op[1] % len(reports)]
            if report.status == "owed":
                revenue_share.revenue_report_invoice(
                    actor=None, community=community, report=report, invoice_number=f"FP{counter}"
                )
            else:
                revenue_share.revenue_report_settle(actor=None, community=community, report=report)


def _check_invariants():
    schema = connection.schema_name
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run the deferred balance triggers now
        cursor.execute(
            f'SELECT entry_id, unit FROM "{schema}".ledger_leg '
            "GROUP BY entry_id, unit HAVING sum(amount) <> 0"
        )
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT a.code, a.balance, coalesce(sum(l.amount), 0) "
            f'FROM "{schema}".ledger_account a '
            f'LEFT JOIN "{schema}".ledger_leg l ON l.account_id = a.id GROUP BY a.id'
        )
        for code, running, summed in cursor.fetchall():
            assert running == summed, code
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for donation in Donation.objects.all():
        assert 0 <= donation.refunded <= donation.amount
    for proposal in Proposal.objects.filter(status="awarded"):
        assert proposal.disbursed <= proposal.awarded
    fund = Account.objects.get(code="fund:general")
    assert fund.balance >= 0


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_random_sequences_keep_entries_balanced_and_balances_true(fund, ops):
    try:
        with transaction.atomic():
            call = grants.grant_call_open(
                actor=None, community=fund, title="随机", budget=10_000_000
            )
            agreement = revenue_share.agreement_create(
                actor=None,
                community=fund,
                partnership=make_partnership(fund),
                service="食堂",
                lines=[("运营方", 7000, False), ("孵化平台", 2500, False), ("微基金", 500, True)],
                remainder_beneficiary="运营方",
            )
            fund_accounts.fund_account()
            for counter, op in enumerate(ops):
                try:
                    with transaction.atomic():
                        _apply(fund, call, agreement, op, counter)
                except DomainError:
                    pass  # a refusal changes nothing; the invariants must still hold
                _check_invariants()
            raise _Rollback
    except _Rollback:
        pass
