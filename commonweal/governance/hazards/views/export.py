"""The public export of hazard reports: what the public list shows, one row per report, with
no reporter and no description (a description may name people; the page shows it, a
spreadsheet passed around should not)."""

import csv

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from commonweal.governance.hazards import selectors
from commonweal.governance.hazards.views.common import page_context


def _local(moment) -> str:
    return "" if moment is None else timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def reports_csv(request):
    page_context(request)
    reports = (
        selectors.reports_for(actor=None, roles=frozenset())
        .select_related("grid")
        .order_by("created_at", "id")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hazard-reports.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 Chinese only with a BOM
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Number"),
            _("Category"),
            _("State"),
            _("Grid"),
            _("Handled at"),
            _("Place"),
            _("Reported"),
            _("Fixed on"),
            _("“Me too” count"),
        ]
    )
    for report in reports.iterator(chunk_size=2000):
        writer.writerow(
            [
                report.pk,
                report.get_category_display(),
                report.get_state_display(),
                report.grid.name if report.grid else "",
                report.get_level_display(),
                report.place,
                _local(report.created_at),
                _local(report.fixed_at),
                report.me_too_count,
            ]
        )
    return response
