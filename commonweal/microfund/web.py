"""What the micro-fund puts into the web shell (see commonweal.web.registry)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from commonweal.web.registry import (
    Notice,
    home_notices,
    home_tile,
    is_office,
    me_link,
    search_kind,
    workbench_queue,
)

home_tile(
    "microfund",
    pgettext_lazy("home tile", "Micro-fund"),
    "/fund/",
    glyph="金",
    colour="#c2255c",
    order=30,
)


def _payments_to_check(request) -> int:
    """Everything the office page lists under this heading, the payment service's events too."""
    from commonweal.microfund.hosts.selectors import payment_issue_count
    from commonweal.microfund.selectors import webhook_events_to_check

    return payment_issue_count(request.tenant, also=webhook_events_to_check())


workbench_queue(
    "fund-payments-to-check",
    _("Payments to check with the fiscal host"),
    "/fund/office/#to-check",
    count=_payments_to_check,
    order=40,
)
search_kind("campaign", _("Fundraising project"))
search_kind("grant", _("Micro-grant"))
me_link("fund-mine", _("My donations"), "/fund/mine/", order=20, signed_in=True)
me_link(
    "fund-office",
    _("Donations and refunds"),
    "/fund/office/",
    order=22,
    signed_in=True,
    allow=is_office,
)
me_link("fund-accounts", _("Public accounts of the micro-fund"), "/fund/accounts/", order=21)


@home_notices
def campaigns(request) -> list[Notice]:
    from commonweal.microfund.models import Campaign

    return [
        Notice(
            title=c.title,
            url=f"/fund/?campaign={c.pk}",
            when=c.created_at,
            label=_("Fundraising project"),
        )
        for c in Campaign.objects.filter(public=True).order_by("-created_at")[:3]
    ]
