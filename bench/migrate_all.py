"""Migrating every community: our parallel migrator vs django-tenants' multiprocessing executor.

    DJANGO_SETTINGS_MODULE=bench.settings python bench/migrate_all.py \
        [--communities 1000] [--dt-communities 1000]

Two jobs, each timed our way and django-tenants' way in the same process:

- the nothing-to-do check: ours is commonweal.tenants.migrate.migrate_communities (one query
  over every schema's django_migrations; the whole `commonweal migrate`, i.e. migrate_everything
  with the public schema and the template, is shown too); django-tenants' is
  `migrate_schemas --tenant --executor=multiprocessing` with 2 processes;
- a migration adding one column (bench/scratchapp/pending/0002_add_column.py, copied into a
  private copy of the scratch app's migrations for the run, see MIGRATION_MODULES): ours
  applies it to the template (prepare_template), records its SQL and replays it on every
  community (migrate_everything); then every community is put back to the state before it
  (column dropped, record deleted) and django-tenants' executor applies it again, schema by
  schema.

django-tenants' executor migrates every community there is, so when --dt-communities M is
smaller than --communities N both ways are measured at M first; the communities are then grown
to N (from the template, which by then has 0002) and ours alone is measured again at N, the
one-column migration being 0003_add_column.py.
"""

import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import _common as c

HERE = Path(__file__).resolve().parent
PENDING = HERE / "scratchapp" / "pending"
COLUMNS = {  # migration -> (table, column) it adds
    "0002_add_column": ("scratchapp_partner", "website"),
    "0003_add_column": ("scratchapp_servicepoint", "wechat_id"),
}
# The scratch app's migrations are copied to a private package and MIGRATION_MODULES points
# there, so copying a pending migration in never shows in bench/scratchapp/migrations/, where
# another benchmark running at the same time would pick it up.
migrations_dir: Path | None = None


