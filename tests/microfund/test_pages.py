"""The fund's pages on a community host: give, thanks, receipt, public accounts, downloads."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test import Client

from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.models import Donation, DonationStatus
from commonweal.microfund.providers.base import Checkout, PaymentFacts
from commonweal.microfund.providers.stripe import StripeProvider
from commonweal.microfund.services import campaigns, donations, payments
from commonweal.platform.kernel.errors import DomainError
from commonweal.search.models import SearchDocument


@pytest.fixture
def checkout_requests(monkeypatch):
    """localstripe has no Checkout Sessions: record what we would ask Stripe for."""
    seen = []

    def create_checkout(self, request):
        seen.append(request)
        return Checkout(id=f"cs_test_{len(seen)}", url=f"https://checkout.stripe.com/c/{len(seen)}")

    monkeypatch.setattr(StripeProvider, "create_checkout", create_checkout)
    return seen


def _get(path, community, client=None):
    response = (client or Client()).get(path, HTTP_HOST=f"{community.slug}.localhost")
    connection.set_tenant(community)
    return response


def test_a_donor_picks_a_project_and_an_amount_and_goes_to_checkout(fund, checkout_requests):
    # given a public project
    campaign = campaigns.campaign_create(actor=None, community=fund, title="老旧院落微更新")
    # when a donor gives 88.80 yuan to it, with a name, staying anonymous
    response = Client().post(
        "/fund/",
        {
            "campaign": campaign.pk,
            "amount": "88.80",
            "method": "alipay",
            "donor_name": "张阿姨",
            "message": "加油",
            "anonymous": "1",
        },
        HTTP_HOST=f"{fund.slug}.localhost",
    )
    connection.set_tenant(fund)
    # then a pending donation exists and the donor is sent to Stripe Checkout
    assert response.status_code == 302
    assert response["Location"] == "https://checkout.stripe.com/c/1"
    donation = Donation.objects.get()
    assert (donation.amount, donation.method, donation.status, donation.anonymous) == (
        8880,
        "alipay",
        DonationStatus.PENDING,
        True,
    )
    (request,) = checkout_requests
    assert (request.amount, request.currency, request.methods) == (8880, "CNY", ("alipay",))
    assert request.success_url == f"http://{fund.slug}.localhost/fund/thanks/{donation.token}/"
    assert "老旧院落微更新" in request.description


def test_the_fund_page_refuses_bad_amounts_and_unavailable_methods(fund, checkout_requests):
    for data in (
        {"amount": "0"},
        {"amount": "1.234"},
        {"amount": "abc"},
        {"amount": "99999999999"},
        {"amount": "10", "method": "wechat_pay"},
    ):
        response = Client().post(
            "/fund/", {"method": "card", **data}, HTTP_HOST=f"{fund.slug}.localhost"
        )
        assert response.status_code == 200
        assert 'role="alert"' in response.content.decode()
    connection.set_tenant(fund)
    assert Donation.objects.count() == 0 and checkout_requests == []


def test_monthly_donations_are_card_only(fund, checkout_requests):
    with pytest.raises(DomainError) as refusal:
        donations.donation_start(
            actor=None,
            community=fund,
            amount=1000,
            method="alipay",
            monthly=True,
            base_url="http://x",
        )
    assert refusal.value.code == FundErrorCode.METHOD_UNAVAILABLE
    donations.donation_start(
        actor=None, community=fund, amount=1000, method="card", monthly=True, base_url="http://x"
    )
    assert checkout_requests[0].monthly is True


def test_fund_page_renders_in_chinese(fund):
    campaigns.campaign_create(actor=None, community=fund, title="助老餐桌")
    page = _get("/fund/", fund).content.decode()
    assert "助老餐桌" in page and 'name="amount_preset"' in page


def test_thanks_and_printable_receipt(fund):
    donation = Donation.objects.create(amount=5000, method="card", provider="stripe")
    facts = PaymentFacts(
        payment_id="pi_r",
        donation_ref=f"{fund.schema_name}:{donation.token}",
        amount=5000,
        currency="CNY",
        succeeded=True,
    )
    payments.payment_reconcile(community=fund, facts=facts)
    donation.refresh_from_db()
    thanks = _get(f"/fund/thanks/{donation.token}/", fund).content.decode()
    receipt = _get(f"/fund/receipt/{donation.token}/", fund).content.decode()
    assert f"/fund/receipt/{donation.token}/" in thanks
    assert donation.receipt_number in receipt and "¥50.00" in receipt
    assert _get("/fund/receipt/not-a-token/", fund).status_code == 404


def test_public_accounts_show_totals_anonymised_donors_chart_and_downloads(fund):
    # given a named and an anonymous offline donation, and a project
    campaign = campaigns.campaign_create(actor=None, community=fund, title="助老餐桌")
    donations.donation_record_offline(
        actor=None,
        community=fund,
        amount=20_000,
        method="cash",
        evidence="开箱记录",
        receipt_number="SJ-001",
        donor_name="李大爷",
        received_on=date(2026, 1, 5),
    )
    donations.donation_record_offline(
        actor=None,
        community=fund,
        amount=5_000,
        method="bank_transfer",
        evidence="银行回单",
        receipt_number="SJ-002",
        donor_name="王女士",
        anonymous=True,
        campaign=campaign,
        received_on=date(2026, 2, 5),
    )
    page = _get("/fund/accounts/", fund).content.decode()
    # then the anonymous donor's name is not shown; both months have bars
    assert "李大爷" in page and "王女士" not in page
    assert page.count('class="bar income"') == 2
    assert "¥250.00" in page
    csv_text = _get("/fund/accounts.csv", fund).content.decode("utf-8-sig")
    assert "线下捐赠 SJ-001" in csv_text and "200.00" in csv_text and "王女士" not in csv_text
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(_get("/fund/accounts.xlsx", fund).content))
    assert book.sheetnames == ["流水", "月度收支", "分录明细"]
    assert [row for row in book["月度收支"].iter_rows(min_row=2, values_only=True)] == [
        ("2026-01", 200.0, 0.0),
        ("2026-02", 50.0, 0.0),
    ]


def test_public_campaigns_are_search_documents(fund):
    campaign = campaigns.campaign_create(actor=None, community=fund, title="助老餐桌")
    document = SearchDocument.objects.get(community=fund, kind="campaign", key=str(campaign.pk))
    assert document.visible
    campaigns.campaign_update(actor=None, community=fund, campaign=campaign, public=False)
    document.refresh_from_db()
    assert not document.visible


def test_offline_donations_need_evidence_and_a_fresh_receipt_number(fund):
    kwargs = dict(
        actor=None,
        community=fund,
        amount=100,
        method="cash",
        evidence="开箱",
        receipt_number="SJ-9",
    )
    donations.donation_record_offline(**kwargs)
    with pytest.raises(DomainError) as taken:
        donations.donation_record_offline(**kwargs)
    with pytest.raises(DomainError) as no_evidence:
        donations.donation_record_offline(**{**kwargs, "evidence": " ", "receipt_number": "SJ-10"})
    assert (taken.value.code, no_evidence.value.code) == (
        FundErrorCode.RECEIPT_NUMBER_TAKEN,
        FundErrorCode.EVIDENCE_REQUIRED,
    )
