"""Demo grids and hazard reports drawn from the seed documents.

枫树 (seed 003): the "红枫" micro-grid platform (微网实格治理平台) — grids split into
micro-grids, each a unit of governance; the rewarded "安全隐患随手报" (broken roads, damaged
facilities, gas). 督院街 (seed 001): grids of 70–100 households, one community worker per grid,
the Party secretary as 总网格长 and compound secretaries as 分网格长; 社区吹哨、部门报到.
Shapes are rectangles around the community's centre (the seeds give no outlines); loaded
through the services, so routing, transitions and rewards are what real use would give.
"""

import datetime as dt
import random

from django.utils import timezone

from commonweal.governance.hazards.models import (
    Campaign,
    CampaignItem,
    Grid,
    HazardReport,
    HazardSettings,
    Holiday,
    ReportTransition,
)
from commonweal.governance.hazards.routing import grid_ids_at
from commonweal.governance.hazards.services import (
    campaigns,
    departments,
    escalation,
    grids,
)
from commonweal.governance.hazards.services import households as places
from commonweal.governance.hazards.services import reports as services

# grid → (south-west, north-east corners in metres N/E of the centre, households, micro-grids)
GRIDS = {
    "fengshu": [
        ("红枫第一网格", (-300, -400), (0, 0), 96, [("枫林苑微网格", (-250, -350), (-120, -200))]),
        ("红枫第二网格", (-300, 0), (0, 400), 88, [("枫香园微网格", (-250, 80), (-100, 260))]),
        ("红枫第三网格", (0, -400), (300, 400), 92, []),
    ],
    "duyuanjie": [
        (
            "督院街第一网格",
            (-250, -300),
            (0, 0),
            84,
            [("省府街院落微网格", (-200, -250), (-80, -100))],
        ),
        ("督院街第二网格", (-250, 0), (0, 300), 76, []),
        ("督院街第三网格", (0, -300), (250, 300), 98, []),
    ],
}
DEPARTMENTS = [
    ("街道办事处", "jiedao@demo.commonweal.cn", True, []),
    ("燃气公司抢修中心", "gas@demo.commonweal.cn", False, ["gas"]),
    ("区城市管理局", "chengguan@demo.commonweal.cn", False, ["road", "facility"]),
    ("消防救援站", "xiaofang@demo.commonweal.cn", False, ["fire_exit", "ebike_indoors"]),
]
# (category, description, place, metres N/E, what happens)
REPORTS = {
    "fengshu": [
        ("gas", "3栋2单元楼道有燃气味，怀疑管道接口松动", "枫林苑3栋", (-200, -300), "fix"),
        ("road", "小区入口路面塌陷一个坑，电瓶车容易摔", "红枫路口", (-150, 100), "confirm"),
        ("fire_exit", "消防通道被杂物和电动车堵住", "枫香园5栋", (-180, 150), "whistle"),
        ("ebike_indoors", "有住户把电动车推进电梯上楼充电", "枫香园2栋", (-120, 200), "submit"),
        ("falling_objects", "高层阳台花盆放在护栏外", "红枫第三网格8栋", (150, 0), "submit"),
        ("facility", "健身器材螺丝松动，老人使用有危险", "枫林苑广场", (-220, -330), "fix"),
    ],
    "duyuanjie": [
        ("electricity", "老院落私拉电线给电动车充电", "省府街院落", (-150, -200), "confirm"),
        ("gas", "院落燃气表箱锈蚀", "督院街12号", (100, 100), "submit"),
    ],
}
# Seed 003: "依托微网实格开展燃气安全排查、文明城市宣传等专项行动25次，微网格上报信息2352条，
# 处置安全隐患225个" — the totals the 枫树 demo reaches (the reports above included).
FENGSHU_CAMPAIGNS = 25
FENGSHU_REPORTS = 2352
FENGSHU_FIXED = 225
COVERS = {
    "红枫第一网格": "四海逸家·华府1栋、四海逸家·华府2栋、四海逸家·华府3栋、四海逸家·华府4栋",
    "红枫第二网格": "四海逸家·蓝钻1栋、四海逸家·蓝钻2栋、四海逸家·云庭1栋",
    "红枫第三网格": "锦江逸家1栋、锦江逸家2栋、海棠佳苑1栋、海棠佳苑2栋、鑫苑名家一期",
}
# Doors recorded one by one (the others count households only): each of 红枫第一网格's four
# 华府 buildings has 2 units of 6 floors with 2 doors a floor — its 96 households.
RECORDED_DOORS = {"红枫第一网格": (2, 6, 2)}
HOLIDAYS = [
    (dt.date(2027, 1, 1), "元旦", False),
    (dt.date(2027, 2, 6), "春节调休上班", True),
    (dt.date(2027, 2, 8), "春节", False),
]


def _doors(grid_name: str) -> str:
    units, floors, per_floor = RECORDED_DOORS[grid_name]
    return "".join(
        f"{building},{unit}单元,{floor}0{door}\n"
        for building in COVERS[grid_name].split("、")
        for unit in range(1, units + 1)
        for floor in range(1, floors + 1)
        for door in range(1, per_floor + 1)
    )


def _point(centre, metres):
    north, east = metres
    return centre[0] + north / 111_320.0, centre[1] + east / 96_000.0


def _ring(centre, south_west, north_east):
    (s, w), (n, e) = _point(centre, south_west), _point(centre, north_east)
    return [(s, w), (s, e), (n, e), (n, w)]


