"""Time-bank fixtures: a community with its office, a grid worker, teams and volunteers."""

import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role
from commonweal.timebank.services import signups, tasks, volunteers
from tests.fixtures import make_community, make_member, make_user
from tests.partners.fixtures import in_schema, make_partnership

__all__ = [
    "at_once",
    "hours_from_now",
    "in_schema",
    "make_task",
    "make_volunteer",
    "racing_community",
    "signed_up",
    "tb",
]


def hours_from_now(hours: float):
    return timezone.now() + timedelta(hours=hours)


def make_volunteer(community, *, team=None, name=None, real_name="", **user):
    """A user registered as a volunteer through the service (caller on any schema)."""
    user = make_user(name=name or "", **user)
    with in_schema(community):
        volunteers.volunteer_register(
            community=community,
            actor=user,
            real_name=real_name,
            team_id=team.pk if team else None,
        )
    return user


def make_task(community, actor, *, publish=True, starts_in=-0.25, duration=2.0, **fields):
    """A task starting `starts_in` hours from now (default: a quarter of an hour ago)."""
    values = {
        "title": "大观湖环境整治",
        "place_name": "大观湖小广场",
        "category": "environment",
        "slots": 10,
        "hours": "2",
        "description": "清理湖面水草、湖边垃圾",
        "what_to_bring": "手套、夹子",
    }
    values.update(fields)
    with in_schema(community):
        return tasks.task_create(
            community=community,
            actor=actor,
            starts_at=hours_from_now(starts_in),
            ends_at=hours_from_now(starts_in + duration),
            publish=publish,
            **values,
        )


def signed_up(community, task, *people):
    with in_schema(community):
        for person in people:
            signups.sign_up(community=community, actor=person, task=task)


class TimeBank:
    """佳宏路's time bank in a test: office, a grid worker, two teams, a merchant."""

    def __init__(self, community):
        self.community = community
        self.staff = make_member(community, Role.STAFF, name="社工李强")
        self.grid_worker = make_member(community, Role.GRID_WORKER, name="网格员陈红")
        self.resident = make_member(community, Role.RESIDENT, name="居民刘洋")
        with in_schema(community):
            self.team = volunteers.team_create(actor=self.staff, name="春熙嬢嬢")
            self.other_team = volunteers.team_create(actor=self.staff, name="督院雏鹰")
        self.volunteer = make_volunteer(
            community, team=self.team, name="志愿者王阿姨", real_name="王秀英"
        )

    def partner_once(self):
        """One partner and its representative, made on first use (property tests)."""
        if not hasattr(self, "_partner"):
            self._partner = self.partner()
        return self._partner

    def people_once(self):
        """Three volunteers, made on first use (property tests)."""
        if not hasattr(self, "_people"):
            self._people = [self.volunteer] + [
                make_volunteer(self.community, team=self.other_team) for _ in range(2)
            ]
        return self._people

    def partner(self, name="红旗超市"):
        from tests.partners.fixtures import make_organisation

        with transaction.atomic():  # its status moves lock rows (transactional tests too)
            partnership = make_partnership(
                self.community, organisation=make_organisation(name=name), office=self.staff
            )
        with in_schema(self.community):
            representative = partnership.organisation.representatives.first().user
        return partnership, representative


@pytest.fixture
def tb(jiahonglu):
    return TimeBank(jiahonglu)


@contextmanager
def racing_community(slug):
    """A community whose writes are committed (threads see them); dropped afterwards."""
    connection.set_schema_to_public()
    community = make_community(slug, name="竞速社区")
    try:
        yield community
    finally:
        close_old_connections()
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def at_once(community, calls) -> list:
    """Run each call from its own thread and connection, all released at once; returns
    what each returned, or the code of the DomainError it raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        connection.set_tenant(community)
        barrier.wait()
        try:
            outcomes[index] = call()
        except DomainError as refusal:
            outcomes[index] = refusal.code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    connection.set_schema_to_public()
    return outcomes
