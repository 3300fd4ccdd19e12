"""A public report's search document: category, place and state — never the description
(residents write names and door numbers into it) and never the reporter. Reports closed as
duplicates or not a hazard have none. Written in the caller's transaction, like the change."""

from django.utils import translation

from commonweal.governance.hazards.models import HazardReport
from commonweal.governance.hazards.selectors import HIDDEN_STATES
from commonweal.search.documents import DocumentKind, index_document, remove_document


def sync_search(community, report: HazardReport) -> None:
    if report.state in HIDDEN_STATES:
        remove_document(community=community, kind=DocumentKind.HAZARD_REPORT, key=report.pk)
        return
    with translation.override("zh-hans"):
        category = str(report.get_category_display())
        state = str(report.get_state_display())
    index_document(
        community=community,
        kind=DocumentKind.HAZARD_REPORT,
        key=report.pk,
        title=f"{category} · {report.place}" if report.place else category,
        body=" ".join([report.place, state, report.grid.name if report.grid_id else ""]),
        category=report.category,
        category_name=category,
        tags=[state],
        lat=report.lat,
        lng=report.lng,
        url=report.path,
    )
