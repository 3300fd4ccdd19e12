"""Partner directory: 1,000 active partners with nested commitments, service points and ratings
through POST /graphql/ vs a hand-written ORM query of the same data, in the same run.

    DJANGO_SETTINGS_MODULE=bench.settings python bench/partner_directory.py [--iterations 15]

GraphQL: the public `partners` connection read to the end in pages of 25 (the largest page the
cost limit accepts with three nested lists), anonymous, through django.test.Client with
HTTP_HOST=<slug>.localhost. Hand-written: the same rows and fields from `selectors.directory()`
with `select_related` + `prefetch_related` and a rating annotation, built into the same dicts
and `json.dumps`-ed, in the same pages of 25 and in one pass of 1,000. Both answers are
checked equal before timing; variants are interleaved.
"""

import json
import sys

import _common as c

PARTNERS = 1000
PAGE = 25
QUERY = """query($after: String) { partners(first: 25, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { node { tier offers averageRating
    organisation { legalName kind contactPhone }
    commitments { title quantity unit }
    servicePoints { name lat lng }
    ratings { score comment } } } } }"""


def main(argv=None) -> int:
    p = c.parser(__doc__.splitlines()[0], communities=None)
    p.add_argument("--iterations", type=int, default=15, help="timed rounds (default 15)")
    p.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="only profile N GraphQL reads of the directory (cProfile, top functions) and stop",
    )
    args = p.parse_args(argv)
    # The rate limiter would refuse the timed loop (a per-client cap, not the cost measured).
    c.boot(env={"COMMONWEAL_RATE_LIMITS": "off"}, freeze=args.freeze_code)

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from commonweal.partners import selectors
    from commonweal.tenants.services import community_create
    from tests.partners.fixtures import bulk_partners

    c.describe_environment()
    c.prepare()
    community = community_create(**c.community_fields("bench-partners"))
    with c.step(f"adding {PARTNERS} partners (commitment, service point, rating each)…"):
        bulk_partners(community, PARTNERS)
    settings.DEBUG = False
    host = f"{community.slug}.{settings.BASE_DOMAIN}"
    client = Client()

    def graphql_all() -> list[dict]:
        rows, after = [], None
        while True:
            response = client.post(
                "/graphql/",
                json.dumps({"query": QUERY, "variables": {"after": after}}),
                content_type="application/json",
                HTTP_HOST=host,
            )
            connection.set_schema_to_public()
            body = json.loads(response.content)
            if "errors" in body:
                raise SystemExit(f"GraphQL failed: {body['errors']}")
            page = body["data"]["partners"]
            rows += [e["node"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                return rows
            after = page["pageInfo"]["endCursor"]

    def _row(p) -> dict:
        o = p.organisation
        return {
            "tier": p.tier.upper(),
            "offers": p.offers,
            "averageRating": float(p.average_rating) if p.average_rating is not None else None,
            "organisation": {
                "legalName": o.legal_name,
                "kind": o.kind.upper(),
                "contactPhone": o.masked_phone,
            },
            "commitments": [
                {"title": m.title, "quantity": str(m.quantity), "unit": m.unit}
                for m in p.commitments.all()
            ],
            "servicePoints": [
                {"name": s.name, "lat": s.lat, "lng": s.lng} for s in p.service_points.all()
            ],
            "ratings": [{"score": r.score, "comment": r.comment} for r in p.ratings.all()],
        }

    def _queryset():
        return selectors.with_ratings(selectors.directory()).prefetch_related(
            "commitments", "service_points", "ratings"
        )

    def hand(page_size: int) -> list[dict]:
        connection.set_tenant(community)
        try:
            rows = []
            for start in range(0, PARTNERS, page_size):
                page = [_row(p) for p in _queryset()[start : start + page_size]]
                rows += json.loads(json.dumps(page))
            return rows
        finally:
            connection.set_schema_to_public()

    from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

    from commonweal.platform.kernel.graphql import limits
    from commonweal.platform.root.schema import community_schema

    def as_before() -> list[dict]:
        """The baseline of the executor change: graphql-core's own executor, and every
        document validated in full on every request, swapped in for this variant only."""
        executor, passes = community_schema.execution_context_class, limits._passes_document_rules
        community_schema.execution_context_class = StrawberryGraphQLCoreExecutionContext
        limits._passes_document_rules = lambda *_args: False
        try:
            return graphql_all()
        finally:
            community_schema.execution_context_class = executor
            limits._passes_document_rules = passes

    variants = {
        f"GraphQL, {PARTNERS // PAGE} pages × {PAGE}": graphql_all,
        f"GraphQL, {PARTNERS // PAGE} pages × {PAGE}, graphql-core executor (before)": as_before,
        f"hand-written ORM, {PARTNERS // PAGE} pages × {PAGE}": lambda: hand(PAGE),
        f"hand-written ORM, 1 pass × {PARTNERS}": lambda: hand(PARTNERS),
    }
    names = list(variants)
    reference = graphql_all()
    assert len(reference) == PARTNERS, len(reference)
    if args.profile:
        c.profile(graphql_all, args.profile)
        return 0
    queries = {}
    for name, fn in variants.items():
        assert fn() == reference, f"{name} returned other data"
        with CaptureQueriesContext(connection) as captured:
            fn()
        queries[name] = sum(
            not q["sql"].startswith("SET search_path") for q in captured.captured_queries
        )
    timings: dict[str, list[float]] = {name: [] for name in variants}
    with c.progress() as bar:
        task = bar.add_task("timing (variants interleaved)", total=args.iterations)
        for i in range(args.iterations):
            for name in names[i % len(names) :] + names[: i % len(names)]:
                seconds, _ = c.timed(variants[name])
                timings[name].append(seconds)
            bar.advance(task)
    base = c.median(timings[names[2]])
    rows = [
        [
            name,
            f"{c.median(v) * 1000:.0f} ms",
            f"{c.percentile(v, 95) * 1000:.0f} ms",
            f"{c.median(v) / base:.2f}×",
            str(queries[name]),
        ]
        for name, v in timings.items()
    ]
    c.console.print(
        c.table(
            f"Partner directory, {PARTNERS} partners read to the end ({args.iterations} rounds)",
            ["variant", "p50", "p95", "p50 vs hand (pages)", "SQL queries"],
            rows,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