def _admin(community):
    from commonweal.platform.accounts.models import Membership

    membership = (
        Membership.objects.filter(community=community, roles__contains=["admin"])
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def load(community, data) -> None:
    if data["slug"] not in GRIDS or Grid.objects.exists():
        return
    admin = _admin(community)
    centre = (float(data["centre_lat"]), float(data["centre_lng"]))
    rules = HazardSettings.current()
    rules.reward_points, rules.daily_cap = 10, 30
    rules.save()
    for day, name, worked in HOLIDAYS:
        Holiday.objects.get_or_create(day=day, defaults={"name": name, "is_workday": worked})
    for name, south_west, north_east, households, micro in GRIDS[data["slug"]]:
        grid = grids.grid_draw(
            actor=admin,
            name=name,
            rings=[_ring(centre, south_west, north_east)],
            households=households,
            covers=COVERS.get(name, ""),
        )
        if name in RECORDED_DOORS:
            places.households_import(actor=admin, grid=grid, text=_doors(name))
        if admin is not None:
            grids.grid_member_set(
                actor=admin, community=community, grid=grid, user=admin, role="leader"
            )
        for micro_name, micro_sw, micro_ne in micro:
            grids.grid_draw(
                actor=admin,
                name=micro_name,
                rings=[_ring(centre, micro_sw, micro_ne)],
                parent=grid,
            )
    for name, email, subdistrict, categories in DEPARTMENTS:
        departments.department_create(
            actor=admin, name=name, email=email, is_subdistrict=subdistrict, categories=categories
        )
    if admin is None:
        return
    for category, description, place, metres, outcome in REPORTS.get(data["slug"], []):
        lat, lng = _point(centre, metres)
        report = services.report_file(
            actor=admin,
            community=community,
            category=category,
            description=description,
            lat=lat,
            lng=lng,
            place=place,
        )
        if outcome in ("confirm", "fix", "whistle"):
            report = services.report_confirm(actor=admin, community=community, report=report)
        if outcome == "fix":
            services.report_fix(actor=admin, community=community, report=report, note="已整改")
        if outcome == "whistle":
            escalation.blow_whistle(
                actor=admin, community=community, report=report, reason="堵塞严重，请消防部门处置"
            )
    if data["slug"] == "fengshu":
        _campaigns(community, admin)
        _history(admin, centre)


def _campaigns(community, admin) -> None:
    """24 closed campaigns (every door visited) and the one under way, half done."""
    top = list(Grid.objects.filter(parent__isnull=True).order_by("name"))
    now = timezone.now()
    for n in range(FENGSHU_CAMPAIGNS):
        gas = n % 2 == 0
        campaign = campaigns.campaign_start(
            actor=admin,
            title=f"{'燃气安全入户检查' if gas else '文明城市宣传'}（第{n // 2 + 1}期）",
            unit="household" if gas else "building",
            grids=top,
            description="检查燃气软管、报警器和阀门" if gas else "张贴文明公约，劝导楼道堆物",
        )
        started = now - dt.timedelta(days=30 * (FENGSHU_CAMPAIGNS - n))
        Campaign.objects.filter(pk=campaign.pk).update(created_at=started)
        items = CampaignItem.objects.filter(campaign=campaign)
        if n < FENGSHU_CAMPAIGNS - 1:
            items.update(outcome="done", visited_by=admin, visited_at=started)
            items.filter(position__in=range(7, 200, 7)).update(outcome="not_home")
            Campaign.objects.filter(pk=campaign.pk).update(
                status="closed", closed_by=admin, closed_at=started + dt.timedelta(days=14)
            )
            continue
        for item in items.filter(position__lte=40).order_by("grid__name", "position"):
            campaigns.item_record(
                actor=admin,
                community=community,
                item=item,
                outcome="not_home" if item.position % 9 == 0 else "done",
            )
        campaigns.item_record(
            actor=admin,
            community=community,
            item=items.filter(outcome="pending").order_by("position").first(),
            outcome="hazard",
            hazard={"category": "gas", "description": "燃气软管老化开裂，已提醒住户更换"},
        )


def _history(admin, centre) -> None:
    """The rest of the seed's 2,352 reports over the last two years, written in bulk: the
    225 hazards dealt with (fixed) and information closed as not a hazard (not public)."""
    rng = random.Random(3)
    have = HazardReport.objects.count()
    fixed_needed = FENGSHU_FIXED - HazardReport.objects.filter(state="fixed").count()
    now = timezone.now()
    points = [
        _point(centre, (rng.uniform(-290, 290), rng.uniform(-390, 390)))
        for _ in range(FENGSHU_REPORTS - have)
    ]
    routed = grid_ids_at(points)
    categories = ["road", "facility", "gas", "fire_exit", "ebike_indoors", "falling_objects"]
    made = []
    for k, ((lat, lng), grid_id) in enumerate(zip(points, routed, strict=True)):
        created = now - dt.timedelta(days=730 * (k + 1) / len(points) + 1, hours=rng.uniform(0, 8))
        closed = created + dt.timedelta(hours=rng.uniform(2, 60))
        fixed = k < fixed_needed
        made.append(
            HazardReport(
                category=categories[k % len(categories)],
                description="网格员巡查上报" if fixed else "网格员上报信息（已处理，非隐患）",
                lat=lat,
                lng=lng,
                reporter=admin,
                grid_id=grid_id,
                state="fixed" if fixed else "not_a_hazard",
                state_changed_at=closed,
                level_since=created,
                created_at=created,
                fixed_at=closed if fixed else None,
            )
        )
    HazardReport.objects.bulk_create(made, batch_size=1000)
    ReportTransition.objects.bulk_create(
        [
            ReportTransition(
                report=r, from_status="", to_status="submitted", actor=admin, at=r.created_at
            )
            for r in made
        ]
        + [
            ReportTransition(
                report=r,
                from_status="submitted",
                to_status=r.state,
                actor=admin,
                at=r.state_changed_at,
            )
            for r in made
        ],
        batch_size=2000,
    )
