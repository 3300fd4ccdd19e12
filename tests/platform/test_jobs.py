"""A community's job runs in that community: its schema and its time zone."""

from django.conf import settings
from django.db import connection
from django.utils import timezone

from commonweal.platform.kernel.jobs import community_task
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
