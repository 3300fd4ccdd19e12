"""What partners put into the web shell (see commonweal.web.registry)."""

from django.utils.translation import gettext_lazy as _

from commonweal.partners.registry.models import OrganisationKind
from commonweal.web.registry import (
    PLATFORM,
    Notice,
    home_notices,
    home_tile,
    is_office,
    me_link,
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
    from commonweal.partners.pages.office import queue_counts

    return queue_counts()["review"]


def _overdue(request) -> int:
    from commonweal.partners.selectors import overdue_commitments

    return overdue_commitments().count()


def _represents(request) -> bool:
    from commonweal.partners.registry.selectors import organisations_represented_by

    return organisations_represented_by(request.user).exists()


workbench_queue(
    "partner-applications",
    _("Partner applications to review"),
    "/workbench/partners/",
    count=_applications,
    order=10,
)
workbench_queue(
    "overdue-commitments",
    _("Overdue commitments"),
    "/workbench/partners/overdue/",
    count=_overdue,
    order=20,
)
# 我的 → 工作台 for the office; 我的合伙 for representatives (on the platform host, where it
# spans communities; the community host's entry forwards there).
me_link("workbench", _("Workbench"), "/workbench/", order=1, signed_in=True, allow=is_office)
me_link(
    "partners-mine",
    _("My partnerships"),
    "/partners/mine/",
    order=30,
    signed_in=True,
    allow=_represents,
)
me_link(
    "partners-mine-platform",
    _("My partnerships"),
    "/my/partners/",
    order=30,
    host=PLATFORM,
    signed_in=True,
    allow=_represents,
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
