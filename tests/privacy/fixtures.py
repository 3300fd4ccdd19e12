"""A person with data in two communities (Fengshu and Jiahonglu), and how to look for them
in every text column of every schema."""

import io
import json
import zipfile
from dataclasses import dataclass

import pytest
from django.db import connection

from commonweal.governance.hazards.services.reports import report_file
from commonweal.governance.needs.services import needs as need_services
from commonweal.ledger.models import Account
from commonweal.microfund.models import Donation
from commonweal.microfund.services.donations import donation_record_offline
from commonweal.platform.accounts.services import membership_add
from commonweal.platform.audit.services import record
from commonweal.platform.kernel.roles import Role
from commonweal.platform.notifications.models import Notification
from commonweal.timebank import points
from commonweal.timebank.models import VolunteerProfile
from tests.fixtures import make_community, make_member, make_user
from tests.partners.fixtures import in_schema, make_organisation

NAME = "陈思远"
PHONE = "13812345678"
EMAIL = "chensiyuan@example.cn"
ID_NUMBER = "51010419900307123X"


@dataclass
class Person:
    user: object
    communities: list
    staff: dict  # community slug → a staff member there


def give_the_person_a_life(community, user, staff, *, receipt: str) -> None:
    """What a resident leaves in a community: a need (with their phone and ID number in its
    text), a hazard report rewarded with points, a donation, a volunteer profile; and what
    others write about them."""
    with in_schema(community):
        need = need_services.need_raise(
            actor=user,
            community=community,
            title="楼道灯坏了",
            description=f"3栋2单元楼道灯坏了，请联系{NAME}，电话{PHONE}，身份证{ID_NUMBER}。",
            category="facilities",
        )
        need_services.need_decline(
            actor=staff, community=community, need=need, reason=f"已电话告知{NAME}：物业负责"
        )
        report = report_file(
            actor=user,
            community=community,
            category="fire_exit",
            description=f"消防通道堆物，{NAME}发现",
            lat=30.6300,
            lng=104.1000,
        )
        points.award_report(report_id=report.pk, user_id=user.pk, points=5, memo="有奖举报")
        donation = donation_record_offline(
            actor=staff,
            community=community,
            amount=5000,
            method="cash",
            evidence=f"现金，{NAME}当面交付",
            receipt_number=receipt,
            donor_name=NAME,
            message="给孩子们买书",
        )
        Donation.objects.filter(pk=donation.pk).update(donor=user)
        VolunteerProfile.objects.create(user=user, real_name=NAME)
        record(
            actor=staff,
            channel="graphql",
            action="recordOfflineDonation",
            changes={"donorName": NAME, "contact": PHONE},
        )
    Notification.objects.create(user=staff, title=f"{NAME} 提交了需求", body=f"电话 {PHONE}")
    Notification.objects.create(user=user, title="您的需求已处理", kind="need")


@pytest.fixture
def person(db) -> Person:
    fengshu = make_community("fengshu", name="枫树社区")
    jiahonglu = make_community("jiahonglu", name="佳宏路社区", subdistrict="狮子山街道")
    user = make_user(email=EMAIL, phone=PHONE, name=NAME)
    staff = {}
    for n, community in enumerate((fengshu, jiahonglu)):
        membership_add(community=community, user=user, roles=[Role.RESIDENT, Role.VOLUNTEER])
        staff[community.slug] = make_member(community, Role.STAFF, name=f"社工{n}")
        give_the_person_a_life(community, user, staff[community.slug], receipt=f"XJ-{n}-0001")
    # as an actor the audit log names, and as a partner organisation's contact person
    record(actor=user, channel="web", action="signIn")
    make_organisation(
        user,
        name="思远修鞋铺",
        kind="craftsman",
        contact_name=NAME,
        contact_phone=PHONE,
        contact_email=EMAIL,
    )
    return Person(user=user, communities=[fengshu, jiahonglu], staff=staff)


def schemas() -> list[str]:
    from commonweal.tenants.models import Community

    return ["public", *Community.objects.order_by("slug").values_list("schema_name", flat=True)]


def text_hits(*needles: str) -> list[tuple[str, str, str, str]]:
    """(schema, table, column, needle) for every text column of every table of every schema
    (public and each community's) holding one of `needles`."""
    hits = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, table_name, column_name FROM information_schema.columns c"
            " JOIN information_schema.tables t USING (table_schema, table_name)"
            " WHERE t.table_type = 'BASE TABLE' AND table_schema = ANY(%s)"
            " AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb',"
            " 'ARRAY')",
            [schemas()],
        )
        columns = cursor.fetchall()
        for schema, table, column in columns:
            for needle in needles:
                cursor.execute(
                    f'SELECT count(*) FROM "{schema}"."{table}" WHERE "{column}"::text LIKE %s',
                    [f"%{needle}%"],
                )
                if cursor.fetchone()[0]:
                    hits.append((schema, table, column, needle))
    return hits


def balances() -> dict:
    """Every ledger account's balance and the sum of its legs, in every community."""
    from commonweal.tenants.models import Community

    found = {}
    for community in Community.objects.order_by("slug"):
        with in_schema(community):
            for account in Account.objects.order_by("code"):
                legs = sum(account.legs.values_list("amount", flat=True))
                found[(community.slug, account.code)] = (account.balance, legs)
    return found


def unzip(content: bytes) -> dict[str, object]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: (
                json.loads(archive.read(name))
                if name.endswith(".json")
                else archive.read(name).decode("utf-8-sig")
            )
            for name in archive.namelist()
        }


def run_export_jobs() -> int:
    """Run the export jobs deferred in this (uncommitted) test transaction, as the worker
    would: the worker's own connection cannot see them before commit."""
    from commonweal.privacy.tasks import build_export

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT args FROM public.procrastinate_jobs WHERE task_name = %s AND status = 'todo'"
            " ORDER BY id",
            [build_export.name],
        )
        jobs = [args for (args,) in cursor.fetchall()]
    for args in jobs:
        build_export(**(json.loads(args) if isinstance(args, str) else args))
    return len(jobs)
