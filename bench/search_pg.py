"""PostgreSQL search backend at 100,000 documents across 500 communities, vs ILIKE '%…%'.

    python bench/search_pg.py [--documents 100000] [--communities 500] [--repeat 10]

Prints p50/p95 per query class for: the backend's page + total (what a results list needs),
the same plus the four facets, and a plain ILIKE scan (page + total) of the same table, with
the ratio ILIKE / backend-with-facets at p50 and p95. Totals are exact up to 1,000 and
"1,000+" beyond; "capped" counts the queries that hit the cap.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import _search_data as data

QUERIES = {
    "2 chars": ["食堂", "理发", "公交", "驿站", "调解"],
    "3 chars": ["公交卡", "理发店", "便利店", "充电桩", "菜市场"],
    "5 chars": ["公交卡充值", "党群服务中", "法律援助站", "家电维修站", "垃圾分类站"],
    "pinyin": ["gjk", "laonianshitang", "fengshu", "lfd", "changning"],
    # Not in the target: words found only in bodies (each in a fifth of the
    # documents), the slow path, where every match is still visited (SEARCH.md).
    "body only": ["血压", "缴费", "亲子阅读", "时间银行", "隐患排查"],
}
# The baseline scans the items' title and body kept in the row, as a table of items would
# (the search table keeps its text out of line for its own reads: migration 0005), so the
# ratio is against the fastest plain scan, not one slowed by TOAST.
ILIKE_TABLE = (
    "DROP TABLE IF EXISTS bench_items",
    "CREATE TABLE bench_items AS"
    " SELECT id, community_id, visible, version, title, body FROM search_searchdocument",
    "VACUUM ANALYZE bench_items",
)
ILIKE = """
SELECT d.id, d.title FROM bench_items d
JOIN tenants_community c ON c.id = d.community_id
WHERE d.visible AND c.status = 'active' AND (d.title ILIKE %(p)s OR d.body ILIKE %(p)s)
ORDER BY d.version DESC LIMIT 20
"""
ILIKE_COUNT = """
SELECT count(*) FROM bench_items d
JOIN tenants_community c ON c.id = d.community_id
WHERE d.visible AND c.status = 'active' AND (d.title ILIKE %(p)s OR d.body ILIKE %(p)s)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--communities", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the database in this directory and reuse its corpus on the next run",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    data.boot(keep=args.keep)
    booted = time.perf_counter() - started
    from django.db import connection
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
    from rich.table import Table

    from commonweal.search.backends import postgres
    from commonweal.search.query import build_request

    console = Console(width=150)
    key = data.corpus_key(args.documents, args.communities)
    if args.keep and data.kept_corpus(key):
        console.print(
            f"reusing the corpus kept in {args.keep} ({key}); started and migrated in "
            f"{booted:.1f} s"
        )
    else:
        communities = data.create_communities(args.communities)
        with Progress(
            BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
        ) as bar:
            task = bar.add_task("documents", total=args.documents)
            seconds = data.insert_documents(
                communities, args.documents, report=lambda n: bar.advance(task, n)
            )
        console.print(
            f"{args.documents} documents across {args.communities} communities inserted in "
            f"{seconds:.1f} s ({args.documents / seconds:.0f}/s, terms computed in Python)"
        )
        if args.keep:
            data.remember_corpus(key)

    with connection.cursor() as cursor:
        # Measure the table a deployment's autovacuum would leave: a migration may have
        # rewritten every row (0005), and rows just inserted have neither hint bits nor a
        # visibility map yet (the first queries after a fresh build set them: a 650 ms p95).
        cursor.execute("VACUUM ANALYZE search_searchdocument")
        for statement in ILIKE_TABLE:
            cursor.execute(statement)

    def timed(fn) -> float:
        start = time.perf_counter()
        fn()
        return (time.perf_counter() - start) * 1000

    def ilike(q):
        with connection.cursor() as cursor:
            cursor.execute(ILIKE, {"p": f"%{q}%"})
            cursor.fetchall()
            cursor.execute(ILIKE_COUNT, {"p": f"%{q}%"})
            return cursor.fetchone()[0]

    table = Table(title=f"search latency, ms ({args.documents} docs, {args.repeat} rounds)")
    console.print(f"load average before: {os.getloadavg()}")
    for column in (
        "query class",
        "hits (avg)",
        "backend p50",
        "backend p95",
        "+facets p50",
        "+facets p95",
        "ILIKE p50",
        "ILIKE p95",
        "ILIKE hits",
        "ILIKE / +facets p50",
        "ILIKE / +facets p95",
    ):
        table.add_column(column, justify="right")
    for name, queries in QUERIES.items():
        plain, full, scan, hits, scan_hits, capped = [], [], [], [], [], 0
        for q in queries:  # warm caches once
            postgres.search(build_request(query=q), with_facets=True)
            ilike(q)
        for _round in range(args.repeat):
            for q in queries:
                request = build_request(query=q)
                plain.append(timed(lambda r=request: postgres.search(r, with_facets=False)))
                full.append(timed(lambda r=request: postgres.search(r, with_facets=True)))
                scan.append(timed(lambda q=q: ilike(q)))
        for q in queries:
            results = postgres.search(build_request(query=q), with_facets=False)
            hits.append(results.total)
            capped += results.total_capped
            scan_hits.append(ilike(q))
        p50, p95 = statistics.median(full), data.percentile(full, 0.95)
        table.add_row(
            name,
            f"{statistics.mean(hits):.0f}" + (f" ({capped} capped)" if capped else ""),
            f"{statistics.median(plain):.1f}",
            f"{data.percentile(plain, 0.95):.1f}",
            f"{statistics.median(full):.1f}",
            f"{data.percentile(full, 0.95):.1f}",
            f"{statistics.median(scan):.1f}",
            f"{data.percentile(scan, 0.95):.1f}",
            f"{statistics.mean(scan_hits):.0f}",
            f"{statistics.median(scan) / p50:.1f}×",
            f"{data.percentile(scan, 0.95) / p95:.1f}×",
        )
    console.print(table)
    console.print(f"load average after: {os.getloadavg()}")
    console.print(
        "backend = page of 20 ranked hits + total; +facets adds community/district/kind/category "
        "counts; ILIKE = page of 20 + count over title/body, no ranking and no pinyin."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
