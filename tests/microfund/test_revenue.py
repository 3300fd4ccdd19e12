"""Revenue feedback (收益反哺): one entry per report, owed → invoiced → settled, late flags."""

from datetime import date

import pytest
from django.core import mail
from django.db import connection
from strawberry.relay import to_base64 as global_id

from commonweal.ledger import services as ledger
from commonweal.ledger.models import Entry
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.models import LateReportFlag, ReportStatus, RevenueShareAgreement
from commonweal.microfund.services import fund_accounts, revenue_share
from commonweal.partners.registry.models import PartnerRepresentative
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role
from tests.fixtures import gql, make_member
from tests.microfund.fixtures import fund_state, make_partnership

SPLIT = [
    ("专业机构(运营方)", 7000, False),
    ("枢纽型社会企业孵化平台", 2500, False),
    ("社区微基金", 500, True),
]


def _canteen(community, **extra):
    return revenue_share.agreement_create(
        actor=None,
        community=community,
        partnership=make_partnership(community, "乡村基"),
        service="社区共享食堂",
        lines=SPLIT,
        remainder_beneficiary="专业机构(运营方)",
        starts_on=date(2026, 1, 1),
        partner_email="canteen@example.cn",
        **extra,
    )


def test_a_report_posts_its_split_as_one_entry_flooring_shares(fund):
    # given the 70/25/5 canteen agreement
    agreement = _canteen(fund)
    # when the partner reports 12,345.67 yuan for January
    report = revenue_share.revenue_report_submit(
        actor=None,
        community=fund,
        agreement=agreement,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 1, 31),
        gross=1_234_567,
        evidence="1月营业流水.pdf",
    )
    # then one entry moves the gross: 5% = 61,728.35 → 61,728 fen owed to the fund,
    # 25% = 308,641.75 → 308,641 to the hub, the rest (864,198) to the operator
    assert Entry.objects.filter(kind="revenue_share").count() == 1
    amounts = dict(report.entry.legs.values_list("account__name", "amount"))
    assert amounts == {
        "乡村基营业收入": -1_234_567,
        "专业机构(运营方)": 864_198,
        "枢纽型社会企业孵化平台": 308_641,
        "乡村基应付微基金": 61_728,
    }
    assert report.fund_share == 61_728
    assert report.status == ReportStatus.OWED
    assert fund_accounts.fund_account().balance == 0  # owed, not yet received


def test_the_fund_share_moves_owed_invoiced_settled(fund):
    agreement = _canteen(fund)
    report = revenue_share.revenue_report_submit(
        actor=None,
        community=fund,
        agreement=agreement,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 1, 31),
        gross=100_000,
        evidence="流水",
    )
    with pytest.raises(DomainError) as refusal:
        revenue_share.revenue_report_settle(actor=None, community=fund, report=report)
    assert refusal.value.code == FundErrorCode.WRONG_STATUS
    revenue_share.revenue_report_invoice(
        actor=None, community=fund, report=report, invoice_number="FP-2026-001"
    )
    report = revenue_share.revenue_report_settle(actor=None, community=fund, report=report)
    assert report.status == ReportStatus.SETTLED
    assert fund_accounts.fund_account().balance == 5_000
    assert (
        agreement.receivable_account.__class__.objects.get(
            pk=agreement.receivable_account_id
        ).balance
        == 0
    )


def test_a_period_is_reported_once_and_amounts_are_checked(fund):
    agreement = _canteen(fund)
    kwargs = dict(
        actor=None,
        community=fund,
        agreement=agreement,
        period_start=date(2026, 2, 1),
        period_end=date(2026, 2, 28),
        evidence="流水",
    )
    revenue_share.revenue_report_submit(gross=100, **kwargs)
    with pytest.raises(DomainError) as again:
        revenue_share.revenue_report_submit(gross=100, **kwargs)
    with pytest.raises(DomainError) as negative:
        revenue_share.revenue_report_submit(
            **{**kwargs, "period_start": date(2026, 3, 1)}, gross=-1
        )
    assert (again.value.code, negative.value.code) == (
        FundErrorCode.ALREADY_REPORTED,
        FundErrorCode.AMOUNT_NOT_POSITIVE,
    )
    assert Entry.objects.filter(kind="revenue_share").count() == 1


def test_shares_that_do_not_make_100_percent_are_refused(fund):
    with pytest.raises(DomainError) as refusal:
        revenue_share.agreement_create(
            actor=None,
            community=fund,
            partnership=make_partnership(fund),
            service="食堂",
            lines=[("运营方", 7000, False)],
            remainder_beneficiary="运营方",
        )
    assert refusal.value.code == FundErrorCode.SHARES_INVALID


def test_late_reports_are_flagged_once_to_staff_and_partner(fund):
    # given an agreement since 1 January with monthly reports and 10 days' grace
    staff = make_member(fund, Role.STAFF, email="staff@fengshu.example.cn")
    agreement = _canteen(fund)
    revenue_share.revenue_report_submit(
        actor=None,
        community=fund,
        agreement=agreement,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 1, 30),
        gross=100,
        evidence="流水",
    )
    # when the job runs on 15 March, then again
    first = revenue_share.flag_late_reports(community=fund, today=date(2026, 3, 15))
    second = revenue_share.flag_late_reports(community=fund, today=date(2026, 3, 15))
    # then the period from 31 January (due 11 March) is flagged once, mails to both sides
    assert [f.period_start for f in first] == [date(2026, 1, 31)]
    assert second == []
    assert LateReportFlag.objects.count() == 1
    recipients = sorted(r for m in mail.outbox for r in m.to)
    assert recipients == ["canteen@example.cn", staff.email]


