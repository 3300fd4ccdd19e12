"""Demo micro-fund for each demo community: its fiscal host, donations, a micro-grant call and,
in 督院街, the shared canteen's revenue feedback (70 / 25 / 5, from seeds/002). Idempotent."""

import os
from datetime import date, timedelta

from django.utils import timezone

from commonweal.microfund.hosts.models import FiscalHost, HostedCommunity, ProviderAccount
from commonweal.microfund.models import Campaign, Donation, GrantCall, RevenueShareAgreement
from commonweal.microfund.services import campaigns, donations, grants, revenue_share
from commonweal.partners.models import Partnership
from commonweal.tenants.demo_data import DEMO_FACTS

HOST = {"name": "成都市锦江区慈善会", "organisation_id": "51510104MJ0000000X"}  # fictional code
# (yuan, donor, anonymous, method, months ago, to the project?) — each community its own
# neighbours: shops, schools, teams and residents named in or typical of its seed.
DONATIONS = {
    "fengshu": [
        (800, "成龙路街道商会", False, "bank_transfer", 5, False),
        (200, "枫树社区老年协会", False, "cash", 4, True),
        (50, "", True, "cash", 4, False),
        (600, "锦欣逸居养老服务公司", False, "bank_transfer", 3, True),
        (100, "王阿姨", False, "cash", 2, True),
        (66, "", True, "cash", 1, False),
    ],
    "jiahonglu": [
        (1000, "红旗超市狮子山店", False, "bank_transfer", 5, True),
        (500, "华西奶业", False, "bank_transfer", 4, False),
        (120, "比华利国际城业主", True, "cash", 3, True),
        (300, "“小狮妹”老党员工作室", False, "cash", 2, True),
        (30, "", True, "cash", 1, False),
    ],
    "duyuanjie": [
        (500, "春熙路商户联合会", False, "bank_transfer", 5, False),
        (200, "张阿姨", False, "cash", 4, True),
        (50, "", True, "cash", 4, False),
        (1000, "成师附小家委会", False, "bank_transfer", 3, True),
        (88, "李师傅", True, "cash", 2, False),
        (300, "督院雏鹰志愿队", False, "cash", 1, True),
    ],
}
# A community's own fundraising project and micro-grant call (督院街's from seeds/002).
PROJECTS = {
    "fengshu": (
        "枫树长者助餐点添置餐桌",
        "为社区综合体助餐点添置适老餐桌椅和保温餐车。",
        1_500_000,
    ),
    "jiahonglu": (
        "“时间书屋”儿童图书添置",
        "为比华利国际城二期的“时间书屋”添置儿童绘本和书架。",
        800_000,
    ),
    "duyuanjie": ("老旧院落“美院子”微更新", "为老旧院落补装楼道灯、扶手和休息座椅。", 2_000_000),
}
GRANT_CALLS = {
    "fengshu": "枫树社区“邻里微光”微创投",
    "jiahonglu": "佳宏路“商居共建”微创投",
    "duyuanjie": "“创督院·公益+”微创投",
}


def _host(community) -> FiscalHost:
    host, _ = FiscalHost.objects.get_or_create(
        organisation_id=HOST["organisation_id"],
        defaults={"name": HOST["name"], "public_fundraising_qualified": True},
    )
    HostedCommunity.objects.get_or_create(community=community, defaults={"host": host})
    secret = os.environ.get("COMMONWEAL_DEMO_STRIPE_SECRET_KEY")
    if secret and not host.provider_accounts.filter(provider="stripe").exists():
        account = ProviderAccount(host=host, provider="stripe", payment_methods=["card"])
        account.set_settings(
            {
                "secret_key": secret,
                "webhook_secret": os.environ.get("COMMONWEAL_DEMO_STRIPE_WEBHOOK_SECRET", ""),
            }
        )
        account.save()
    return host


def load(community, data) -> None:
    _host(community)
    slug = data["slug"]
    title, description, goal = PROJECTS.get(slug, PROJECTS["duyuanjie"])
    campaign = Campaign.objects.filter(title=title).first()
    if campaign is None:
        campaign = campaigns.campaign_create(
            actor=None, community=community, title=title, description=description, goal=goal
        )
    today = timezone.localdate()
    for i, (yuan, donor, anonymous, method, months_ago, to_project) in enumerate(
        DONATIONS.get(slug, DONATIONS["duyuanjie"])
    ):
        receipt = f"DEMO-{slug}-{i + 1:03d}"
        if Donation.objects.filter(receipt_number=receipt).exists():
            continue
        donations.donation_record_offline(
            actor=None,
            community=community,
            amount=yuan * 100,
            method=method,
            evidence="捐款箱开箱记录(两人签字)" if method == "cash" else "银行回单",
            receipt_number=receipt,
            donor_name=donor,
            anonymous=anonymous,
            campaign=campaign if to_project else None,
            received_on=today - timedelta(days=30 * months_ago),
        )
    call_title = GRANT_CALLS.get(slug, GRANT_CALLS["duyuanjie"])
    if not GrantCall.objects.filter(title=call_title).exists():
        call = grants.grant_call_open(
            actor=None,
            community=community,
            title=call_title,
            budget=100_000,
            description="支持居民和社区社会组织发起的小微公益项目。",
        )
        first = grants.proposal_submit(
            actor=None,
            community=community,
            call=call,
            title="院落互助议事角",
            applicant_name="院落自治小组",
            requested=50_000,
            summary="在两个老旧院落设置议事角,每月一次坝坝会。",
        )
        grants.proposal_submit(
            actor=None,
            community=community,
            call=call,
            title="老年人智能手机课堂",
            applicant_name="督院雏鹰志愿队",
            requested=30_000,
        )
        grants.proposal_award(actor=None, community=community, proposal=first, amount=40_000)
        report = grants.progress_report_submit(
            actor=None, community=community, proposal=first, text="已完成第一个院落的议事角布置。"
        )
        grants.tranche_disburse(actor=None, community=community, report=report, amount=20_000)
    # The canteen's operator is a partner of 督院街 (commonweal.partners.demo, loaded first).
    canteen = Partnership.objects.filter(organisation__legal_name="乡村基").first()
    if slug == "duyuanjie" and canteen is not None and not RevenueShareAgreement.objects.exists():
        split = DEMO_FACTS["tianjin"]
        agreement = revenue_share.agreement_create(
            actor=None,
            community=community,
            partnership=canteen,
            service="社区共享食堂(公益+低偿/市场)",
            lines=[
                ("专业机构(食堂运营方)", split["operator_share_pct"] * 100, False),
                ("枢纽型社会企业孵化平台", split["hub_incubator_share_pct"] * 100, False),
                ("社区微基金", split["community_fund_share_pct"] * 100, True),
            ],
            remainder_beneficiary="专业机构(食堂运营方)",
            starts_on=date(today.year, today.month, 1) - timedelta(days=90),
        )
        for n, gross in enumerate((3_456_789, 3_812_345)):
            start = agreement.starts_on + timedelta(days=agreement.period_days * n)
            report = revenue_share.revenue_report_submit(
                actor=None,
                community=community,
                agreement=agreement,
                period_start=start,
                period_end=start + timedelta(days=agreement.period_days - 1),
                gross=gross,
                evidence=f"食堂收银系统月报 {start:%Y-%m}",
            )
            if n == 0:
                revenue_share.revenue_report_invoice(
                    actor=None, community=community, report=report, invoice_number="DYJ-FP-001"
                )
                revenue_share.revenue_report_settle(actor=None, community=community, report=report)
