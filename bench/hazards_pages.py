"""The statistics page, its heat map and the escalation job's selection at 100,000 reports
(called by bench/hazards.py once its reports exist), each beside a baseline in the same run:

- `/hazards/stats/` (anonymous, whole middleware) against the same figures computed in Python
  from every report's row (what a page without SQL aggregates would do);
- `/hazards/heat.json` (≤ 32 × 32 cells counted by PostgreSQL) against shipping every open
  report's point as JSON (what a client-side heat map would need);
- the escalation job's choice of reports: `due_reports` (partial index on `next_due_at`)
  against the ids of every open report (the job before).
"""

import datetime as dt
import json
import random
import statistics as pystats

import _common as c


def _prepare(community, rng, share_fixed=0.3, share_due=0.01):
    """Route the reports, fix some, record a first response on half, make 1 % due."""
    from django.db import connection
    from django.utils import timezone

    from commonweal.governance.hazards.models import HazardReport, ReportTransition
    from commonweal.governance.hazards.routing import grid_ids_at

    now = timezone.now()
    with c.step("routing, fixing and backdating the reports…"):
        rows = list(HazardReport.objects.values_list("pk", "lat", "lng").order_by("pk"))
        grid_of = {}
        for start in range(0, len(rows), 10_000):
            chunk = rows[start : start + 10_000]
            for (pk, _lat, _lng), grid in zip(
                chunk, grid_ids_at([(r[1], r[2]) for r in chunk]), strict=True
            ):
                grid_of[pk] = grid
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE hazards_hazardreport SET grid_id = g.grid,"
                " created_at = %s - (random() * interval '365 days'), next_due_at = NULL"
                " FROM unnest(%s::int[], %s::int[]) AS g(pk, grid) WHERE id = g.pk",
                [now, list(grid_of), [grid_of[pk] or None for pk in grid_of]],
            )
            cursor.execute(
                "UPDATE hazards_hazardreport SET state = 'fixed',"
                " fixed_at = created_at + (random() * interval '72 hours') WHERE random() < %s",
                [share_fixed],
            )
            cursor.execute(
                "UPDATE hazards_hazardreport SET next_due_at = %s - interval '1 minute'"
                " WHERE state = 'submitted' AND random() < %s",
                [now, share_due],
            )
            cursor.execute(
                "UPDATE hazards_hazardreport SET next_due_at = %s + interval '1 day'"
                " WHERE state = 'submitted' AND next_due_at IS NULL",
                [now],
            )
        ReportTransition.objects.bulk_create(
            (
                ReportTransition(report_id=pk, from_status="", to_status="submitted", at=at)
                for pk, at in HazardReport.objects.values_list("pk", "created_at")
            ),
            batch_size=5_000,
        )
        ReportTransition.objects.bulk_create(
            (
                ReportTransition(
                    report_id=pk,
                    from_status="submitted",
                    to_status="confirmed",
                    at=at + dt.timedelta(hours=rng.uniform(0.5, 30)),
                )
                for pk, at in HazardReport.objects.filter(
                    pk__in=[p for p in grid_of if p % 2]
                ).values_list("pk", "created_at")
            ),
            batch_size=5_000,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE hazards_hazardreport")
            cursor.execute("ANALYZE hazards_reporttransition")


def _python_figures():
    """The baseline: every report's row into Python, the same figures computed there."""
    from django.utils import timezone

    from commonweal.governance.hazards.models import OPEN_STATES, HazardReport, ReportTransition

    rows = list(
        HazardReport.objects.values_list(
            "pk", "category", "state", "grid__name", "created_at", "fixed_at", "warning", "level"
        )
    )
    first = {}
    for report_id, at in ReportTransition.objects.exclude(from_status="").values_list(
        "report_id", "at"
    ):
        first[report_id] = min(at, first.get(report_id, at))
    months, categories, grids, states = {}, {}, {}, {}
    tz = timezone.get_current_timezone()
    for _pk, category, state, grid, created, _fixed, _warning, _level in rows:
        key = created.astimezone(tz).strftime("%Y-%m")
        months[key] = months.get(key, 0) + 1
        categories[category] = categories.get(category, 0) + 1
        if grid:
            grids[grid] = grids.get(grid, 0) + 1
        states[state] = states.get(state, 0) + 1
    created_at = {r[0]: r[4] for r in rows}
    respond = [(first[pk] - created_at[pk]).total_seconds() for pk in first if pk in created_at]
    fix = [(r[5] - r[4]).total_seconds() for r in rows if r[5]]
    red = sum(1 for r in rows if r[2] in OPEN_STATES and r[6] == 2)
    return (
        len(rows),
        pystats.median(respond) if respond else None,
        pystats.median(fix) if fix else None,
        len(months),
        len(categories),
        len(grids),
        red,
    )


def _points_json():
    from commonweal.governance.hazards.models import OPEN_STATES, HazardReport

    return json.dumps(
        list(HazardReport.objects.filter(state__in=OPEN_STATES).values_list("lat", "lng"))
    )


def run(community, iterations: int = 10) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from commonweal.governance.hazards.models import OPEN_STATES, HazardReport
    from commonweal.governance.hazards.services.escalation import due_reports

    rng = random.Random(7)
    _prepare(community, rng)
    host = f"{community.slug}.{settings.BASE_DOMAIN}"
    client = Client()
    total = HazardReport.objects.count()

    def page(path):
        connection.queries_log.clear()  # a full log (9,000) would hide this request's statements
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_HOST=host)
        connection.set_tenant(community)
        assert response.status_code == 200, (path, response.status_code)
        return response, len([q for q in queries if not q["sql"].startswith("SET")])

    measures = {
        "stats page /hazards/stats/": lambda: page("/hazards/stats/"),
        "baseline: the same figures in Python from every row": lambda: (_python_figures(), 0),
        "heat map /hazards/heat.json (≤ 1,024 cells)": lambda: page("/hazards/heat.json"),
        "baseline: every open report's point as JSON": lambda: (_points_json(), 1),
        "job: due reports (next_due_at, partial index)": lambda: (
            list(due_reports(timezone.now()).values_list("pk", flat=True)),
            1,
        ),
        "baseline: every open report's id (the job before)": lambda: (
            list(
                HazardReport.objects.filter(state__in=OPEN_STATES)
                .order_by("pk")
                .values_list("pk", flat=True)
            ),
            1,
        ),
    }
    times = {name: [] for name in measures}
    sizes, counts, statements = {}, {}, {}
    for name, fn in measures.items():  # warm up, and record sizes once
        result, statements[name] = fn()
        if hasattr(result, "content"):
            sizes[name] = len(result.content)
        elif isinstance(result, str):
            sizes[name] = len(result.encode())
        elif isinstance(result, list):
            counts[name] = len(result)
    for _ in range(iterations):
        for name, fn in measures.items():
            connection.set_tenant(community)
            times[name].append(c.timed(fn)[0])
    rows = []
    for name in measures:
        if name in sizes:
            size = f"{sizes[name] / 1024:,.1f} KB"
        else:
            size = f"{counts[name]:,} rows" if name in counts else "figures"
        rows.append(
            [
                name,
                f"{c.median(times[name]) * 1000:,.1f} ms",
                f"{c.percentile(times[name], 95) * 1000:,.1f} ms",
                size,
                str(statements[name]),
            ]
        )
    c.console.print(
        c.table(
            f"statistics page, heat map and escalation selection"
            f" ({total:,} reports, {iterations} rounds)",
            ["variant", "p50", "p95", "answer", "SQL"],
            rows,
        )
    )