def test_the_daily_job_defers_one_late_report_check_per_community(fund):
    from django.db import connection

    from commonweal.microfund.tasks import flag_late_revenue_reports_everywhere

    connection.set_schema_to_public()
    flag_late_revenue_reports_everywhere(timestamp=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT args->>'community_schema' FROM public.procrastinate_jobs "
            "WHERE task_name = 'commonweal.microfund.tasks.flag_late_revenue_reports'"
        )
        schemas = [row[0] for row in cursor.fetchall()]
    assert fund.schema_name in schemas


def test_an_agreement_names_its_partnership_and_is_refused_for_inactive_partners(fund):
    # given an active partner with a contact address, and one whose application is pending
    canteen = make_partnership(fund, "乡村基", email="office@xiangcunji.example.cn")
    applicant = make_partnership(fund, "枫树咖啡馆", status="applied")
    arguments = dict(
        actor=None,
        community=fund,
        service="社区共享食堂",
        lines=SPLIT,
        remainder_beneficiary="专业机构(运营方)",
    )

    # when an agreement is made with each
    agreement = revenue_share.agreement_create(partnership=canteen, **arguments)
    with pytest.raises(DomainError) as refusal:
        revenue_share.agreement_create(partnership=applicant, **arguments)

    # then the first names the partnership, its name and its contact; the second is refused
    assert (agreement.partnership_id, agreement.partner_name, agreement.partner_email) == (
        canteen.pk,
        "乡村基",
        "office@xiangcunji.example.cn",
    )
    assert (refusal.value.code, refusal.value.field) == (
        FundErrorCode.PARTNER_NOT_ACTIVE,
        "partner",
    )
    assert RevenueShareAgreement.objects.count() == 1


def test_the_migration_links_earlier_agreements_to_their_partnerships(fund):
    """0008 on agreements as they were: named by a credit code or a name, or by neither."""
    import importlib

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    migration = importlib.import_module(
        "commonweal.microfund.migrations.0008_agreement_partnership"
    )
    # the fund's state between 0008's AddField and its RemoveField, and its table to match
    state = MigrationExecutor(connection).loader.project_state(
        [("microfund", "0007_donation_evidence"), *migration.Migration.dependencies[1:]]
    )
    migration.Migration.operations[0].state_forwards("microfund", state)
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE microfund_revenueshareagreement"
            " ADD COLUMN partner_organisation_id varchar(18) NOT NULL DEFAULT ''"
        )
    by_code = make_partnership(fund, "乡村基（督院街店）")
    by_name = make_partnership(fund, "红枫社区食堂")
    Agreement = state.apps.get_model("microfund", "RevenueShareAgreement")
    template = _canteen(fund)  # lends its accounts to the rows made the old way
    RevenueShareAgreement.objects.filter(pk=template.pk).update(partnership=None)
    accounts = {
        "remainder_account_id": template.remainder_account_id,
        "starts_on": date(2026, 1, 1),
    }
    made = {}
    for key, name, code in (
        ("code", "乡村基", by_code.organisation.credit_code),
        ("name", "红枫社区食堂", ""),
        ("neither", "无名小店", "91510104MA0000000X"),
    ):
        made[key] = Agreement.objects.create(
            partner_name=name,
            partner_organisation_id=code,
            service="食堂",
            source_account_id=ledger.account(f"x:s:{key}", kind="external").pk,
            receivable_account_id=ledger.account(f"x:r:{key}", kind="receivable").pk,
            **accounts,
        ).pk

    # when the migration's data step runs
    migration.link_partnerships(state.apps, None)

    # then the first two name their partnerships; the third keeps its code in its name
    linked = dict(
        RevenueShareAgreement.objects.filter(pk__in=made.values()).values_list(
            "pk", "partnership_id"
        )
    )
    assert {key: linked[pk] for key, pk in made.items()} == {
        "code": by_code.pk,
        "name": by_name.pk,
        "neither": None,
    }
    assert RevenueShareAgreement.objects.get(pk=made["neither"]).partner_name == (
        "无名小店（91510104MA0000000X）"
    )


REPORT = """mutation($id: ID!) { submitRevenueReport(agreement: $id, periodStart: "2026-01-01",
  periodEnd: "2026-01-31", gross: 100000, evidence: "1月流水") {
  report { gross fundShare } errors { code } } }"""


def test_only_the_agreements_own_partner_reports_against_it(fund):
    # given the canteen's agreement, its representative, and another partner's representative
    agreement = _canteen(fund)
    canteen_rep = make_member(fund, Role.PARTNER_REPRESENTATIVE)
    other_rep = make_member(fund, Role.PARTNER_REPRESENTATIVE)
    connection.set_tenant(fund)
    bakery = make_partnership(fund, "老街面包")
    PartnerRepresentative.objects.create(
        organisation=agreement.partnership.organisation, user=canteen_rep
    )
    PartnerRepresentative.objects.create(organisation=bakery.organisation, user=other_rep)
    variables = {"id": global_id("RevenueShareAgreement", agreement.pk)}
    before = fund_state(fund)

    # when the other partner's representative reports revenue against the canteen's agreement
    refused = gql(fund, other_rep).execute(REPORT, variables)

    # then it reads as not found and nothing is posted
    assert refused == {
        "data": {"submitRevenueReport": {"report": None, "errors": [{"code": "NOT_FOUND"}]}}
    }
    assert fund_state(fund) == before

    # and the canteen's own representative may
    accepted = gql(fund, canteen_rep).execute(REPORT, variables)
    assert accepted == {
        "data": {
            "submitRevenueReport": {"report": {"gross": 100000, "fundShare": 5000}, "errors": []}
        }
    }
    connection.set_tenant(fund)
    assert Entry.objects.filter(kind="revenue_share").count() == 1
