"""Seconds per new community: our pre-rendered DDL script vs django-tenants' two paths.

    DJANGO_SETTINGS_MODULE=bench.settings python bench/provision.py [--communities 10,1000]

At each level of existing communities (grown with our fast path), every sample creates one
community by each path, in rotating order, then drops it so the level stays put:

- ours: commonweal.tenants.services.community_create (row, domain, provisioning.provision_schema
  sending the template snapshot's script in one round trip); "of which script" is the
  provision_schema call alone;
- django-tenants migrate: TenantMixin.create_schema(verbosity=0): CREATE SCHEMA, then
  migrate_schemas for that schema (every tenant migration replayed);
- django-tenants clone: CloneSchema().clone_schema("cw_template", new, set_connection=False).

Each copy is checked against the template: same tables, same constraint names. Before sampling
at a level the server checkpoints and autovacuum is let finish (growing a thousand communities
in minutes leaves both busy). Besides wall time, every sample records the CPU time of the
server backend doing the work (/proc schedstat), which the neighbours on a shared machine
cannot inflate.
"""

import sys
from collections import defaultdict

import _common as c


def _levels(text: str) -> list[int]:
    levels = sorted({int(part) for part in text.split(",") if part.strip()})
    if not levels or levels[0] < 0:
        raise SystemExit("--communities takes counts such as 10,1000")
    return levels


