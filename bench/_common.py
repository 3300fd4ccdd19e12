"""Shared setup for the benchmarks: a throwaway database, Django, communities, figures.

Every benchmark starts its own embedded PostgreSQL in a fresh temporary directory (deleted on
exit) before Django is imported, so it never touches the developer's data directory nor a
server named by an inherited DATABASE_URL.
"""

import argparse
import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

console = Console()
if not console.is_terminal:  # logs and pipes: wide enough for the tables
    console = Console(width=150)
COMMUNITY_FIELDS = {
    "city": "成都市",
    "district": "锦江区",
    "subdistrict": "成龙路街道",
    "area_km2": "0.73",
    "population": 1,
    "households": 1,
    "centre_lat": 30.6,
    "centre_lng": 104.1,
}


def parser(description: str, *, communities: int | None) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    if communities is not None:
        p.add_argument(
            "--communities",
            type=int,
            default=communities,
            help=f"existing communities to measure at (default {communities})",
        )
    p.add_argument(
        "--freeze-code",
        action="store_true",
        help="run on a private copy of commonweal/ taken at start, so edits others make "
        "to the working tree (new migrations…) cannot break a long run half-way",
    )
    return p


def freeze_code() -> Path:
    """Copy commonweal/ aside and import it from there (ahead of the working tree)."""
    frozen = Path(tempfile.mkdtemp(prefix="commonweal-bench-code-"))
    atexit.register(shutil.rmtree, frozen, ignore_errors=True)
    shutil.copytree(
        ROOT / "commonweal", frozen / "commonweal", ignore=shutil.ignore_patterns("__pycache__")
    )
    sys.path.insert(0, str(frozen))
    console.print(f"[dim]running on a frozen copy of commonweal/ in {frozen}[/dim]")
    return frozen


def boot(*, env: dict | None = None, freeze: bool = False, keep: Path | None = None) -> str:
    """Start a throwaway embedded server, point DATABASE_URL at it, then set Django up.

    `keep` names a data directory to use and keep instead (a one-off run of hours can then
    be resumed). Returns the data directory. Call before importing anything that imports
    Django models.
    """
    if freeze:
        freeze_code()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    # Provisioning benchmarks time the template's script unless they take spares on purpose.
    os.environ.setdefault("COMMONWEAL_SPARE_SCHEMAS", "0")
    for key, value in (env or {}).items():
        os.environ[key] = value
    # Never an inherited server: the benchmarks create and drop hundreds of schemas.
    os.environ.pop("DATABASE_URL", None)
    from commonweal.platform.kernel.database import start_embedded

    if keep is not None:
        pgdata = keep.resolve()
        with console.status(f"starting PostgreSQL in {pgdata} (kept)…"):
            start_embedded(pgdata, cleanup_mode="stop")
    else:
        pgdata = Path(tempfile.mkdtemp(prefix="commonweal-bench-")) / "pgdata"
        # Registered before the server's own exit hook, so it runs after it deleted pgdata.
        atexit.register(shutil.rmtree, pgdata.parent, ignore_errors=True)
        with console.status(f"starting a throwaway PostgreSQL in {pgdata.parent}…"):
            start_embedded(pgdata, cleanup_mode="delete")
    import django

    django.setup()
    return str(pgdata)


def describe_environment() -> None:
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    scratch = "bench.scratchapp" in settings.TENANT_APPS
    console.print(
        f"settings [bold]{os.environ['DJANGO_SETTINGS_MODULE']}[/bold] · PostgreSQL {version} · "
        f"{os.cpu_count()} CPU(s) · load {os.getloadavg()[0]:.2f} · "
        f"scratch tenant app {'installed' if scratch else '[yellow]absent[/yellow]'}"
    )


