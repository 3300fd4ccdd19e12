"""Hazard reports: routing 100,000 points against 500 grid polygons, filing reports, and the
duplicate check, each beside a baseline in the same run.

    python bench/hazards.py [--grids 500] [--points 100000] [--reports 100000] [--iterations 10]

Grids tile the community as irregular 16-corner outlines (every tenth with a hole, every fifth
with a micro-grid inside). Routing variants, all giving the grid of each point:
- PostgreSQL, one statement per 10,000 points (`routing.grid_ids_at`: bbox GiST prefilter,
  then `polygon @> point`, holes excluded, micro-grid first);
- the same statement without the bbox prefilter (every polygon tested): the baseline;
- pure Python even-odd over the same rings in memory, with a bbox check (on a 10,000 sample);
- PostgreSQL one point per query (`grid_id_at`, 2,000 points): what filing a report pays.
The answers of the batch and of Python are compared point by point. Filing: `report_file`
through the service (route + insert + transition + notification), reports/s. Duplicates:
`similar_open_reports` (same category within 250 m) with `--reports` open reports, p50/p95
against a plain `earth_distance` scan of the same rows (no earth_box, no index). Then, on those
reports (routed, 30 % fixed, half with a first response, 1 % due for escalation): the
statistics page, the heat map's data and the escalation job's selection (`hazards_pages.py`).
"""

import math
import random
import sys

import _common as c

ROUTE_PLAIN = """
    SELECT p.n, (
      SELECT g.id FROM hazards_grid g
      WHERE g.boundary @> point(p.x, p.y)
        AND NOT EXISTS (SELECT 1 FROM hazards_gridhole h
                        WHERE h.grid_id = g.id AND h.ring @> point(p.x, p.y))
      ORDER BY (g.parent_id IS NOT NULL) DESC, g.id LIMIT 1)
    FROM unnest(%s::float8[], %s::float8[]) WITH ORDINALITY AS p(y, x, n) ORDER BY p.n
"""
SCAN = """
    SELECT id FROM hazards_hazardreport
    WHERE category = %s AND state IN ('submitted', 'confirmed', 'in_progress', 'referred')
      AND public.earth_distance(public.ll_to_earth(%s, %s), public.ll_to_earth(lat, lng)) <= 250
"""
SOUTH, WEST = 30.55, 104.05
CELL = 0.004  # degrees: about 445 m × 385 m


def outline(rng, row, col, corners=16):
    """An irregular star-convex ring inside cell (row, col), (lat, lng)."""
    clat, clng = SOUTH + (row + 0.5) * CELL, WEST + (col + 0.5) * CELL
    ring = []
    for k in range(corners):
        angle = 2 * math.pi * k / corners
        radius = CELL * 0.5 * rng.uniform(0.8, 0.99)
        ring.append((clat + radius * math.sin(angle), clng + radius * math.cos(angle)))
    return ring


def scaled(ring, factor):
    clat = sum(p[0] for p in ring) / len(ring)
    clng = sum(p[1] for p in ring) / len(ring)
    return [(clat + (a - clat) * factor, clng + (b - clng) * factor) for a, b in ring]


