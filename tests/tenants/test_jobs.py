"""Onboarding's jobs: deferred in the deciding transaction, run by the worker, and the
`community_task` decorator that runs a job inside its community's schema."""

import json

import pytest
from django.core import mail
from django.db import connection, transaction

from commonweal.platform.kernel.jobs import community_task
from commonweal.tenants.models import CommunityApplication
from commonweal.tenants.services import application_approve, application_reject
from commonweal.tenants.tasks import notify_application_decided
from tests.fixtures import make_community, make_user, run_worker

NOTIFY = "commonweal.tenants.tasks.notify_application_decided"
RECORD = "tests.tenants.test_jobs.record_schema"
SEEN: list[tuple] = []


@community_task()
def record_schema(*, community, note: str) -> None:
    """Test task: what the decorator hands a community job."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        SEEN.append((community.slug, connection.schema_name, cursor.fetchone()[0], note))


@pytest.fixture
def seen():
    SEEN.clear()
    yield SEEN
    SEEN.clear()


def _application(**fields) -> CommunityApplication:
    data = {
        "slug": "yulin",
        "name": "玉林社区",
        "city": "成都市",
        "district": "武侯区",
        "subdistrict": "玉林街道",
        "area_km2": "1.20",
        "population": 21000,
        "households": 9000,
        "centre_lat": 30.63,
        "centre_lng": 104.06,
        "applicant_name": "李书记",
        "applicant_email": "li@yulin.example.cn",
    }
    data.update(fields)
    return CommunityApplication.objects.create(**data)


def _jobs() -> list[tuple]:
    """This module's jobs (other apps schedule periodic ones of their own)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT task_name, args, status FROM procrastinate_jobs "
            "WHERE task_name = ANY(%s) ORDER BY id",
            [[NOTIFY, RECORD]],
        )
        # Django's psycopg setup loads jsonb as text.
        return [(name, json.loads(args), status) for name, args, status in cursor.fetchall()]


def test_job_deferred_in_a_rolled_back_transaction_vanishes(committed):
    # given a pending application
    application = _application()
    admin = make_user(staff=True)

    # when it is rejected inside a transaction that then fails
    with pytest.raises(RuntimeError, match="later failure"), transaction.atomic():
        application_reject(actor=admin, application=application, reason="信息不全")
        assert len(_jobs()) == 1
        raise RuntimeError("later failure")

    # then neither the decision nor its notification job remain
    assert _jobs() == []
    application.refresh_from_db()
    assert application.status == "pending"


def test_decision_commits_one_notification_job(committed):
    # given a pending application
    application = _application()
    admin = make_user(staff=True)

    # when it is rejected (committed)
    application_reject(actor=admin, application=application, reason="信息不全")

    # then one job waits for the worker, naming the application
    assert _jobs() == [(NOTIFY, {"application_id": application.pk}, "todo")]


def test_worker_sends_the_approval_mail_with_the_community_host(committed):
    # given an approved application whose notification job is committed
    application = _application()
    application_approve(actor=make_user(staff=True), application=application)
    assert [job[0] for job in _jobs()] == [NOTIFY]

    # when the worker runs the queue
    run_worker()

    # then the job succeeded and the applicant has the address of their community
    assert _jobs() == [(NOTIFY, {"application_id": application.pk}, "succeeded")]
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (
            ["li@yulin.example.cn"],
            "玉林社区已入驻社区治理合伙人平台",
            "您的社区已开通：http://yulin.localhost/ ，请用您的账号登录。",
        )
    ]


def test_rejection_mail_gives_the_reason(db):
    # given a rejected application
    application = _application()
    application_reject(actor=make_user(staff=True), application=application, reason="辖区重叠")

    # when its notification runs
    notify_application_decided(application_id=application.pk)

    # then the applicant is told why
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["li@yulin.example.cn"], "玉林社区的入驻申请", "申请未获批准。原因：辖区重叠")
    ]


def test_applicant_without_email_gets_no_mail(db):
    # given an approved application filed with a phone number only
    application = _application(applicant_email="", applicant_phone="13800138000")
    application_approve(actor=make_user(staff=True), application=application)

    # when its notification runs
    notify_application_decided(application_id=application.pk)

    # then no mail is sent
    assert mail.outbox == []


def test_community_task_runs_in_the_community_schema(fengshu, seen):
    # given fengshu and a task declared with @community_task

    # when it runs for fengshu's schema
    record_schema(community_schema="c_fengshu", note="直接")

    # then it ran inside fengshu's schema, and the connection is back on public afterwards
    assert seen == [("fengshu", "c_fengshu", "c_fengshu", "直接")]
    assert connection.schema_name == "public"


def test_community_task_returns_to_public_when_it_fails(fengshu):
    # given a community task that fails
    @community_task()
    def explode(*, community):
        assert connection.schema_name == "c_fengshu"
        raise ValueError("boom")

    # when it runs
    with pytest.raises(ValueError, match="boom"):
        explode(community_schema="c_fengshu")

    # then the connection is back on public
    assert connection.schema_name == "public"


def test_community_task_through_the_worker(committed, seen):
    # given two communities and a community job deferred for one of them
    make_community("fengshu")
    make_community("jiahonglu")
    record_schema.defer(community_schema="c_jiahonglu", note="排队")

    # when the worker runs the queue
    run_worker()

    # then the job ran inside jiahonglu's schema
    assert seen == [("jiahonglu", "c_jiahonglu", "c_jiahonglu", "排队")]
    assert _jobs() == [
        (
            RECORD,
            {"community_schema": "c_jiahonglu", "note": "排队"},
            "succeeded",
        )
    ]