def main(argv=None) -> int:
    p = c.parser(__doc__.splitlines()[0], communities=None)
    p.add_argument(
        "--communities", default="10,1000", help="levels of existing communities, e.g. 10,1000"
    )
    p.add_argument("--samples", type=int, default=5, help="communities per path per level")
    args = p.parse_args(argv)
    levels = _levels(args.communities)
    c.boot(freeze=args.freeze_code)

    from django.conf import settings
    from django_tenants.clone import CloneSchema

    import commonweal.tenants.services as services
    from commonweal.tenants.models import Community

    c.describe_environment()
    c.prepare()
    template = settings.TEMPLATE_SCHEMA_NAME
    shape = c.template_shape()
    c.console.print(
        f"template [bold]{template}[/bold]: {shape['tables']} tables, {shape['indexes']} indexes, "
        f"{len(shape['constraints'])} constraints"
    )

    # Time provision_schema inside community_create without touching the product code.
    script_times: list[float] = []
    real_provision = services.provision_schema

    def timed_provision(*a, **kw):
        seconds, result = c.timed(lambda: real_provision(*a, **kw))
        script_times.append(seconds)
        return result

    services.provision_schema = timed_provision
    counter = iter(range(1, 1_000_000))

    def ours() -> str:
        slug = f"probe-{next(counter):05d}"
        services.community_create(**c.community_fields(slug))
        return Community.objects.get(slug=slug).schema_name

    def ours_cleanup(schema: str) -> None:
        Community.objects.filter(schema_name=schema).delete()
        c.drop_schema(schema)

    def dt_migrate() -> str:
        schema = f"dt_migrate_{next(counter):05d}"
        Community(schema_name=schema).create_schema(
            check_if_exists=False, sync_schema=True, verbosity=0
        )
        return schema

    def dt_clone() -> str:
        schema = f"dt_clone_{next(counter):05d}"
        CloneSchema().clone_schema(template, schema, set_connection=False)
        return schema

    paths = {
        "ours (community_create)": (ours, ours_cleanup),
        "django-tenants migrate": (dt_migrate, c.drop_schema),
        "django-tenants clone": (dt_clone, c.drop_schema),
    }
    times: dict[tuple[str, int], list[float]] = defaultdict(list)
    server_cpu: dict[tuple[str, int], list[float]] = defaultdict(list)
    script: dict[int, list[float]] = defaultdict(list)
    faithful: dict[str, set] = defaultdict(set)

    with c.step("warm-up: one untimed community by each path…"):
        for make, cleanup in paths.values():
            cleanup(make())
        script_times.clear()

    for level in levels:
        grown = c.grow_communities(level)
        existing = Community.objects.count()
        if grown:
            c.console.print(
                f"[dim]{existing} communities, grown in {grown:.0f} s "
                f"({grown / max(1, existing):.3f} s each incl. earlier ones)[/dim]"
            )
        c.console.print(f"catalog: {c.catalog_size():,} pg_class rows at {existing} communities")
        waited = c.settle()
        c.console.print(f"[dim]checkpoint and autovacuum settled in {waited:.0f} s[/dim]")
        names = list(paths)
        with c.progress() as bar:
            task = bar.add_task(f"sampling at {existing}", total=args.samples * len(names))
            for sample in range(args.samples):
                rotation = names[sample % len(names) :] + names[: sample % len(names)]
                for name in rotation:
                    make, cleanup = paths[name]
                    script_times.clear()
                    pid_before, cpu_before = c.server_cpu_seconds()
                    seconds, schema = c.timed(make)
                    pid_after, cpu_after = c.server_cpu_seconds()
                    if pid_after == pid_before:  # migrate_schemas may reconnect: then unknown
                        server_cpu[(name, level)].append(cpu_after - cpu_before)
                    times[(name, level)].append(seconds)
                    if script_times:
                        script[level].append(script_times[0])
                    copy = c.schema_shape(schema)
                    faithful[name].add(
                        (
                            copy["tables"] == shape["tables"],
                            copy["constraints"] == shape["constraints"],
                        )
                    )
                    cleanup(schema)
                    bar.advance(task)

    columns = ["path", *[f"median @ {level}" for level in levels]]
    if len(levels) > 1:
        columns += [f"@{levels[-1]} / @{levels[0]}", f"vs ours @ {levels[-1]}"]
    columns += ["tables = template", "constraint names = template"]
    ours_top = c.median(times[(names[0], levels[-1])])
    rows = []
    for name in names:
        medians = [c.median(times[(name, level)]) for level in levels]
        row = [name, *[c.fmt_s(m) for m in medians]]
        if len(levels) > 1:
            row += [f"{medians[-1] / medians[0]:.2f}×", f"{medians[-1] / ours_top:.1f}×"]
        checks = faithful[name]
        row += [
            "yes" if all(t for t, _ in checks) else "NO",
            "yes" if all(k for _, k in checks) else "NO",
        ]
        rows.append(row)
        if name == names[0]:
            sub = [c.median(script[level]) for level in levels]
            extra = [""] * (len(columns) - 1 - len(levels))
            if len(levels) > 1:
                extra[0] = f"{sub[-1] / sub[0]:.2f}×"
            rows.append(["  of which provision_schema", *[c.fmt_s(s) for s in sub], *extra])
    c.console.print()
    c.console.print(
        c.table(
            f"Provisioning: seconds per new community ({args.samples} samples per cell, "
            f"template of {shape['tables']} tables)",
            columns,
            rows,
        )
    )
    cpu_rows = []
    for name in names:
        if not all(server_cpu[(name, level)] for level in levels):
            continue  # the path reconnected during its samples
        medians = [c.median(server_cpu[(name, level)]) for level in levels]
        row = [name, *[c.fmt_s(m) for m in medians]]
        if len(levels) > 1:
            row.append(f"{medians[-1] / medians[0]:.2f}×")
        cpu_rows.append(row)
    cpu_columns = ["path", *[f"server CPU @ {level}" for level in levels]]
    if len(levels) > 1:
        cpu_columns.append(f"@{levels[-1]} / @{levels[0]}")
    c.console.print(
        c.table("The same samples: CPU time of the server backend (median)", cpu_columns, cpu_rows)
    )
    spread = "; ".join(
        f"{name} @ {level}: {min(v):.3f}–{max(v):.3f} s" for (name, level), v in times.items()
    )
    c.console.print(f"[dim]ranges: {spread}[/dim]")
    top = levels[-1]
    c.console.print(
        f"target: ours under 0.3 s at {top} → {c.fmt_s(ours_top)}"
        + (
            f"; no slower at {top} than at {levels[0]} → "
            f"{ours_top / c.median(times[(names[0], levels[0])]):.2f}×"
            if len(levels) > 1
            else ""
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
