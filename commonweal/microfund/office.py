"""The fund's office page: every donation with its method and the payment service's
transaction number, refunds in full or in part, and the payments to check with the fiscal host
(notices whose amount was not the donation's; the daily reconciliation's differences; the
service's events that could not be posted, or not yet)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from commonweal.microfund import selectors
from commonweal.microfund.giving import AmountError, yuan_to_fen
from commonweal.microfund.hosts.selectors import payment_issues
from commonweal.microfund.models import Donation, DonationMethod, DonationStatus, RefundStatus
from commonweal.microfund.services import refunds
from commonweal.platform.kernel.errors import DomainError, NotFound
from commonweal.workbench.access import office_only

PAGE_SIZE = 30
# Names, not codes: the provider as staff know it.
PROVIDER_NAMES = {
    "wechatpay": DonationMethod.WECHAT_PAY.label,
    "alipay": DonationMethod.ALIPAY.label,
    "stripe": "Stripe",
}


@office_only
def office(request):
    community = request.tenant
    status = request.GET.get("status", "")
    method = request.GET.get("method", "")
    query = (request.GET.get("q") or "").strip()[:64]
    donations = (
        Donation.objects.select_related("campaign")
        .annotate(
            refund_pending=Sum("refunds__amount", filter=Q(refunds__status=RefundStatus.PENDING))
        )
        .order_by("-created_at", "-pk")
    )
    if status in DonationStatus.values:
        donations = donations.filter(status=status)
    if method in DonationMethod.values:
        donations = donations.filter(method=method)
    if query:
        donations = donations.filter(
            Q(payment_id=query) | Q(receipt_number=query) | Q(donor_name__icontains=query)
        )
    page = Paginator(donations, PAGE_SIZE).get_page(request.GET.get("page"))
    flags, differences = payment_issues(community)
    flags, differences = list(flags[:50]), list(differences[:50])
    for flag in flags:
        flag.provider_name = PROVIDER_NAMES.get(flag.provider, flag.provider)
    for difference in differences:
        provider = difference.bill_check.account.provider
        difference.provider_name = PROVIDER_NAMES.get(provider, provider)
    events = list(selectors.webhook_events_to_check()[:50])
    for event in events:
        event.provider_name = PROVIDER_NAMES.get(event.provider, event.provider)
        event.name = selectors.event_name(event.type)
    return render(
        request,
        "microfund/office.html",
        {
            "community": community,
            "page": page,
            "statuses": DonationStatus.choices,
            "methods": DonationMethod.choices,
            "chosen": {"status": status, "method": method, "q": query},
            "flags": flags,
            "differences": differences,
            "events": events,
            "balances": selectors.balances(),
        },
    )


@office_only
def refund(request, pk: int):
    if request.method != "POST":
        return redirect("/fund/office/")
    community = request.tenant
    try:
        amount = yuan_to_fen(request.POST.get("amount", ""))
        with transaction.atomic():
            donation = selectors.access_donation(
                actor=request.user, community=community, donation_id=pk
            )
            made = refunds.donation_refund(
                actor=request.user,
                community=community,
                donation=donation,
                amount=amount,
                reason=request.POST.get("reason", ""),
            )
    except NotFound as missing:
        raise Http404 from missing
    except AmountError as error:
        messages.error(request, str(error))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        yuan = f"{made.amount / 100:.2f}"
        if made.status == RefundStatus.SUCCEEDED:
            messages.success(request, _("Refunded ¥%(amount)s.") % {"amount": yuan})
        else:
            messages.success(
                request,
                _("Refund of ¥%(amount)s asked: the payment service answers shortly.")
                % {"amount": yuan},
            )
    return redirect("/fund/office/")