def private_migrations() -> None:
    global migrations_dir
    from django.conf import settings

    root = Path(tempfile.mkdtemp(prefix="commonweal-bench-migrations-"))
    package = f"scratch_migrations_{os.getpid()}"
    shutil.copytree(
        HERE / "scratchapp" / "migrations",
        root / package,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    sys.path.insert(0, str(root))
    settings.MIGRATION_MODULES = {**settings.MIGRATION_MODULES, "scratchapp": package}
    migrations_dir = root / package


def install_migration(name: str) -> None:
    shutil.copyfile(PENDING / f"{name}.py", migrations_dir / f"{name}.py")


def remove_migrations() -> None:
    if migrations_dir is not None:
        shutil.rmtree(migrations_dir.parent, ignore_errors=True)


def schemas() -> list[str]:
    from commonweal.tenants.models import Community

    return list(Community.objects.order_by("schema_name").values_list("schema_name", flat=True))


def up_to_date() -> int:
    """Communities whose applied migrations equal the template's."""
    from commonweal.tenants.migrate import _template_digest, community_digests

    target = _template_digest()
    return sum(d == target for d in community_digests(schemas()).values())


def with_column(table: str, column: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid"
            " JOIN pg_namespace n ON n.oid = t.relnamespace"
            " WHERE n.nspname LIKE 'c\\_%%' AND t.relname = %s AND a.attname = %s"
            " AND NOT a.attisdropped",
            [table, column],
        )
        return cursor.fetchone()[0]


def ours(label: str, *, full: bool, total: int):
    """Our way; `full` is the whole `commonweal migrate` (public, template, communities)."""
    from commonweal.tenants.migrate import (
        MigrateReport,
        migrate_communities,
        migrate_public,
        prepare_template,
    )

    report = MigrateReport()
    parts = {}
    with c.progress(transient=True) as bar:
        task = bar.add_task(label, total=total)
        start = time.perf_counter()
        if full:
            parts["public"], _ = c.timed(migrate_public)
            parts["template"], (report.template, _snap) = c.timed(prepare_template)
        parts["communities"], _ = c.timed(
            lambda: migrate_communities(
                report=report, on_progress=lambda schema, ok: bar.advance(task)
            )
        )
        seconds = time.perf_counter() - start
    if report.failures:
        first = next(iter(report.failures.items()))
        raise SystemExit(f"our migrator failed on {len(report.failures)} communities: {first}")
    return seconds, report, parts


def django_tenants(label: str, *, total: int) -> float:
    """`migrate_schemas --tenant --executor=multiprocessing`, with a progress bar fed by the
    schema_migrated signal its forked workers send (each appends a byte to a file)."""
    import multiprocessing

    from django.conf import settings
    from django.core.management import call_command
    from django_tenants.signals import schema_migrated

    ticks = Path(tempfile.mkstemp(prefix="dt-ticks-")[1])

    def tick(sender, schema_name, **kwargs):
        with ticks.open("a") as f:
            f.write(".")

    schema_migrated.connect(tick, weak=False)
    done = threading.Event()
    try:
        with c.progress(transient=True) as bar:
            task = bar.add_task(
                f"{label} ({settings.TENANT_MULTIPROCESSING_MAX_PROCESSES} processes)", total=total
            )

            def poll():
                while not done.wait(0.5):
                    bar.update(task, completed=ticks.stat().st_size)

            poller = threading.Thread(target=poll, daemon=True)
            poller.start()
            start = time.perf_counter()
            call_command(
                "migrate_schemas",
                tenant=True,
                executor="multiprocessing",
                interactive=False,
                verbosity=0,
            )
            seconds = time.perf_counter() - start
            done.set()
            poller.join()
        migrated = ticks.stat().st_size
    finally:
        done.set()
        schema_migrated.disconnect(tick)
        ticks.unlink(missing_ok=True)
        # The executor leaves its pool's workers idle; end the ones this process started.
        for child in multiprocessing.active_children():
            child.terminate()
            child.join(5)
    if migrated != total:
        raise SystemExit(f"django-tenants migrated {migrated} schemas, expected {total}")
    return seconds


def revert(migration: str) -> None:
    """Put every community back to before `migration`: column dropped, record deleted."""
    from django.db import connection, transaction

    table, column = COLUMNS[migration]
    names = schemas()
    with c.progress(transient=True) as bar:
        task = bar.add_task(f"reverting {migration} in every community", total=len(names))
        for start in range(0, len(names), 100):
            chunk = names[start : start + 100]
            sql = "".join(
                f'ALTER TABLE "{s}".{table} DROP COLUMN {column};'
                f"DELETE FROM \"{s}\".django_migrations WHERE app = 'scratchapp'"
                f" AND name = '{migration}';"
                for s in chunk
            )
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
            bar.advance(task, len(chunk))


def rate(seconds: float, count: int) -> str:
    return f"{seconds / count * 1000:.1f} ms"


def main(argv=None) -> int:
    p = c.parser(__doc__.splitlines()[0], communities=1000)
    p.add_argument(
        "--dt-communities",
        type=int,
        default=None,
        help="communities for django-tenants' runs (default: --communities)",
    )
    p.add_argument("--repeats", type=int, default=5, help="runs of our no-op check (median)")
    args = p.parse_args(argv)
    n = args.communities
    m = min(args.dt_communities or n, n)
    c.boot(freeze=args.freeze_code)
    private_migrations()
    try:
        return run(n, m, args.repeats)
    finally:
        remove_migrations()


def run(n: int, m: int, repeats: int) -> int:
    from django.conf import settings

    if "bench.scratchapp" not in settings.TENANT_APPS:
        raise SystemExit("needs DJANGO_SETTINGS_MODULE=bench.settings (the scratch tenant app)")
    c.describe_environment()
    c.prepare()
    shape = c.template_shape()
    c.console.print(
        f"template: {shape['tables']} tables · ours: {settings.MIGRATE_PARALLEL_WORKERS} threads"
        f" (MIGRATE_PARALLEL_WORKERS) · django-tenants: "
        f"{settings.TENANT_MULTIPROCESSING_MAX_PROCESSES} processes"
    )
    rows: list[list[str]] = []

    # --- at M: both ways ---------------------------------------------------------------
    c.grow_communities(m)
    noop = []
    noop_full = []
    for i in range(repeats):
        seconds, report, _ = ours(f"ours no-op {i + 1}/{repeats}", full=False, total=m)
        assert report.unchanged == m, report
        noop.append(seconds)
        seconds, report, _ = ours(f"ours no-op, whole command {i + 1}", full=True, total=m)
        assert report.unchanged == m and not report.template, report
        noop_full.append(seconds)
    c.console.print(
        f"ours no-op @ {m}: {c.fmt_s(c.median(noop))} (communities), "
        f"{c.fmt_s(c.median(noop_full))} (whole command)"
    )
    dt_noop = django_tenants(f"django-tenants no-op @ {m}", total=m)
    c.console.print(f"django-tenants no-op @ {m}: {dt_noop:.1f} s")
    rows.append(
        [
            "nothing to do, communities only",
            f"{c.fmt_s(c.median(noop))} @ {m}",
            rate(c.median(noop), m),
            f"{dt_noop:.1f} s @ {m}",
            rate(dt_noop, m),
            f"{dt_noop / c.median(noop):.0f}×",
        ]
    )
    rows.append(
        [
            "nothing to do, whole `commonweal migrate`",
            f"{c.fmt_s(c.median(noop_full))} @ {m}",
            rate(c.median(noop_full), m),
            "",
            "",
            f"{dt_noop / c.median(noop_full):.0f}×",
        ]
    )

    install_migration("0002_add_column")
    add, report, parts = ours(f"ours: add one column @ {m}", full=True, total=m)
    assert report.fast == m and report.template == [("scratchapp", "0002_add_column")], report
    assert with_column(*COLUMNS["0002_add_column"]) == m
    c.console.print(
        f"ours add-column @ {m}: {add:.2f} s ("
        + ", ".join(f"{k} {v:.2f} s" for k, v in parts.items())
        + ")"
    )
    with c.step("reverting 0002 in every community for django-tenants…"):
        revert("0002_add_column")
    assert with_column(*COLUMNS["0002_add_column"]) == 0 and up_to_date() == 0
    dt_add = django_tenants(f"django-tenants: add one column @ {m}", total=m)
    assert with_column(*COLUMNS["0002_add_column"]) == m and up_to_date() == m
    c.console.print(f"django-tenants add-column @ {m}: {dt_add:.1f} s")
    rows.append(
        [
            "add one column (template + every community)",
            f"{add:.2f} s @ {m}",
            rate(add, m),
            f"{dt_add:.1f} s @ {m}",
            rate(dt_add, m),
            f"{dt_add / add:.0f}×",
        ]
    )

    # --- at N: ours alone ----------------------------------------------------------------
    if n > m:
        c.grow_communities(n)
        assert up_to_date() == n
        noop_n = [ours(f"ours no-op @ {n}", full=False, total=n)[0] for _ in range(repeats)]
        noop_full_n = [ours(f"ours whole @ {n}", full=True, total=n)[0] for _ in range(repeats)]
        install_migration("0003_add_column")
        add_n, report, parts = ours(f"ours: add one column @ {n}", full=True, total=n)
        assert report.fast == n, report
        assert with_column(*COLUMNS["0003_add_column"]) == n
        c.console.print(
            f"ours add-column @ {n}: {add_n:.2f} s ("
            + ", ".join(f"{k} {v:.2f} s" for k, v in parts.items())
            + ")"
        )
        dt_per = {"noop": dt_noop / m, "add": dt_add / m}
        rows += [
            [
                "nothing to do, communities only",
                f"{c.fmt_s(c.median(noop_n))} @ {n}",
                rate(c.median(noop_n), n),
                f"(not run @ {n})",
                "",
                f"{dt_per['noop'] * n / c.median(noop_n):.0f}× (rate)",
            ],
            [
                "nothing to do, whole `commonweal migrate`",
                f"{c.fmt_s(c.median(noop_full_n))} @ {n}",
                rate(c.median(noop_full_n), n),
                "",
                "",
                f"{dt_per['noop'] * n / c.median(noop_full_n):.0f}× (rate)",
            ],
            [
                "add one column (template + every community)",
                f"{add_n:.2f} s @ {n}",
                rate(add_n, n),
                f"(not run @ {n})",
                "",
                f"{dt_per['add'] * n / add_n:.0f}× (rate)",
            ],
        ]

    c.console.print()
    c.console.print(
        c.table(
            f"Migrating every community (template of {shape['tables']} tables; ours median of "
            f"{repeats} for no-op, single runs otherwise)",
            ["job", "ours", "ours per community", "django-tenants", "dt per community", "dt/ours"],
            rows,
        )
    )
    c.console.print(
        f"targets: ≥10× faster; nothing-to-do check under 10 s → "
        f"{c.fmt_s(c.median(noop_full_n if n > m else noop_full))} whole command @ {n}"
    )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
