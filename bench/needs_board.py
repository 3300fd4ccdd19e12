"""Needs board and matching: 10,000 needs and 5,000 resources, GraphQL against hand-written
ORM reads of the same data, in the same run.

    python bench/needs_board.py [--needs 10000] [--resources 5000] [--iterations 30]

Board: the public `needs` connection's first page of 25 with the monthly figures
(`needsBoard`), anonymous, through django.test.Client — against the same rows and figures
read by hand (one values() query for the page, `board.monthly_figures()` for the months) and
json-dumped. Matching: `needSuggestions` for one need as staff — against scoring the same
resources already in memory (the cost of the signals alone). Query counts are taken at a
tenth of the rows and at all of them: they must be equal.
"""

import json
import random
import sys

import _common as c

BOARD = """query { needs(first: 25) { totalCount edges { node { id title status category place
  supportCount createdAt } } } needsBoard { month received accepted resolved responseRate
  medianDaysToResolve satisfaction } }"""
SUGGEST = "query($id: ID!) { needSuggestions(id: $id) { score reason resource { title } } }"
WORDS = [
    "座椅",
    "路灯",
    "楼道",
    "化粪池",
    "垃圾",
    "电动车",
    "充电",
    "监控",
    "绿化",
    "晾衣",
    "老人",
    "理发",
    "助餐",
    "儿童",
    "游乐",
    "健身",
    "停车",
    "漏水",
    "维修",
    "噪音",
]


