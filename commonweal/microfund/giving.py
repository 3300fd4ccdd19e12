"""The donation page, made for phones: a project and an amount on big tiles, the methods the
fiscal host takes, and how to give offline when it takes none online.

Paying by order (WeChat Pay, Alipay) depends on where the page is open: an ordinary phone
browser goes to the provider's H5 / wap page, WeChat's own browser pays in place (JSAPI, with
the donor's openid from the host's 公众号, asked for once per session), a desktop shows a WeChat
QR code or Alipay's page. Stripe's methods keep their hosted checkout.
"""

import re
from decimal import Decimal, InvalidOperation

import segno
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from commonweal.microfund import payments, selectors
from commonweal.microfund.models import Campaign, Donation, DonationMethod
from commonweal.microfund.providers.base import ProviderError
from commonweal.microfund.providers.orders import DESKTOP, IN_APP, MOBILE_WEB
from commonweal.microfund.services import donations
from commonweal.platform.kernel.errors import DomainError

OPENID = "fund_wechat_openid"  # the donor's openid at the host's 公众号, kept in the session
_PHONE = re.compile(r"Mobile|Android|iPhone|iPad|HarmonyOS", re.I)


def channel_of(request) -> str:
    agent = request.headers.get("User-Agent", "")
    if "MicroMessenger" in agent:
        return IN_APP
    return MOBILE_WEB if _PHONE.search(agent) else DESKTOP


class AmountError(ValueError):
    pass


def yuan_to_fen(text: str) -> int:
    """An amount a person typed in yuan ("20", "20.5", "¥20", "20元") in fen; plain words
    when it is not one."""
    text = (text or "").strip().replace("，", ".").replace("¥", "").replace("元", "").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise AmountError(
            _("Type the amount as a number of yuan, for example 20 or 20.50.")
        ) from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise AmountError(_("Yuan and jiao and fen only: at most two digits after the point."))
    return int(value * 100)


def amount_in_fen(preset: str, own: str, minimum: int) -> int:
    """The chosen tile, or the donor's own amount in yuan; refusals in plain words."""
    if (own or "").strip():
        fen = yuan_to_fen(own)
    elif preset.isdigit():
        fen = int(preset)
    else:
        raise AmountError(_("Choose an amount, or type your own."))
    if fen < minimum:
        raise AmountError(
            _("The smallest donation here is ¥%(minimum)s.") % {"minimum": f"{minimum / 100:g}"}
        )
    return fen


def give(request):
    community = request.tenant
    channel = channel_of(request)
    presets, minimum = payments.giving_rules(community)
    offered = payments.offered_methods(community)
    if channel == IN_APP and DonationMethod.WECHAT_PAY in offered and OPENID not in request.session:
        provider = offered[DonationMethod.WECHAT_PAY]
        if hasattr(provider, "payer_sign_in_url"):
            back = request.build_absolute_uri("/fund/payer/wechat/")
            return redirect(provider.payer_sign_in_url(back, state="give"))
    campaigns = list(Campaign.objects.filter(public=True))
    error = None
    chosen = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            return _start(request, community, channel, offered, campaigns, minimum)
        except AmountError as refusal:
            error = str(refusal)
        except DomainError as refusal:
            error = str(refusal.message)
    return render(
        request,
        "microfund/give.html",
        {
            "community": community,
            "campaigns": campaigns,
            "selected": chosen.get("campaign", request.GET.get("campaign", "")),
            "presets": [(p, f"{p / 100:g}") for p in presets],
            "chosen_preset": chosen.get("amount_preset", ""),
            "own": chosen.get("amount", ""),
            "minimum": f"{minimum / 100:g}",
            "methods": [m for m in DonationMethod if m.value in offered],
            "monthly": DonationMethod.CARD in offered,
            "chosen_method": chosen.get("method", ""),
            "host": None if offered else payments.offline_host(community),
            "balances": selectors.balances(),
            "error": error,
        },
    )


def _start(request, community, channel, offered, campaigns, minimum):
    amount = amount_in_fen(
        request.POST.get("amount_preset", ""), request.POST.get("amount", ""), minimum
    )
    campaign = next((c for c in campaigns if str(c.pk) == request.POST.get("campaign")), None)
    method = request.POST.get("method", "")
    provider = offered.get(method)
    if provider is None:
        raise AmountError(_("Choose how to pay."))
    common = {
        "actor": request.user,
        "community": community,
        "amount": amount,
        "method": method,
        "campaign": campaign,
        "donor_name": request.POST.get("donor_name", ""),
        "message": request.POST.get("message", ""),
        "anonymous": bool(request.POST.get("anonymous")),
        "base_url": request.build_absolute_uri("/").rstrip("/"),
    }
    if provider.name == "stripe":
        _donation, url = donations.donation_start(
            **common,
            email=request.POST.get("email", ""),
            monthly=bool(request.POST.get("monthly")),
        )
        return redirect(url)
    if channel == IN_APP and method != DonationMethod.WECHAT_PAY:
        channel = MOBILE_WEB
    donation, checkout = payments.order_start(
        **common,
        channel=channel,
        client_ip=request.META.get("REMOTE_ADDR", "127.0.0.1"),
        payer=request.session.get(OPENID, "") if channel == IN_APP else "",
    )
    if checkout.qr or checkout.in_app:
        request.session[f"fund_order_{donation.token}"] = {
            "qr": checkout.qr,
            "in_app": checkout.in_app,
        }
        return redirect(f"/fund/pay/{donation.token}/")
    return redirect(checkout.url)


def pay(request, token: str):
    """Where a desktop donor scans WeChat's QR code, or WeChat's browser opens its payment
    sheet; the page turns into the thank-you page once the payment is known."""
    order = request.session.get(f"fund_order_{token}")
    donation = Donation.objects.filter(token=token).first()
    if order is None or donation is None:
        raise Http404
    qr = (
        segno.make(order["qr"], error="m").svg_inline(scale=6, dark="#1f1a17")
        if order["qr"]
        else ""
    )
    return render(
        request,
        "microfund/pay.html",
        {"community": request.tenant, "donation": donation, "qr": qr, "in_app": order["in_app"]},
    )


def wechat_payer(request):
    """The host's 公众号 sends the donor back here with a code for their openid."""
    offered = payments.offered_methods(request.tenant)
    provider = offered.get(DonationMethod.WECHAT_PAY)
    code = request.GET.get("code", "")
    if provider is not None and code and hasattr(provider, "payer_id"):
        try:
            request.session[OPENID] = provider.payer_id(code)
        except ProviderError:
            request.session[OPENID] = ""  # pay another way; do not ask again this session
    return redirect("/fund/")