def main(argv=None) -> int:
    p = c.parser(__doc__.splitlines()[0], communities=None)
    p.add_argument("--grids", type=int, default=500)
    p.add_argument("--points", type=int, default=100_000)
    p.add_argument("--reports", type=int, default=100_000)
    p.add_argument("--iterations", type=int, default=10)
    args = p.parse_args(argv)
    c.boot(freeze=args.freeze_code)

    from django.db import connection, transaction
    from django.utils import timezone

    from commonweal.governance.hazards.geometry import SCALE, contains
    from commonweal.governance.hazards.models import Grid, HazardReport
    from commonweal.governance.hazards.routing import grid_id_at, grid_ids_at
    from commonweal.governance.hazards.services import grids as grid_services
    from commonweal.governance.hazards.services import reports as report_services
    from commonweal.platform.kernel.roles import Role
    from commonweal.tenants.services import community_create
    from tests.fixtures import make_member

    c.describe_environment()
    c.prepare()
    community = community_create(**c.community_fields("bench-hazards"))
    resident = make_member(community, Role.RESIDENT, name="居民")
    rng = random.Random(18)
    side = math.ceil(math.sqrt(args.grids))
    connection.set_tenant(community)
    shapes = []  # (grid id, parent id, outline, holes) for the Python baseline
    with c.step(f"drawing {args.grids} grids (holes, micro-grids)…"), transaction.atomic():
        made = 0
        for n in range(args.grids):
            row, col = divmod(n, side)
            ring = outline(rng, row, col)
            holes = [scaled(ring, 0.2)] if n % 10 == 0 else []
            grid = grid_services.grid_draw(
                actor=None, name=f"网格{n}", rings=[ring, *holes], households=80
            )
            shapes.append((grid.pk, None, ring, holes))
            made += 1
            if n % 5 == 0 and made < args.grids:
                micro = scaled(ring, 0.4)
                micro = [(a + CELL * 0.15, b) for a, b in micro]
                child = grid_services.grid_draw(
                    actor=None, name=f"微网格{n}", rings=[micro], parent=grid
                )
                shapes.append((child.pk, grid.pk, micro, []))
                made += 1
            if made >= args.grids:
                break
    rows = math.ceil(len([s for s in shapes if s[1] is None]) / side)
    points = [
        (SOUTH + rng.uniform(0, rows * CELL), WEST + rng.uniform(0, side * CELL))
        for _ in range(args.points)
    ]
    polygons = Grid.objects.count()

    def batch(sql=None):
        found = []
        for start in range(0, len(points), 10_000):
            chunk = points[start : start + 10_000]
            if sql is None:
                found += grid_ids_at(chunk)
            else:
                with connection.cursor() as cursor:
                    cursor.execute(
                        sql, [[p[0] * SCALE for p in chunk], [p[1] * SCALE for p in chunk]]
                    )
                    found += [r[1] for r in cursor.fetchall()]
        return found

    boxes = [
        (pk, parent, ring, holes, min(a for a, _ in ring), max(a for a, _ in ring),
         min(b for _, b in ring), max(b for _, b in ring))
        for pk, parent, ring, holes in shapes
    ]  # fmt: skip

    def python_route(lat, lng):
        hits = [
            (parent is not None, -pk, pk)
            for pk, parent, ring, holes, s, n, w, e in boxes
            if s <= lat <= n and w <= lng <= e and contains(ring, lat, lng)
            and not any(contains(h, lat, lng) for h in holes)
        ]  # fmt: skip
        return max(hits)[2] if hits else None

    sample = points[:10_000]
    single = points[:2_000]
    seconds_batch, routed = c.timed(batch)
    seconds_plain, routed_plain = c.timed(lambda: batch(ROUTE_PLAIN))
    seconds_python, by_python = c.timed(lambda: [python_route(*pt) for pt in sample])
    seconds_single, _ = c.timed(lambda: [grid_id_at(*pt) for pt in single])
    disagree = sum(a != b for a, b in zip(routed[: len(sample)], by_python, strict=True))
    rate = {
        "batch": len(points) / seconds_batch,
        "plain": len(points) / seconds_plain,
        "python": len(sample) / seconds_python,
        "single": len(single) / seconds_single,
    }
    c.console.print(
        c.table(
            f"routing {len(points):,} points against {polygons} polygons "
            f"({sum(r is not None for r in routed):,} inside a grid)",
            ["variant", "points/s", "vs baseline (no bbox)"],
            [
                [
                    "PostgreSQL batch, bbox GiST + polygon @> point",
                    f"{rate['batch']:,.0f}",
                    f"{rate['batch'] / rate['plain']:.1f}×",
                ],
                [
                    "PostgreSQL batch, polygon @> point only (baseline)",
                    f"{rate['plain']:,.0f}",
                    "1.0×",
                ],
                [
                    "Python even-odd in memory, bbox check (10,000)",
                    f"{rate['python']:,.0f}",
                    f"{rate['python'] / rate['plain']:.1f}×",
                ],
                [
                    "PostgreSQL one query per point (2,000)",
                    f"{rate['single']:,.0f}",
                    f"{rate['single'] / rate['plain']:.1f}×",
                ],
            ],
        )
    )
    c.console.print(
        f"batch = baseline on all points: {routed == routed_plain}; "
        f"batch ≠ Python on {disagree} of {len(sample):,} points"
        " (they may differ only on edges, which PostgreSQL counts in)"
    )

    filing = 1_000
    filed_points = points[:filing]

    def file_all():
        for lat, lng in filed_points:
            with transaction.atomic():
                report_services.report_file(
                    actor=resident,
                    community=community,
                    category="road",
                    description="路面破损",
                    lat=lat,
                    lng=lng,
                )

    seconds_filing, _ = c.timed(file_all)
    with c.step(f"adding {args.reports:,} open reports…"):
        now = timezone.now()
        categories = ["road", "facility", "gas", "fire_exit", "ebike_indoors"]
        HazardReport.objects.bulk_create(
            [
                HazardReport(
                    category=rng.choice(categories),
                    description="隐患",
                    lat=lat,
                    lng=lng,
                    state="submitted",
                    state_changed_at=now,
                    level_since=now,
                    created_at=now,
                )
                for lat, lng in (
                    (SOUTH + rng.uniform(0, rows * CELL), WEST + rng.uniform(0, side * CELL))
                    for _ in range(args.reports)
                )
            ],
            batch_size=5_000,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE hazards_hazardreport")
    probes = [(rng.choice(categories), *rng.choice(points)) for _ in range(300)]
    indexed, scanned = [], []

    def similar(probe):
        category, lat, lng = probe
        return list(report_services.similar_open_reports(category=category, lat=lat, lng=lng))

    def scan(probe):
        with connection.cursor() as cursor:
            cursor.execute(SCAN, list(probe))
            return cursor.fetchall()

    for probe in probes:
        indexed.append(c.timed(lambda probe=probe: similar(probe))[0])
    for probe in probes[:50]:
        scanned.append(c.timed(lambda probe=probe: scan(probe))[0])
    same = all(
        sorted(r.pk for r in similar(probe)) == sorted(r[0] for r in scan(probe))
        for probe in probes[:50]
    )
    c.console.print(
        c.table(
            f"filing and the duplicate check ({args.reports:,} open reports)",
            ["variant", "p50", "p95", "vs baseline"],
            [
                [
                    "report_file (route + insert + log + notify)",
                    f"{seconds_filing / filing * 1000:.2f} ms",
                    f"{filing / seconds_filing:,.0f} reports/s",
                    "",
                ],
                [
                    "similar_open_reports (earth_box GiST)",
                    f"{c.median(indexed) * 1000:.2f} ms",
                    f"{c.percentile(indexed, 95) * 1000:.2f} ms",
                    f"{c.median(indexed) / c.median(scanned):.3f}×",
                ],
                [
                    "earth_distance scan (baseline, 50 probes)",
                    f"{c.median(scanned) * 1000:.2f} ms",
                    f"{c.percentile(scanned, 95) * 1000:.2f} ms",
                    "1.000×",
                ],
            ],
        )
    )
    c.console.print(f"indexed duplicate check = scan on 50 probes: {same}")
    import hazards_pages

    hazards_pages.run(community, iterations=args.iterations)
    connection.set_schema_to_public()
    return 0 if routed == routed_plain and same else 1


if __name__ == "__main__":
    sys.exit(main())
