"""The five busiest web pages — community home, search results, partner directory, map, fund —
with 1,000 partners and 10,000 service points: time to first byte, transferred bytes, SQL
statements, and whether the statements stay constant as rows grow.

    python bench/web_pages.py [--iterations 15] [--code DIR]

Pages are asked through django.test.Client on `<slug>.localhost` (the whole middleware stack,
DEBUG off), anonymous. "TTFB" is the time until the response object exists (the server's
share of the first byte; no network). "Bytes" is the HTML plus every same-site stylesheet and
script it references (fetched through the same client), uncompressed, without map tiles.
Statements are counted at a small size (100 partners, 1,000 points) and at the full size.

`--code DIR` imports `commonweal` from DIR instead of this tree: point it at an export of main
before the shell (`git archive <commit> commonweal | tar -x -C DIR`) to measure today's pages in
the same way; a page that does not exist there is reported as such (today's search is GraphQL
only, so its row measures `POST /graphql/ { search(...) }` instead).
"""

import gzip
import json
import random
import re
import sys
import time

import _common as c

SMALL = (100, 1_000)
FULL = (1_000, 10_000)
PAGES = [
    ("community home", "/"),
    ("search results", "/search/?q=服务"),
    ("search (pinyin initials)", "/search/?q=fwd"),
    ("partner directory", "/partners/"),
    ("map", "/map/"),
    ("map markers, first view", "/map/points.json"),
    ("fund", "/fund/"),
    ("fund accounts", "/fund/accounts/"),
]
GRAPHQL_SEARCH = (
    '{ search(query: "服务", first: 10) { totalCount hits { title snippet url }'
    " facets { kind { value count } } } }"
)
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="(/static/[^"]+)"')


def _fill(community, partners: int, points: int, start: int) -> None:
    """Grow `community` to `partners` partners and `points` extra points, with their search
    documents (bulk: the services' per-row path would take longer than the measurement)."""
    from django.db import connection

    from commonweal.search.documents import _next_version, terms_of
    from commonweal.search.models import SearchDocument
    from commonweal.welfaremap.models import ServicePoint
    from tests.partners.fixtures import bulk_partners

    sys.path.insert(0, str(c.ROOT / "bench"))
    import map_common

    have = start
    bulk_partners(community, partners - have[0], offset=have[0])
    connection.set_tenant(community)
    map_common.fill_points(points - have[1], random.Random(points))
    rows = list(ServicePoint.objects.values_list("pk", "name", "category", "lat", "lng"))
    connection.set_schema_to_public()
    version = _next_version()
    SearchDocument.objects.bulk_create(
        (
            SearchDocument(
                community=community,
                kind="service_point",
                key=str(pk),
                title=f"社区服务点{name}",
                body="便民服务 维修 助餐",
                category=category,
                lat=lat,
                lng=lng,
                url=f"/map/#point-{pk}",
                version=version,
                **terms_of(f"社区服务点{name}", "便民服务 维修 助餐"),
            )
            for pk, name, category, lat, lng in rows
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")


def _fetch(client, host, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        if path.startswith("/search/") and _no_search_page(client, host):
            response = client.post(
                "/graphql/",
                json.dumps({"query": GRAPHQL_SEARCH}),
                content_type="application/json",
                HTTP_HOST=host,
            )
        else:
            response = client.get(path, HTTP_HOST=host)
        elapsed = time.perf_counter() - start
    connection.set_schema_to_public()
    statements = sum(1 for q in queries.captured_queries if not q["sql"].startswith("SET "))
    return response, elapsed, statements


_SEARCH_PAGE: dict[str, bool] = {}


def _no_search_page(client, host) -> bool:
    if host not in _SEARCH_PAGE:
        _SEARCH_PAGE[host] = client.get("/search/", HTTP_HOST=host).status_code == 404
    return _SEARCH_PAGE[host]


def _bytes(client, host, response) -> tuple[int, int]:
    """(uncompressed, gzipped) bytes of the page and of every same-site asset it references:
    what a first visit transfers with and without compression (production serves gzip copies
    of static files made at collectstatic, and pages through GZipMiddleware)."""
    bodies = [response.content]
    if response.get("Content-Type", "").startswith("text/html"):
        for asset in dict.fromkeys(ASSET.findall(response.content.decode())):
            served = client.get(asset, HTTP_HOST=host)
            streamed = served.streaming
            bodies.append(b"".join(served.streaming_content) if streamed else served.content)
    return sum(map(len, bodies)), sum(len(gzip.compress(body)) for body in bodies)


def main(argv=None) -> int:
    p = c.parser(__doc__.splitlines()[0], communities=None)
    p.add_argument("--iterations", type=int, default=15, help="timed rounds (default 15)")
    p.add_argument("--code", help="import commonweal from this directory (today's pages)")
    args = p.parse_args(argv)
    if args.code:
        sys.path.insert(0, args.code)
    c.boot(freeze=args.freeze_code)

    from django.conf import settings
    from django.test import Client

    import commonweal
    from commonweal.tenants.services import community_create

    c.console.print(f"[dim]commonweal from {commonweal.__path__[0]}[/dim]")
    c.describe_environment()
    c.prepare()
    settings.DEBUG = False
    community = community_create(**c.community_fields("bench-web"))
    host = f"{community.slug}.{settings.BASE_DOMAIN}"
    client = Client()

    with c.step(f"adding {SMALL[0]} partners and {SMALL[1]} points…"):
        _fill(community, *SMALL, start=(0, 0))
    for _label, path in PAGES:  # warm caches, templates, imports
        _fetch(client, host, path)
    small = {path: _fetch(client, host, path)[2] for _label, path in PAGES}
    with c.step(f"growing to {FULL[0]} partners and {FULL[1]} points…"):
        _fill(community, *FULL, start=SMALL)

    samples = {path: [] for _label, path in PAGES}
    sizes, statements, status = {}, {}, {}
    for _round in range(args.iterations):
        for _label, path in PAGES:
            response, elapsed, count = _fetch(client, host, path)
            samples[path].append(elapsed)
            statements[path], status[path] = count, response.status_code
            if path not in sizes:
                sizes[path] = _bytes(client, host, response)
    rows = []
    for label, path in PAGES:
        graphql = path.startswith("/search/") and _no_search_page(client, host)
        rows.append(
            [
                label + (" [GraphQL: no page]" if graphql else ""),
                path,
                str(status[path]),
                c.fmt_s(c.median(samples[path])),
                c.fmt_s(c.percentile(samples[path], 95)),
                f"{sizes[path][0] / 1024:.1f} KB",
                f"{sizes[path][1] / 1024:.1f} KB",
                f"{small[path]} → {statements[path]}",
            ]
        )
    c.console.print(
        c.table(
            f"web pages, {FULL[0]} partners, {FULL[1]} points, {args.iterations} rounds",
            [
                "page",
                "path",
                "status",
                "TTFB p50",
                "p95",
                "bytes (HTML+CSS+JS)",
                "gzipped",
                "SQL small → full",
            ],
            rows,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
