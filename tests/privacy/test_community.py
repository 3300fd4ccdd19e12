"""社区数据导出 and a community's deletion after its grace period."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from commonweal.governance.needs.models import Need
from commonweal.ledger.models import Account
from commonweal.platform.accounts.models import Membership
from commonweal.platform.audit.models import AuditEntry
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role
from commonweal.privacy.models import CommunityClosure
from commonweal.privacy.services.closures import (
    closure_cancel,
    closure_schedule,
    closures_run_due,
)
from commonweal.privacy.services.exports import community_archive
from commonweal.tenants.backup import schema_exists
from commonweal.tenants.models import Community
from tests.fixtures import make_member
from tests.partners.fixtures import get_page, in_schema
from tests.privacy.fixtures import unzip


def test_a_community_export_holds_every_table_row_for_row(person):
    # given Fengshu with the person's need, report, donation and points
    fengshu = person.communities[0]

    # when its admin's export is made
    files = unzip(community_archive(fengshu))

    # then every table of its schema is there as JSON and CSV ...
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'c_fengshu'"
            " AND table_type = 'BASE TABLE'"
        )
        tables = sorted(name for (name,) in cursor.fetchall())
    assert sorted(n[: -len(".json")] for n in files if n.endswith(".json")) == tables
    assert sorted(n[: -len(".csv")] for n in files if n.endswith(".csv")) == tables
    # ... row for row: the needs and the ledger accounts read back as stored
    with in_schema(fengshu):
        needs = list(Need.objects.values("id", "title", "description", "status"))
        accounts = list(Account.objects.values("code", "balance").order_by("code"))
    exported = [
        {k: n[k] for k in ("id", "title", "description", "status")}
        for n in files["needs_need.json"]
    ]
    assert exported == needs
    assert (
        sorted(
            ({"code": a["code"], "balance": a["balance"]} for a in files["ledger_account.json"]),
            key=lambda a: a["code"],
        )
        == accounts
    )
    assert files["needs_need.csv"].splitlines()[0].split(",")[0] == "id"
    assert len(files["needs_need.csv"].splitlines()) == 1 + len(needs)
    # ... with no check-in salt of any task
    assert all(t["code_salt"] is None for t in files["timebank_task.json"])


@pytest.fixture
def closing(db, platform_admin):
    from tests.fixtures import make_community

    community = make_community("yuquan", name="玉泉社区")
    return community, closure_schedule(
        actor=platform_admin, community=community, reason="合并到街道平台"
    )


def test_a_deletion_is_carried_out_only_after_the_grace_period(closing):
    community, closure = closing
    assert closure.due_at - closure.scheduled_at == pytest.approx(
        timedelta(days=30), abs=timedelta(minutes=1)
    )

    # when the job runs during the grace period, nothing is deleted
    assert closures_run_due() == []
    assert schema_exists("c_yuquan")

    # when it runs after it
    assert closures_run_due(now=timezone.now() + timedelta(days=31)) == ["c_yuquan"]

    # then the schema and the community's platform rows are gone; the closure is recorded
    assert not schema_exists("c_yuquan")
    assert not Community.objects.filter(slug="yuquan").exists()
    assert not Membership.objects.filter(community_id=community.pk).exists()
    closure.refresh_from_db()
    assert (closure.community_id, closure.schema_name) == (None, "c_yuquan")
    assert closure.deleted_at is not None
    assert (
        AuditEntry.objects.filter(action="deleteCommunity", target="玉泉社区 (c_yuquan)").count()
        == 1
    )


def test_a_cancelled_deletion_keeps_the_community(closing, platform_admin):
    community, _closure = closing

    # when the platform admin calls it off and the job runs after the grace period
    closure_cancel(actor=platform_admin, community=community)
    assert closures_run_due(now=timezone.now() + timedelta(days=31)) == []

    # then the community and its schema are there
    assert schema_exists("c_yuquan")
    assert Community.objects.filter(slug="yuquan").exists()


def test_scheduling_refusals_change_nothing(closing, platform_admin):
    community, _closure = closing
    with pytest.raises(DomainError) as twice:
        closure_schedule(actor=platform_admin, community=community)
    assert twice.value.code == "CLOSURE_PENDING"
    closure_cancel(actor=platform_admin, community=community)
    with pytest.raises(DomainError) as short:
        closure_schedule(actor=platform_admin, community=community, grace_days=3)
    assert (short.value.code, short.value.field) == ("GRACE_TOO_SHORT", "grace_days")
    with pytest.raises(DomainError) as none:
        closure_cancel(actor=platform_admin, community=community)
    assert none.value.code == "NO_PENDING_CLOSURE"
    assert CommunityClosure.objects.count() == 1


BANNER = re.compile(r'<div class="shell-banner" role="status"><a href="([^"]*)">(.*?)</a></div>')


def test_every_page_of_a_closing_community_says_so(closing, fengshu):
    # given Yuquan closing, and a member of it
    community, closure = closing
    member = make_member(community, Role.RESIDENT, name="居民小赵")
    day = f"{closure.due_at:%Y-%m-%d}"
    said = f"<strong>即将关闭</strong> 本社区将于 {day} 关闭，请在此之前下载您的数据"

    # when anyone opens its pages, the home and others, signed in or not
    for path, user in [("/", None), ("/needs/", None), ("/map/", None), ("/me/", member)]:
        response = get_page(community, path, user)

        # then each has exactly one banner, saying when, and linking to 下载我的数据
        assert response.status_code == 200, path
        assert BANNER.findall(response.content.decode()) == [("/me/data/", said)], path

    # and another community's pages have none
    assert BANNER.findall(get_page(fengshu, "/").content.decode()) == []


def test_the_banner_goes_when_the_deletion_is_called_off(closing, platform_admin):
    community, _closure = closing
    closure_cancel(actor=platform_admin, community=community)
    assert BANNER.findall(get_page(community, "/").content.decode()) == []