def progress(*, transient: bool = False) -> Progress:
    """A progress bar; transient ones vanish in a terminal but stay in logs, as a last state."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=transient and console.is_terminal,
    )


@contextmanager
def step(message: str):
    """A spinner for a one-off step, then the time it took."""
    start = time.perf_counter()
    with console.status(message):
        yield
    console.print(f"[dim]{message} {time.perf_counter() - start:.1f} s[/dim]")


def prepare() -> None:
    """Public schema, the community template and its snapshot (what `commonweal migrate` does)."""
    from commonweal.tenants.migrate import migrate_everything

    with step("migrating public + template, snapshotting it…"):
        migrate_everything()


def community_fields(slug: str) -> dict:
    return {"slug": slug, "name": f"{slug}社区", **COMMUNITY_FIELDS}


def slug_for(n: int, prefix: str = "bench") -> str:
    return f"{prefix}-{n:05d}"


def grow_communities(target: int, *, prefix: str = "bench") -> float:
    """Create communities (our fast path) until `target` exist. Returns seconds spent."""
    from commonweal.tenants.models import Community
    from commonweal.tenants.services import community_create

    have = Community.objects.count()
    if have >= target:
        return 0.0
    start = time.perf_counter()
    with progress() as bar:
        task = bar.add_task(f"creating communities {have}→{target}", total=target - have)
        n = have
        while n < target:
            n += 1
            slug = slug_for(n, prefix)
            if Community.objects.filter(slug=slug).exists():
                continue
            community_create(**community_fields(slug))
            bar.advance(task)
    return time.perf_counter() - start


def template_shape() -> dict:
    """Tables, indexes and constraints of the template schema (what every copy must hold)."""
    from django.conf import settings

    return schema_shape(settings.TEMPLATE_SCHEMA_NAME)


def schema_shape(schema: str) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE c.relkind = 'r'),"
            " count(*) FILTER (WHERE c.relkind = 'i') FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s",
            [schema],
        )
        tables, indexes = cursor.fetchone()
        cursor.execute(
            "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
            " WHERE n.nspname = %s ORDER BY 1",
            [schema],
        )
        constraints = [r[0] for r in cursor.fetchall()]
    return {"tables": tables, "indexes": indexes, "constraints": constraints}


def catalog_size() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class")
        return cursor.fetchone()[0]


def drop_schema(name: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def percentile(values: Iterable[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[round(q) - 1]


def fmt_s(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def table(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    t = Table(title=title, title_justify="left")
    for i, column in enumerate(columns):
        t.add_column(column, justify="left" if i == 0 else "right")
    for row in rows:
        t.add_row(*row)
    return t


@contextmanager
def counted_statements():
    """Count every statement this process sends to PostgreSQL, by its first word (SELECT, SET,
    SAVEPOINT…), BEGIN and COMMIT included: what Django's query log does not see (django-
    tenants' `SET search_path` goes through a raw psycopg cursor; BEGIN/COMMIT through the
    connection)."""
    from collections import Counter

    import psycopg
    from psycopg import _connection_base

    counts: Counter = Counter()
    execute, command = psycopg.Cursor.execute, _connection_base.BaseConnection._exec_command

    def _word(query) -> str:
        text = query if isinstance(query, str | bytes) else query.as_string(None)
        text = text.decode() if isinstance(text, bytes) else text
        return (text.split(None, 1) or ["?"])[0].upper()

    def counting_execute(self, query, *args, **kwargs):
        counts[_word(query)] += 1
        return execute(self, query, *args, **kwargs)

    def counting_command(self, command_, *args, **kwargs):
        counts[_word(command_)] += 1
        return command(self, command_, *args, **kwargs)

    psycopg.Cursor.execute = counting_execute
    _connection_base.BaseConnection._exec_command = counting_command
    try:
        yield counts
    finally:
        psycopg.Cursor.execute = execute
        _connection_base.BaseConnection._exec_command = command


def server_cpu_seconds() -> tuple[int, float]:
    """(pid, CPU seconds used so far) of the server process behind Django's connection.

    Wall time on a shared 2-core machine mostly measures the neighbours; the backend's own
    CPU time (from /proc, the embedded server runs here) shows what the work itself costs.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with open(f"/proc/{pid}/schedstat") as stat:
        return pid, int(stat.read().split()[0]) / 1e9


def settle(max_wait: float = 600) -> float:
    """Checkpoint, then wait for autovacuum to finish with the catalogs; returns seconds waited.

    Growing hundreds of communities in minutes leaves autovacuum and a checkpoint busy for a
    while, which a platform growing over months never sees; sampling waits for them.
    """
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        while time.perf_counter() - start < max_wait:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
            )
            if not cursor.fetchone()[0]:
                break
            time.sleep(2)
    return time.perf_counter() - start


def profile(call: Callable[[], object], times: int, *, top: int = 40) -> None:
    """cProfile `times` calls of `call`; print the top functions by own and by cumulative time."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(lambda: [call() for _ in range(times)])
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(2 * top)