def main(argv=None) -> int:
    p = c.parser(__doc__.splitlines()[0], communities=None)
    p.add_argument("--needs", type=int, default=10_000)
    p.add_argument("--resources", type=int, default=5_000)
    p.add_argument("--iterations", type=int, default=30)
    args = p.parse_args(argv)
    c.boot(freeze=args.freeze_code)

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from commonweal.governance.needs import board, matching
    from commonweal.governance.needs.models import (
        CommunityResource,
        Need,
        NeedCategory,
        NeedStatus,
    )
    from commonweal.platform.kernel.roles import Role
    from commonweal.tenants.services import community_create
    from tests.fixtures import make_member

    c.describe_environment()
    c.prepare()
    community = community_create(**c.community_fields("bench-needs"))
    staff = make_member(community, Role.STAFF, name="社工")
    rng = random.Random(7)
    categories = NeedCategory.values
    statuses = [
        NeedStatus.ACCEPTED,
        NeedStatus.IN_PROGRESS,
        NeedStatus.RESOLVED,
        NeedStatus.SUBMITTED,
    ]

    def add_needs(count: int, offset: int) -> None:
        now = timezone.now()
        rows = []
        for i in range(offset, offset + count):
            created = now - timezone.timedelta(days=rng.randint(0, 360))
            status = rng.choice(statuses)
            rows.append(
                Need(
                    title=f"{rng.choice(WORDS)}{rng.choice(WORDS)}问题{i}",
                    description=f"{rng.choice(WORDS)}和{rng.choice(WORDS)}需要处理",
                    category=rng.choice(categories),
                    place=f"{i % 40}号院",
                    lat=30.6 + rng.uniform(-0.01, 0.01),
                    lng=104.1 + rng.uniform(-0.01, 0.01),
                    status=status,
                    status_changed_at=created,
                    created_at=created,
                    accepted_at=created if status != NeedStatus.SUBMITTED else None,
                    resolved_at=created + timezone.timedelta(days=rng.randint(1, 30))
                    if status == NeedStatus.RESOLVED
                    else None,
                    support_count=rng.randint(0, 20),
                )
            )
        Need.objects.bulk_create(rows, batch_size=2000)

    connection.set_tenant(community)
    with c.step(f"adding {args.resources} resources…"):
        CommunityResource.objects.bulk_create(
            [
                CommunityResource(
                    title=f"{rng.choice(WORDS)}服务{i}",
                    description=f"提供{rng.choice(WORDS)}和{rng.choice(WORDS)}",
                    kind="service",
                    categories=rng.sample(categories, 2),
                    lat=30.6 + rng.uniform(-0.02, 0.02),
                    lng=104.1 + rng.uniform(-0.02, 0.02),
                )
                for i in range(args.resources)
            ],
            batch_size=2000,
        )
    tenth = args.needs // 10
    with c.step(f"adding {tenth} needs…"):
        add_needs(tenth, 0)
    connection.set_schema_to_public()
    settings.DEBUG = False
    host = f"{community.slug}.{settings.BASE_DOMAIN}"
    anonymous, office = Client(), Client()
    office.force_login(staff)

    def gql(client, query, variables=None):
        response = client.post(
            "/graphql/",
            json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            HTTP_HOST=host,
        )
        connection.set_schema_to_public()
        body = json.loads(response.content)
        if "errors" in body:
            raise SystemExit(f"GraphQL failed: {body['errors']}")
        return body["data"]

    def hand_board():
        connection.set_tenant(community)
        try:
            public = Need.objects.filter(
                status__in=[NeedStatus.ACCEPTED, NeedStatus.IN_PROGRESS, NeedStatus.RESOLVED]
            )
            page = list(
                public.order_by("-created_at", "-id").values(
                    "id", "title", "status", "category", "place", "support_count", "created_at"
                )[:25]
            )
            return json.dumps(
                {
                    "total": public.count(),
                    "page": page,
                    "months": [m.__dict__ for m in board.monthly_figures()],
                },
                default=str,
            )
        finally:
            connection.set_schema_to_public()

    def count_statements(fn) -> int:
        with CaptureQueriesContext(connection) as captured:
            fn()
        return sum(not q["sql"].startswith("SET search_path") for q in captured.captured_queries)

    connection.set_tenant(community)
    probe = Need.objects.order_by("pk").first()
    connection.set_schema_to_public()
    from strawberry.relay import to_base64

    probe_id = to_base64("Need", probe.pk)

    def graphql_board():
        return gql(anonymous, BOARD)

    def graphql_suggest():
        return gql(office, SUGGEST, {"id": probe_id})

    def hand_suggest():
        connection.set_tenant(community)
        try:
            return [
                (s.score, s.resource.pk) for s in matching.suggestions_for(probe, resources=cached)
            ]
        finally:
            connection.set_schema_to_public()

    small = {
        name: count_statements(fn)
        for name, fn in (("board", graphql_board), ("suggest", graphql_suggest))
    }
    with c.step(f"adding {args.needs - tenth} more needs…"):
        connection.set_tenant(community)
        add_needs(args.needs - tenth, tenth)
        cached = matching.resources_list()
        connection.set_schema_to_public()
    large = {
        name: count_statements(fn)
        for name, fn in (("board", graphql_board), ("suggest", graphql_suggest))
    }
    variants = {
        "board · GraphQL": graphql_board,
        "board · hand-written ORM": hand_board,
        "suggestions · GraphQL (load + score)": graphql_suggest,
        "suggestions · scoring only (resources in memory)": hand_suggest,
    }
    names = list(variants)
    timings: dict[str, list[float]] = {name: [] for name in names}
    with c.progress() as bar:
        task = bar.add_task("timing (variants interleaved)", total=args.iterations)
        for i in range(args.iterations):
            for name in names[i % len(names) :] + names[: i % len(names)]:
                seconds, _ = c.timed(variants[name])
                timings[name].append(seconds)
            bar.advance(task)
    rows = []
    for name in names:
        base = names[1] if name.startswith("board") else names[3]
        rows.append(
            [
                name,
                f"{c.median(timings[name]) * 1000:.1f} ms",
                f"{c.percentile(timings[name], 95) * 1000:.1f} ms",
                f"{c.median(timings[name]) / c.median(timings[base]):.2f}×",
            ]
        )
    c.console.print(
        c.table(
            f"needs board and matching, {args.needs} needs, {args.resources} resources",
            ["variant", "p50", "p95", "vs baseline"],
            rows,
        )
    )
    c.console.print(
        f"statements per request at {tenth} → {args.needs} needs: board {small['board']} → "
        f"{large['board']}, suggestions {small['suggest']} → {large['suggest']}"
    )
    return 0 if small == large else 1


if __name__ == "__main__":
    sys.exit(main())
