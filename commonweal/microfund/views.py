"""Pages of the fund on a community host: give, thank-you, receipt, public accounts, webhooks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from commonweal.microfund import exports, selectors, webhooks
from commonweal.microfund.models import Donation
from commonweal.microfund.providers import provider_for_webhooks
from commonweal.microfund.providers.base import InvalidWebhook
from commonweal.microfund.services import monthly_giving
from commonweal.platform.kernel.errors import DomainError

# The page shows the newest movements; the CSV and XLSX hold them all.
RECENT_MOVEMENTS = 20


@login_required
def mine(request):
    """The signed-in donor's donations and monthly donations in this community."""
    return render(
        request,
        "microfund/mine.html",
        {
            "community": request.tenant,
            "donations": selectors.donations_of(request.user),
            "monthly": selectors.monthly_donations_of(request.user),
        },
    )


@login_required
@require_POST
def cancel_monthly(request, pk: int):
    try:
        monthly = selectors.access_monthly_donation(actor=request.user, monthly_id=pk)
    except DomainError as refusal:
        raise Http404 from refusal
    monthly_giving.monthly_donation_cancel(
        actor=request.user, community=request.tenant, monthly=monthly
    )
    messages.success(request, _("Your monthly donation is cancelled; no further month is taken."))
    return redirect("fund-mine")


def thanks(request, token: str):
    donation = get_object_or_404(Donation, token=token)
    return render(
        request, "microfund/thanks.html", {"donation": donation, "community": request.tenant}
    )


def receipt(request, token: str):
    donation = get_object_or_404(Donation, token=token)
    if donation.receipt_number is None:
        raise Http404
    return render(
        request, "microfund/receipt.html", {"donation": donation, "community": request.tenant}
    )


def _chart(months) -> dict:
    """Bars of income and spending per month, as SVG geometry."""
    width, height, pad = 640, 220, 30
    top = max([max(m.income, m.spending) for m in months] + [1])
    step = (width - 2 * pad) / max(len(months), 1)
    bars = []
    for i, m in enumerate(months):
        x = pad + i * step
        for j, (value, kind) in enumerate(((m.income, "income"), (m.spending, "spending"))):
            h = (height - 2 * pad) * value / top
            bars.append(
                {
                    "x": round(x + j * step * 0.4 + step * 0.1, 1),
                    "y": round(height - pad - h, 1),
                    "w": round(step * 0.35, 1),
                    "h": round(h, 1),
                    "kind": kind,
                    "value": value / 100,
                    "label": f"{m.month:%Y-%m}",
                }
            )
    labels = [
        {"x": round(pad + i * step + step / 2, 1), "text": f"{m.month:%y-%m}"}
        for i, m in enumerate(months)
    ]
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "labels": labels,
        "base": height - pad,
        "top": top / 100,
    }


def accounts(request):
    months = selectors.monthly_statement()[-12:]
    return render(
        request,
        "microfund/accounts.html",
        {
            "community": request.tenant,
            "balances": selectors.balances(),
            "months": months,
            "chart": _chart(months),
            "campaigns": selectors.campaign_totals(),
            "agreements": selectors.revenue_feedback_totals(),
            "proposals": selectors.public_proposals(),
            "donations": selectors.public_donations(),
            "movements": list(exports.movements(newest_first=True, limit=RECENT_MOVEMENTS)),
        },
    )


def accounts_csv(request):
    response = HttpResponse(exports.write_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="fund-accounts.csv"'
    return response


def accounts_xlsx(request):
    response = HttpResponse(
        exports.write_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="fund-accounts.xlsx"'
    return response


@csrf_exempt
@require_POST
def provider_webhook(request, provider_name: str):
    """A payment provider's signed event (`/fund/webhooks/<provider>/`): acknowledged once it
    is verified and stored; the drain job posts it."""
    provider = provider_for_webhooks(request.tenant, provider_name)
    if provider is None:
        return HttpResponseBadRequest("no provider")
    try:
        stored = webhooks.receive(request.tenant, provider, request.body, request.headers)
    except InvalidWebhook as error:
        return HttpResponseBadRequest(str(error)[:200])
    return HttpResponse("ok" if stored else "replay")
