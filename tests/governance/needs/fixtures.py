"""Needs fixtures: people of Fengshu, needs in any status, an active partner with a point."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from commonweal.governance.needs.models import NeedStatus
from commonweal.governance.needs.services import needs as need_services
from commonweal.governance.needs.services import tasks as task_services
from commonweal.platform.kernel.roles import Role
from tests.fixtures import make_member, make_user
from tests.partners.fixtures import in_schema, make_organisation, make_partnership

# The seats of the time-bank square (佳宏路, seed 000): the example the needs list is built on.
SQUARE = (30.6300, 104.1000)


@dataclass
class People:
    resident: object
    neighbour: object
    staff: object
    admin: object
    grid_worker: object
    representative: object
    other_representative: object
    partner: object
    other_partner: object


@pytest.fixture
def people(fengshu) -> People:
    staff = make_member(fengshu, Role.STAFF, name="社工李强")
    representative = make_user(name="佳宏物业代表")
    other_representative = make_user(name="别家代表")
    partner = make_partnership(
        fengshu, organisation=make_organisation(representative, name="四川佳宏物业"), office=staff
    )
    other_partner = make_partnership(
        fengshu,
        organisation=make_organisation(other_representative, name="红旗连锁"),
        office=staff,
    )
    return People(
        resident=make_member(fengshu, Role.RESIDENT, name="居民张伟"),
        neighbour=make_member(fengshu, Role.RESIDENT, name="邻居王芳"),
        staff=staff,
        admin=make_member(fengshu, Role.ADMIN, name="书记"),
        grid_worker=make_member(fengshu, Role.GRID_WORKER, name="网格员"),
        representative=representative,
        other_representative=other_representative,
        partner=partner,
        other_partner=other_partner,
    )


def raise_need(community, actor, *, title="时间银行广场缺少座椅", category="facilities", **extra):
    with in_schema(community):
        return need_services.need_raise(
            actor=actor,
            community=community,
            title=title,
            description=extra.pop("description", "老人在广场休息没有地方坐，希望安装几张座椅。"),
            category=category,
            place=extra.pop("place", "时间广场"),
            lat=extra.pop("lat", SQUARE[0]),
            lng=extra.pop("lng", SQUARE[1]),
        )


def need_in(community, status, people: People, **extra):
    """A need raised by the resident, moved to `status` by staff."""
    need = raise_need(community, people.resident, **extra)
    with in_schema(community):
        moves = {
            NeedStatus.SUBMITTED: [],
            NeedStatus.ACCEPTED: ["accept"],
            NeedStatus.WISH: ["mark_wish"],
            NeedStatus.DECLINED: ["decline"],
            NeedStatus.IN_PROGRESS: ["accept", "start"],
            NeedStatus.RESOLVED: ["accept", "start", "resolve"],
            NeedStatus.CLOSED: ["accept", "start", "resolve", "close"],
        }[status]
        for verb in moves:
            need = need_services._move(
                actor=people.staff, community=community, need=need, verb=verb, reason="测试"
            )
    return need


def published_task(community, people: People, need=None):
    need = need or need_in(community, NeedStatus.ACCEPTED, people)
    with in_schema(community):
        task = task_services.task_create(
            actor=people.staff,
            community=community,
            need_ids=[need.pk],
            title="为时间广场安装座椅",
            description="安装 4 张户外座椅",
            due_on=timezone.localdate() + timedelta(days=14),
            budget=300000,
        )
        return task_services.task_publish(actor=people.staff, community=community, task=task)


def chosen_project(community, people: People):
    """A published task taken up by the partner and chosen by staff: its project."""
    task = published_task(community, people)
    with in_schema(community):
        response = task_services.task_respond(
            actor=people.representative,
            community=community,
            task=task,
            partnership=people.partner,
            offer="免费安装座椅",
        )
        return task_services.task_choose(
            actor=people.staff, community=community, task=task, response_ids=[response.pk]
        )
