"""GraphQL overhead: a community's members list of 200 rows through POST /graphql/ vs the same
rows from a hand-written Django view (plain queryset + JSON), in the same run.

    DJANGO_SETTINGS_MODULE=bench.settings python bench/graphql_overhead.py [--iterations 200]

Both go through django.test.Client with HTTP_HOST=<slug>.localhost and a signed-in admin, so
both pay the same middleware (community from the host, session, user). Variants: one request
of 200 rows (GRAPHQL_MAX_PAGE_SIZE=200 for this run) and two pages of 100. Iterations
interleave the variants so machine noise falls on all of them alike. DEBUG is off while
measuring (no query log); SQL counts come from CaptureQueriesContext on a separate request.
"""

import json
import sys

import _common as c

MEMBERS = 200
QUERY = """query Members($first: Int!, $after: String) {
  members(first: $first, after: $after) {
    edges { node { displayName roles joinedAt } }
    pageInfo { hasNextPage endCursor }
  }
}"""


def main(argv=None) -> int:
    p = c.parser(__doc__.splitlines()[0], communities=1)
    p.add_argument("--iterations", type=int, default=200, help="timed rounds (default 200)")
    p.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="only profile N GraphQL requests of 200 rows (cProfile, top functions) and stop",
    )
    args = p.parse_args(argv)
    # The rate limiter (on by default since the hardening work) would refuse the timed loop;
    # it is a per-client cap, not part of the per-request cost measured here.
    c.boot(
        env={"GRAPHQL_MAX_PAGE_SIZE": "200", "COMMONWEAL_RATE_LIMITS": "off"},
        freeze=args.freeze_code,
    )

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.views import member_rows
    from commonweal.platform.accounts.models import User
    from commonweal.platform.accounts.services import membership_add
    from commonweal.platform.kernel.roles import Role
    from commonweal.tenants.services import community_create

    c.describe_environment()
    c.prepare()
    c.grow_communities(max(0, args.communities - 1), prefix="other")
    community = community_create(**c.community_fields("bench-gql"))
    roles = [Role.RESIDENT, Role.VOLUNTEER, Role.GRID_WORKER, Role.DONOR, Role.STAFF]
    with c.progress() as bar:
        task = bar.add_task(f"adding {MEMBERS} members", total=MEMBERS)
        admin = User.objects.create_user("admin@bench.cn", None, display_name="管理员")
        membership_add(community=community, user=admin, roles=[Role.ADMIN])
        bar.advance(task)
        for i in range(1, MEMBERS):
            user = User.objects.create_user(f"m{i}@bench.cn", None, display_name=f"居民{i:03d}")
            membership_add(community=community, user=user, roles=[roles[i % len(roles)]])
            bar.advance(task)

    settings.ROOT_URLCONF = "bench.urls"  # adds /bench/members/ to the community's URLs
    settings.DEBUG = False
    host = f"{community.slug}.{settings.BASE_DOMAIN}"
    client = Client(enforce_csrf_checks=False)
    client.force_login(admin)

    def graphql(first: int, after: str | None = None) -> dict:
        response = client.post(
            "/graphql/",
            json.dumps({"query": QUERY, "variables": {"first": first, "after": after}}),
            content_type="application/json",
            HTTP_HOST=host,
        )
        body = json.loads(response.content)
        if response.status_code != 200 or "errors" in body:
            raise SystemExit(f"GraphQL failed: {response.status_code} {body}")
        return body["data"]["members"]

    def view(first: int, offset: int = 0) -> list[dict]:
        response = client.get("/bench/members/", {"first": first, "offset": offset}, HTTP_HOST=host)
        if response.status_code != 200:
            raise SystemExit(f"view failed: {response.status_code}")
        return json.loads(response.content)["members"]

    def gql_one() -> list[dict]:
        return [e["node"] for e in graphql(200)["edges"]]

    def gql_two() -> list[dict]:
        page = graphql(100)
        rest = graphql(100, page["pageInfo"]["endCursor"])
        return [e["node"] for e in page["edges"] + rest["edges"]]

    def view_one() -> list[dict]:
        return view(200)

    def view_two() -> list[dict]:
        return view(100) + view(100, 100)

    def bare() -> list[dict]:
        # No HTTP at all: the queryset and json.dumps, the floor under both.
        return json.loads(json.dumps(member_rows(community, first=200)))

    from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

    from commonweal.platform.kernel.graphql import limits
    from commonweal.platform.root.schema import community_schema

    def as_before(fn):
        """The baseline of the executor change: graphql-core's own executor, and every
        document validated in full on every request, swapped in for this variant only."""

        def run():
            executor = community_schema.execution_context_class
            passes = limits._passes_document_rules
            community_schema.execution_context_class = StrawberryGraphQLCoreExecutionContext
            limits._passes_document_rules = lambda *_args: False
            try:
                return fn()
            finally:
                community_schema.execution_context_class = executor
                limits._passes_document_rules = passes

        return run

    before = "GraphQL, 1 × 200, graphql-core executor, full validation (before)"
    variants = {
        "GraphQL, 1 request × 200": gql_one,
        before: as_before(gql_one),
        "hand-written view, 1 request × 200": view_one,
        "GraphQL, 2 pages × 100": gql_two,
        "hand-written view, 2 pages × 100": view_two,
        "queryset + json.dumps, no HTTP": bare,
    }
    base = {
        "GraphQL, 1 request × 200": "hand-written view, 1 request × 200",
        before: "hand-written view, 1 request × 200",
        "GraphQL, 2 pages × 100": "hand-written view, 2 pages × 100",
    }
    reference = view_one()
    assert len(reference) == MEMBERS, len(reference)
    if args.profile:
        gql_one()
        c.profile(gql_one, args.profile, top=35)
        return 0

    def measure(variants: dict, label: str) -> tuple[dict, dict]:
        queries = {}
        for name, fn in variants.items():
            assert fn() == reference, f"{name} returned other rows"
            with CaptureQueriesContext(connection) as captured:
                fn()
            sqls = [q["sql"] for q in captured.captured_queries]
            queries[name] = (len(sqls), sum(q.startswith("SET search_path") for q in sqls))
        for _ in range(20):  # warm-up
            for fn in variants.values():
                fn()
        timings: dict[str, list[float]] = {name: [] for name in variants}
        with c.progress() as bar:
            task = bar.add_task(f"timing {label} (variants interleaved)", total=args.iterations)
            names = list(variants)
            for i in range(args.iterations):
                for name in names[i % len(names) :] + names[: i % len(names)]:
                    seconds, _ = c.timed(variants[name])
                    timings[name].append(seconds)
                bar.advance(task)
        return timings, queries

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.1f} ms"

    def report(timings: dict, queries: dict, title: str) -> None:
        rows = []
        for name, values in timings.items():
            p50, p95 = c.median(values), c.percentile(values, 95)
            ratio = f"{p50 / c.median(timings[base[name]]):.2f}×" if name in base else ""
            total, search_path = queries[name]
            rows.append([name, ms(p50), ms(p95), ratio, str(total - search_path), str(total)])
        c.console.print()
        c.console.print(
            c.table(
                title,
                ["variant", "p50", "p95", "p50 vs hand", "SQL queries", "incl. SET search_path"],
                rows,
            )
        )

    timings, queries = measure(variants, "as shipped")
    report(
        timings,
        queries,
        f"Members list of {MEMBERS} rows on {host}, signed-in admin, as shipped "
        f"({args.iterations} interleaved iterations)",
    )
    one = c.median(timings["GraphQL, 1 request × 200"])
    hand = c.median(timings["hand-written view, 1 request × 200"])
    c.console.print(f"GraphQL adds {ms(one - hand)} at p50 for 200 rows ({one / hand:.2f}×)")

    # What-if, only when GraphQL needs more queries than the view (an N+1): Member's user
    # fields once declared `only=["user__…"]` without `select_related=["user"]`, so the
    # optimizer dropped the hint and each row loaded its user. Add the hint at run time (the
    # product code is untouched) and measure again, to show what the fix is worth.
    gql_queries = queries["GraphQL, 1 request × 200"][0]
    view_queries = queries["hand-written view, 1 request × 200"][0]
    if gql_queries <= view_queries:
        c.console.print(f"no N+1: GraphQL sends {gql_queries} statements, the view {view_queries}")
        return 0
    from commonweal.platform.accounts.graphql import MemberType

    for field in MemberType.__strawberry_definition__.fields:
        if field.python_name in ("display_name", "email", "phone"):
            field.store.select_related.append("user")
    fixed = {name: fn for name, fn in variants.items() if name in base or name in base.values()}
    timings, queries = measure(fixed, "with select_related hint")
    report(
        timings,
        queries,
        "What-if: same, with select_related=['user'] added to Member.displayName/email/phone "
        "at run time",
    )
    one = c.median(timings["GraphQL, 1 request × 200"])
    hand = c.median(timings["hand-written view, 1 request × 200"])
    c.console.print(f"then GraphQL adds {ms(one - hand)} at p50 for 200 rows ({one / hand:.2f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
