"""What partners put into the web shell (see commonweal.web.registry)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.partners.registry.models import OrganisationKind
from commonweal.web.registry import (
    Notice,
    home_notices,
    home_tile,
    search_categories,
    search_kind,
    workbench_queue,
)

home_tile("partners", _("Partners"), "/partners/", glyph="伙", colour="#d9480f", order=20)
search_kind("partner", _("Partner"))
search_kind("partner_call", _("Call for partners"))
search_categories(OrganisationKind)
search_categories([("partner_call", _("Call for partners"))])


def _applications(request) -> int:
    from commonweal.partners.models import Partnership, PartnershipStatus

    return Partnership.objects.filter(
        status__in=[PartnershipStatus.APPLIED, PartnershipStatus.UNDER_REVIEW]
    ).count()


def _overdue(request) -> int:
    from django.db.models import F

    from commonweal.partners.models import PartnershipStatus, ResourceCommitment

    return ResourceCommitment.objects.filter(
        partnership__status=PartnershipStatus.ACTIVE,
        due_on__lt=timezone.localdate(),
        delivered_quantity__lt=F("quantity"),
    ).count()


workbench_queue(
    "partner-applications",
    _("Partner applications to review"),
    "/admin/partners/partnership/?status__in=applied,under_review",
    count=_applications,
    order=10,
)
workbench_queue(
    "overdue-commitments",
    _("Overdue commitments"),
    "/partners/dashboard/#overdue",
    count=_overdue,
    order=20,
)


@home_notices
def open_calls(request) -> list[Notice]:
    from commonweal.partners.selectors import open_calls as calls

    return [
        Notice(
            title=call.title,
            url=f"/partners/#call-{call.pk}",
            when=call.published_at,
            label=_("Call for partners, apply by %(date)s")
            % {"date": call.deadline.strftime("%Y-%m-%d")},
        )
        for call in calls().order_by("-published_at")[:3]
    ]
