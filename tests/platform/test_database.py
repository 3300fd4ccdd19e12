import json
import os
import subprocess
import sys

from commonweal.platform.kernel.database import _forget_dead_handles, django_database


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
