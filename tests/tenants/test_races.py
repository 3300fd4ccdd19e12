"""Two requests racing for one address: the loser gets SLUG_TAKEN, never an internal error.

The service's check cannot see a rival's uncommitted row, so the rival here is a second
connection holding an uncommitted row for the slug; it commits once our INSERT waits on it.
"""

import threading
import time

import psycopg

from commonweal.platform.kernel.errors import DomainError
from commonweal.tenants import schemas
from commonweal.tenants.models import ApplicationStatus, Community, CommunityApplication
from commonweal.tenants.services import community_create
from tests.fixtures import gql
from tests.tenants.fixtures import APPLY, application_input, census

RIVAL_APPLICATION = """
INSERT INTO public.tenants_communityapplication
    (slug, name, city, district, subdistrict, area_km2, population, households, centre_lat,
     centre_lng, applicant_name, applicant_email, applicant_phone, statement, status,
     rejection_reason, submitted_at)
VALUES ('yulin', '对手社区', '成都市', '武侯区', '玉林街道', 1, 1, 1, 30.6, 104.0, '对手',
        'rival@example.cn', '', '', 'pending', '', now())
"""


def _rival_holding(sql: str) -> tuple[psycopg.Connection, threading.Thread]:
    """A second connection that has written `sql` and commits once our INSERT waits on it."""
    rival = psycopg.connect(schemas.conninfo())
    rival.execute(sql)
    rival_pid = rival.info.backend_pid

    def commit_when_blocking():
        with psycopg.connect(schemas.conninfo(), autocommit=True) as watcher:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                blocked = watcher.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))",
                    [rival_pid],
                ).fetchone()[0]
                if blocked:
                    break
                time.sleep(0.02)
        rival.commit()

    thread = threading.Thread(target=commit_when_blocking)
    thread.start()
    return rival, thread


def test_racing_applications_for_one_slug_lose_with_slug_taken(committed):
    # given a rival application for yulin, written but not yet committed
    rival, committer = _rival_holding(RIVAL_APPLICATION)
    before = census()

    # when another visitor applies for yulin while the rival commits
    result = gql(None).execute(APPLY, {"input": application_input(slug="yulin")})
    committer.join()
    rival.close()

    # then the late one is refused as taken and nothing of it was kept (no account either)
    assert result["data"]["applyForCommunity"] == {
        "application": None,
        "errors": [{"code": "SLUG_TAKEN", "field": "slug"}],
    }
    assert "errors" not in result
    after = census()
    assert (after.users, after.communities, after.schemas) == (
        before.users,
        before.communities,
        before.schemas,
    )
    assert list(CommunityApplication.objects.values_list("name", "status")) == [
        ("对手社区", ApplicationStatus.PENDING)
    ]


def test_racing_community_creation_loses_with_slug_taken(committed):
    # given a rival community yulin, written but not yet committed
    rival, committer = _rival_holding(
        "INSERT INTO public.tenants_community (slug, schema_name, name, city, district,"
        " subdistrict, area_km2, population, households, centre_lat, centre_lng, introduction,"
        " time_zone, status, suspended_reason, created_at) VALUES ('yulin', 'c_yulin',"
        " '对手社区', '成都市', '武侯区', '玉林街道', 1, 1, 1, 30.6, 104.0, '', 'Asia/Shanghai',"
        " 'active', '', now())"
    )

    # when yulin is created here while the rival commits
    try:
        community_create(
            slug="yulin",
            name="玉林社区",
            city="成都市",
            district="武侯区",
            subdistrict="玉林街道",
            area_km2=1,
            population=1,
            households=1,
            centre_lat=30.6,
            centre_lng=104.0,
        )
    except DomainError as error:
        refused = error
    committer.join()
    rival.close()

    # then it is refused as taken, and only the rival's row exists
    assert (refused.code, refused.field) == ("SLUG_TAKEN", "slug")
    assert list(Community.objects.values_list("name", flat=True)) == ["对手社区"]
