"""A community's job runs in that community: its schema and its time zone; stalled jobs go
back to the queue unless their next run waits already."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.db import connection
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

from commonweal.governance.hazards.tasks import escalate_hazard_reports
from commonweal.platform import tasks
from commonweal.platform.kernel.jobs import app, community_task
from commonweal.platform.tasks import retry_stalled, send_invitation
from tests.fixtures import make_community

seen: list[tuple[str, str]] = []


@community_task(queue="tests")
def remember_where_and_when(*, community):
    seen.append((connection.schema_name, timezone.get_current_timezone_name()))


def test_a_community_job_runs_in_its_schema_and_time_zone(db):
    community = make_community("kashi", name="喀什社区", time_zone="Asia/Urumqi")
    seen.clear()

    remember_where_and_when(community_schema=community.schema_name)

    assert seen == [("c_kashi", "Asia/Urumqi")]
    # and afterwards the worker is back on the platform's schema and time zone
    assert connection.schema_name == "public"
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE


def test_a_stalled_job_whose_next_run_is_waiting_ends_aborted_and_the_others_go_back(db):
    # given the escalation job stuck on a dead worker while its next run (the same queueing
    # lock) was deferred, and an invitation's job stuck too
    _end_jobs_committed_by_other_tests()
    stuck = escalate_hazard_reports.defer(timestamp=1)
    invitation = send_invitation.defer(invitation_id=1)
    ProcrastinateJob.objects.filter(pk__in=[stuck, invitation]).update(status="doing")
    waiting = escalate_hazard_reports.defer(timestamp=2)

    # when the stalled jobs are put back
    retried = async_to_sync(retry_stalled)(app.job_manager, seconds_since_heartbeat=0)

    # then the invitation's goes back to the queue, the escalation's ends (the waiting run
    # does its work) and the waiting one keeps its lock
    statuses = dict(ProcrastinateJob.objects.filter(pk__gte=stuck).values_list("pk", "status"))
    assert retried == 1
    assert statuses == {stuck: "aborted", invitation: "todo", waiting: "todo"}


@pytest.mark.django_db(transaction=True)
def test_a_next_run_deferred_after_the_look_ends_the_stalled_job_the_same_way(monkeypatch):
    # given the escalation job stuck and its next run deferred between the look for a
    # waiting run (which found none) and the retry
    _end_jobs_committed_by_other_tests()
    stuck = escalate_hazard_reports.defer(timestamp=1)
    ProcrastinateJob.objects.filter(pk=stuck).update(status="doing")
    waiting = escalate_hazard_reports.defer(timestamp=2)
    monkeypatch.setattr(tasks, "_waiting", sync_to_async(lambda lock: False))
    try:
        # when the stalled jobs are put back, then the retry's refusal ends it, nothing raised
        retried = async_to_sync(retry_stalled)(app.job_manager, seconds_since_heartbeat=0)
        jobs = ProcrastinateJob.objects.filter(pk__gte=stuck)
        assert retried == 0
        assert dict(jobs.values_list("pk", "status")) == {stuck: "aborted", waiting: "todo"}
    finally:
        # committed, and the jobs table outlives the flush: free the lock for later tests
        ProcrastinateJob.objects.filter(pk=waiting).update(status="aborted")


def _end_jobs_committed_by_other_tests() -> None:
    """Transactional tests commit jobs, and the jobs table outlives their flush."""
    ProcrastinateJob.objects.filter(status__in=["todo", "doing"]).update(status="failed")
