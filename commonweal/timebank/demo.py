"""Time-bank demo data from the seeds: 佳宏路's 50 points per check-in and its merchants
(红旗连锁, 华西奶业, 伊利奶业, 义剪 and 缝补 craftsmen), 督院街's 春熙嬢嬢 and 督院雏鹰, 枫树's
红枫 party-member volunteers. Everything goes through the services, so the ledger, the
service records and the search documents are as real users would leave them."""

import random
from datetime import time, timedelta

from django.utils import timezone

from commonweal.partners.models import Partnership, PartnershipStatus
from commonweal.platform.accounts.models import User
from commonweal.platform.kernel.roles import Role
from commonweal.timebank import codes
from commonweal.timebank.models import Task, TimebankSettings, VolunteerProfile
from commonweal.timebank.services import (
    checkins,
    offers,
    redemptions,
    series,
    signups,
    tasks,
    volunteers,
)

TEAMS = {
    "jiahonglu": [
        ("党员志愿服务队", "社区党员,参与疫情防控、文明典范城市创建。"),
        ("微网格员志愿服务队", "微网实格日常任务,时间银行是微网格员的激励机制。"),
        ("居民志愿服务队", "小区院落的居民志愿者。"),
        ("川师大学生志愿服务队", "四川师范大学学生志愿者。"),
        ("生态环境保护志愿服务队", "大观湖保卫战,76人。"),
    ],
    "duyuanjie": [
        ("春熙嬢嬢", "关注弱势群体,提供生活帮助和关爱。"),
        ("督院雏鹰", "青少年志愿服务队,参与社区环保、文化宣传。"),
    ],
    "fengshu": [
        ("红枫党员志愿服务队", "安全隐患排查、矛盾纠纷化解、垃圾分类宣传。"),
        ("枫之翼巡逻队", "综治巡逻、安全排查。"),
    ],
}
VOLUNTEERS = ["王秀英", "李桂兰", "张建国", "刘淑芬", "陈志强", "杨丽", "赵敏", "黄小龙"]
PAST_TASKS = [
    ("燃气安全入户宣传", "gas_safety", "比华利二期", "2"),
    ("大观湖环境整治", "environment", "大观湖小广场", "3"),
    ("微网实格日常巡查", "grid_daily", "比华利一期", "1.5"),
    ("文明典范城市创建劝导", "civility", "佳宏路口", "2"),
    ("独居老人探访", "elder_care", "大观祥苑", "1"),
]
OFFERS = {
    "红旗连锁": [("10元购物券", 200, 30), ("食用油一桶", 500, 10)],
    "华西奶业": [("鲜牛奶一箱", 300, 20)],
    "伊利奶业": [("酸奶两盒", 100, 40)],
    "社区义剪匠人孙师傅": [("老人义剪一次", 50, 60)],
    "缝补修理匠人何师傅": [("缝补修理一次", 80, 30)],
}


def _volunteer(community, slug, index, team) -> User:
    phone = f"139{sum(map(ord, slug)) % 1000:03d}{index:05d}"
    user = User.objects.filter(phone=phone).first()
    if user is None:
        user = User.objects.create_user(
            None,
            f"{slug}-volunteer-demo",
            phone=phone,
            display_name=VOLUNTEERS[index % len(VOLUNTEERS)],
        )
    if not VolunteerProfile.objects.filter(user_id=user.pk).exists():
        volunteers.volunteer_register(
            community=community,
            actor=user,
            real_name=user.display_name,
            team_id=team.pk,
            skills=["宣传", "巡逻"][: 1 + index % 2],
            on_leaderboard=index % 3 != 0,
        )
    return user


def _office(community) -> User:
    return (
        User.objects.filter(
            memberships__community=community, memberships__roles__overlap=[Role.ADMIN, Role.STAFF]
        )
        .order_by("pk")
        .first()
    )


def load(community, data) -> None:
    slug = data["slug"]
    if slug not in TEAMS or Task.objects.exists():
        return
    office = _office(community)
    if office is None:
        return
    settings = TimebankSettings.current()
    settings.organisation_name = f"{community.name}时间银行"
    settings.save()
    teams = [volunteers.team_create(actor=office, name=n, description=d) for n, d in TEAMS[slug]]
    people = [_volunteer(community, slug, i, teams[i % len(teams)]) for i in range(8)]
    rng = random.Random(slug)
    now = timezone.now()
    # Tasks served earlier today, checked in by scan or by the organiser (代签到).
    for i, (title, category, place, hours) in enumerate(PAST_TASKS):
        task = tasks.task_create(
            community=community,
            actor=office,
            title=title,
            category=category,
            place_name=place,
            slots=10,
            hours=hours,
            what_to_bring="志愿者马甲",
            starts_at=now - timedelta(minutes=20 + i),
            ends_at=now + timedelta(hours=2),
            publish=True,
        )
        for person in rng.sample(people, 5):
            signups.sign_up(community=community, actor=person, task=task)
            code = codes.issue(task, step_seconds=settings.code_step_seconds)
            if rng.random() < 0.8:
                checkins.check_in(community=community, actor=person, code=code)
            else:
                checkins.proxy_check_in(
                    community=community, actor=office, task=task, volunteer=person
                )
    # Upcoming: every Saturday morning a safety patrol.
    series.series_create(
        community=community,
        actor=office,
        title="周六上午 安全巡逻",
        category="safety_patrol",
        place_name=(data.get("compounds") or ["社区党群服务中心"])[0],
        slots=8,
        hours="2.5",
        weekdays=[5],
        start_time=time(9, 0),
        end_time=time(11, 30),
        first_day=timezone.localdate(),
        team_ids=[teams[0].pk],
    )
    tasks.task_create(
        community=community,
        actor=office,
        title="积分兑换日",
        category="exchange_day",
        place_name="时间银行广场",
        slots=20,
        hours="1",
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=3),
        publish=True,
    )
    _offers(community, office, people, rng)


def _offers(community, office, people, rng) -> None:
    today = timezone.localdate()
    partnerships = {
        p.organisation.legal_name: p
        for p in Partnership.objects.filter(status=PartnershipStatus.ACTIVE).select_related(
            "organisation"
        )
    }
    chosen = [(partnerships[name], items) for name, items in OFFERS.items() if name in partnerships]
    if not chosen:
        chosen = [(p, [("公益服务一次", 50, 20)]) for p in list(partnerships.values())[:3]]
    made = []
    for partnership, items in chosen:
        for item, price, stock in items:
            made.append(
                offers.offer_create(
                    community=community,
                    actor=office,
                    partnership_id=partnership.pk,
                    item=item,
                    price=price,
                    stock=stock,
                    valid_from=today,
                    valid_until=today + timedelta(days=90),
                    per_person_limit=2,
                )
            )
    cheap = [o for o in made if o.price <= 100]
    for person in people[:4]:
        if cheap:
            redemptions.redeem(community=community, actor=person, offer=rng.choice(cheap))
