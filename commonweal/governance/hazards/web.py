"""What hazard reports put into the web shell (see commonweal.web.registry)."""

from django.utils.translation import gettext_lazy as _

from commonweal.web.registry import home_tile, me_link, search_kind, workbench_queue

search_kind("hazard_report", _("Hazard report"))
home_tile(
    "hazards", _("Report a hazard (随手报)"), "/hazards/", glyph="险", colour="#c92a2a", order=50
)


def _to_confirm(request) -> int:
    from commonweal.governance.hazards.models import HazardReport, ReportState

    return HazardReport.objects.filter(state=ReportState.SUBMITTED).count()


workbench_queue(
    "hazards-to-confirm",
    _("Hazard reports to confirm"),
    "/hazards/?view=queue",
    count=_to_confirm,
    order=32,
)

me_link("hazards-mine", _("My hazard reports"), "/hazards/?view=mine", signed_in=True)
