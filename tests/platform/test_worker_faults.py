"""A worker killed mid-job: the job runs again and its effect happens once.

A real worker process takes the hazard escalation job and blocks on a table this test holds
locked; it is killed (SIGKILL, as the out-of-memory killer would), the stalled job is put back
by the same code the every-minute job runs, and a second worker finishes it.
"""

import os
import signal
import subprocess
import sys
import time

import psycopg
import pytest
from asgiref.sync import async_to_sync
from django.db import connection
from procrastinate.contrib.django.models import ProcrastinateJob

from commonweal.governance.hazards.models import Escalation, HazardReport
from commonweal.governance.hazards.tasks import escalate_hazard_reports
from commonweal.platform.kernel.jobs import app
from commonweal.platform.tasks import retry_stalled
from tests.fixtures import make_community
from tests.governance.hazards.fixtures import file_report, grid_map, people, rules  # noqa: F401
from tests.partners.fixtures import in_schema

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fengshu(transactional_db):
    """枫树 for a test whose writes commit (a worker in another process must see them): its
    schema is dropped after, as the table flush between tests does not."""
    community = make_community("fengshu", name="枫树社区")
    yield community
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


WORKER = [sys.executable, "-m", "commonweal.platform.root.cli", "manage", "procrastinate", "worker"]


def _database_url() -> str:
    params = connection.get_connection_params()
    host, port, user = params.get("host", ""), params.get("port", ""), params.get("user", "")
    return f"postgresql://{user}@/{connection.settings_dict['NAME']}?host={host}&port={port}"


def _worker(*extra: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url()}
    env.pop("PYTEST_VERSION", None)
    return subprocess.Popen(
        [*WORKER, *extra], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def _wait_for(condition, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"still waiting after {seconds} s")


def _blocked_on_a_lock(locker_pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND %s = ANY(pg_blocking_pids(pid))",
            [locker_pid],
        )
        return cursor.fetchone()[0] > 0


def test_a_job_whose_worker_was_killed_runs_again_and_escalates_once(
    fengshu,
    grid_map,  # noqa: F811
    people,  # noqa: F811
):
    # given a report whose grid-level limit passed long ago
    rules(fengshu, grid_hours=4)
    report = file_report(fengshu, people.resident)
    with in_schema(fengshu):
        HazardReport.objects.filter(pk=report.pk).update(
            level_since="2026-01-05T09:00+08:00", next_due_at="2026-01-05T10:00+08:00"
        )
    job_id = escalate_hazard_reports.defer(timestamp=int(time.time()))

    # when a worker takes the job while this test holds the reports table, and is killed
    params = connection.get_connection_params()
    with psycopg.connect(**params) as locker:
        locker.execute(f'LOCK TABLE "{fengshu.schema_name}".hazards_hazardreport')
        worker = _worker()
        try:
            _wait_for(lambda: _blocked_on_a_lock(locker.info.backend_pid))
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
        locker.rollback()
    assert ProcrastinateJob.objects.get(pk=job_id).status == "doing"
    with in_schema(fengshu):
        assert Escalation.objects.count() == 0  # the killed attempt left nothing

    # then the stalled job is put back and a second worker runs it to the end
    retried = async_to_sync(retry_stalled)(app.job_manager, seconds_since_heartbeat=0)
    finisher = _worker("--one-shot")
    try:
        _, errors = finisher.communicate(timeout=120)
    finally:
        finisher.kill()
    job = ProcrastinateJob.objects.get(pk=job_id)
    assert finisher.returncode == 0, errors.decode()[-2000:]
    # (a worker defers the every-five-minutes run when it starts in a slot not deferred yet,
    # and at each boundary: such runs, later than the test's job, must all have succeeded)
    later = list(
        ProcrastinateJob.objects.filter(task_name=job.task_name, pk__gt=job_id).values_list(
            "status", flat=True
        )
    )
    assert set(later) <= {"succeeded"}
    if retried == 1:
        # (two attempts: the killed one and the one that finished)
        assert (job.status, job.attempts) == ("succeeded", 2)
    else:
        # one was deferred while the job was stuck: the stuck job ends aborted, that run does
        # the work
        assert (retried, job.status, later) == (0, "aborted", ["succeeded"])
    # and each step was recorded once: running the check again finds nothing left to do
    with in_schema(fengshu):
        steps = list(Escalation.objects.values_list("report_id", "level", "stage"))
    assert steps and len(steps) == len(set(steps))
    with in_schema(fengshu):
        from commonweal.governance.hazards.services.escalation import escalate_due

        assert escalate_due(community=fengshu) == 0
