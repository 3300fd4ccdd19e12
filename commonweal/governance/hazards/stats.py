"""The public statistics of hazard reports (staff and residents read the same page).

Per month: reports received and fixed (the chart); by category and by grid; the response rate
(reports someone acted on, of all) and the resolution rate (fixed, of reports that were
hazards: duplicates and "not a hazard" left out); the median hours to the first response and
to the fix; open reports on a red warning, by level. Medians are PostgreSQL's
`percentile_cont`, so the page costs a handful of statements whatever the number of reports.
Grids come a page at a time (`GRIDS_PER_PAGE`), the busiest first: a community may have 500.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from commonweal.governance.hazards.models import (
    OPEN_STATES,
    HazardCategory,
    HazardReport,
    Level,
    ReportState,
    WarningLevel,
)

NOT_HAZARDS = (ReportState.DUPLICATE, ReportState.NOT_A_HAZARD)
GRIDS_PER_PAGE = 20
MOST_GRIDS_AT_ONCE = 100


@dataclass(frozen=True)
class Month:
    month: dt.date
    received: int
    resolved: int  # fixed that month (named as the needs board's chart reads it)


@dataclass(frozen=True)
class Figures:
    months: list[Month]
    by_category: list[tuple[str, int]]
    by_grid: list[tuple[str, int]]  # one page of them
    grids_counted: int  # grids with any report: what the pages of `by_grid` run through
    total: int
    response_rate: float | None
    resolution_rate: float | None
    median_hours_to_respond: float | None
    median_hours_to_fix: float | None
    red_by_level: list[tuple[str, int]]


_MEDIANS = """
    SELECT
      (SELECT percentile_cont(0.5)
              WITHIN GROUP (ORDER BY extract(epoch FROM t.first - r.created_at))
       FROM hazards_hazardreport r
       JOIN (SELECT report_id, min(at) AS first FROM hazards_reporttransition
             WHERE from_status <> '' GROUP BY report_id) t ON t.report_id = r.id),
      (SELECT count(DISTINCT report_id) FROM hazards_reporttransition WHERE from_status <> ''),
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM fixed_at - created_at))
       FROM hazards_hazardreport WHERE fixed_at IS NOT NULL)
"""


def _month_counts(field: str, since) -> dict[dt.date, int]:
    tz = timezone.get_current_timezone()
    rows = (
        HazardReport.objects.filter(**{f"{field}__gte": since})
        .annotate(m=TruncMonth(field, tzinfo=tz))
        .values("m")
        .annotate(n=Count("pk"))
    )
    return {row["m"].date(): row["n"] for row in rows}


def grid_counts(*, offset: int = 0, limit: int = GRIDS_PER_PAGE) -> list[tuple[str, int]]:
    """Reports per grid, busiest first, `limit` grids from `offset` (both kept in range)."""
    offset = min(max(offset, 0), 10**6)
    limit = min(max(limit, 0), MOST_GRIDS_AT_ONCE)
    return list(
        HazardReport.objects.filter(grid__isnull=False)
        .values("grid_id", "grid__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "grid__name", "grid_id")
        .values_list("grid__name", "n")[offset : offset + limit]
    )


def grids_counted() -> int:
    return HazardReport.objects.filter(grid__isnull=False).values("grid_id").distinct().count()


def figures(months: int = 12, *, grid_page: int = 1) -> Figures:
    """The figures, with page `grid_page` (from 1) of the grids."""
    today = timezone.localdate()
    first = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    since = timezone.make_aware(dt.datetime.combine(first, dt.time(0)))
    received, fixed = _month_counts("created_at", since), _month_counts("fixed_at", since)
    calendar, cursor = [], first
    while cursor <= today:
        calendar.append(Month(cursor, received.get(cursor, 0), fixed.get(cursor, 0)))
        cursor = (cursor + dt.timedelta(days=32)).replace(day=1)
    states = dict(
        HazardReport.objects.values("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    total = sum(states.values())
    hazards = total - sum(states.get(s, 0) for s in NOT_HAZARDS)
    with connection.cursor() as cursor_:
        cursor_.execute(_MEDIANS)
        respond_s, responded, fix_s = cursor_.fetchone()
    labels = {value: str(label) for value, label in HazardCategory.choices}
    return Figures(
        months=calendar,
        by_category=[
            (labels.get(c, c), n)
            for c, n in HazardReport.objects.values("category")
            .annotate(n=Count("pk"))
            .order_by("-n", "category")
            .values_list("category", "n")
        ],
        by_grid=grid_counts(offset=(max(grid_page, 1) - 1) * GRIDS_PER_PAGE),
        grids_counted=grids_counted(),
        total=total,
        response_rate=responded / total if total else None,
        resolution_rate=states.get(ReportState.FIXED, 0) / hazards if hazards else None,
        median_hours_to_respond=None if respond_s is None else round(respond_s / 3600, 1),
        median_hours_to_fix=None if fix_s is None else round(fix_s / 3600, 1),
        red_by_level=[
            (str(Level(level).label), n)
            for level, n in HazardReport.objects.filter(
                state__in=OPEN_STATES, warning=WarningLevel.RED
            )
            .values("level")
            .annotate(n=Count("pk"))
            .order_by("level")
            .values_list("level", "n")
        ],
    )
