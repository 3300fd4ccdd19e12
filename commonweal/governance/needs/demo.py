"""Demo needs, tasks and projects drawn from the seed documents (民意清单 · 任务清单).

佳宏路 (seed 000): the seats of the time-bank square taken on by 四川佳宏物业, the steep
bicycle garage of 大观苑 rebuilt with 金科物业, 大观湖's weeds and missing lamps. 督院街
(seed 001): 微心愿 and old-compound repairs. 枫树 (seed 003): co-built facilities in the
complete-community pilot. Loaded through the services, so transitions, search documents and
the board's figures are what real use would give.
"""

from datetime import timedelta

from django.utils import timezone

from commonweal.governance.needs.models import Need
from commonweal.governance.needs.services import needs as need_services
from commonweal.governance.needs.services import projects as project_services
from commonweal.governance.needs.services import resources as resource_services
from commonweal.governance.needs.services import tasks as task_services
from commonweal.partners.models import Partnership, PartnershipStatus
from commonweal.partners.registry.models import PartnerRepresentative

# (title, description, category, where, final state, partner that takes it on, metres N/E)
NEEDS = {
    "jiahonglu": [
        (
            "时间银行广场缺少座椅",
            "党员在问题检视会上提出：时间银行广场没有座椅，老人散步后没处歇脚。",
            "facilities",
            "时间广场",
            "resolved",
            "四川佳宏物业",
            (0, 0),
        ),
        (
            "大观苑非机动车库坡陡弯急",
            "负一、负二层非机动车库坡陡弯急，推车上下容易摔倒，希望在地面新建车棚。",
            "safety",
            "大观苑",
            "in_progress",
            "金科物业",
            (180, -120),
        ),
        (
            "大观湖部分路段没有路灯",
            "湖边部分路段未安路灯，夜间行走不方便，坡陡处存在安全隐患。",
            "environment",
            "大观湖",
            "accepted",
            None,
            (-400, 260),
        ),
        (
            "湖边有人垂钓，浮萍漫漫",
            "有人在湖边垂钓，鱼苗被钓走，水草滋生，傍晚水面有异味。",
            "environment",
            "大观湖",
            "accepted",
            None,
            (-420, 300),
        ),
        (
            "小区监控系统老化",
            "比华利二期监控画面模糊，夜间看不清出入口。",
            "safety",
            "比华利二期",
            "submitted",
            None,
            (90, 160),
        ),
        (
            "为独居老人上门理发",
            "几位行动不便的独居老人希望有人上门理发。",
            "elderly",
            "佳宏北路",
            "wish",
            None,
            (60, -40),
        ),
    ],
    "duyuanjie": [
        (
            "院落化粪池堵塞",
            "老旧院落化粪池经常堵塞，污水外溢，希望协调疏通并改造管网。",
            "repair",
            "督院街12号院",
            "in_progress",
            None,
            (40, 30),
        ),
        (
            "院坝缺少晾衣架",
            "老院落没有晾晒空间，居民在过道拉绳晾衣，影响通行。",
            "facilities",
            "督院街8号院",
            "accepted",
            None,
            (-60, 20),
        ),
        (
            "微心愿：给孙子买一套课外书",
            "低保户王婆婆希望为上小学的孙子买一套课外读物。",
            "children",
            "督院街",
            "wish",
            None,
            (10, -10),
        ),
        (
            "共享食堂晚餐时段",
            "双职工家庭希望共享食堂增加晚餐时段。",
            "elderly",
            "社区共享食堂",
            "resolved",
            None,
            (0, 50),
        ),
    ],
    "fengshu": [
        (
            "电动车楼道充电隐患",
            "海棠佳苑有居民把电动车推进楼道充电，希望增设集中充电桩。",
            "safety",
            "海棠佳苑",
            "in_progress",
            None,
            (150, 120),
        ),
        (
            "儿童游乐设施不足",
            "四海逸家周边缺少儿童游乐设施，孩子放学没地方玩。",
            "children",
            "四海逸家.华府",
            "accepted",
            None,
            (-200, 80),
        ),
        (
            "老年人智能手机培训",
            "不少老人不会用手机挂号、缴费，希望开设培训班。",
            "elderly",
            "党群服务中心",
            "resolved",
            None,
            (0, 0),
        ),
        (
            "锦江逸家垃圾分类点异味",
            "垃圾分类投放点清运不及时，夏天异味大。",
            "environment",
            "锦江逸家",
            "submitted",
            None,
            (60, -150),
        ),
    ],
}
OWN_RESOURCES = [
    (
        "党群服务中心多功能活动室",
        "room",
        ["culture", "elderly", "children"],
        "可容纳60人，工作日9:00–18:00可预约。",
    ),
    ("社区应急物资库", "equipment", ["safety"], "灭火器、应急照明、防汛沙袋。"),
    (
        "时间银行志愿服务队",
        "volunteer_team",
        ["elderly", "environment", "facilities"],
        "党员、微网格员、大学生志愿者。",
    ),
]
PATH = {
    "submitted": [],
    "accepted": ["accept"],
    "wish": ["mark_wish"],
    "in_progress": ["accept"],
    "resolved": ["accept"],
}


def _point(centre, offset):
    north, east = offset
    return centre[0] + north / 111_320.0, centre[1] + east / 96_000.0


def _partner(name: str | None):
    active = Partnership.objects.filter(status=PartnershipStatus.ACTIVE).order_by("pk")
    if name:
        from commonweal.partners.registry.models import PartnerOrganisation

        organisation = PartnerOrganisation.objects.filter(legal_name=name).first()
        found = active.filter(organisation=organisation).first() if organisation else None
        if found:
            return found
    return active.first()


def _office(community):
    from commonweal.platform.accounts.models import Membership

    membership = (
        Membership.objects.filter(community=community, roles__contains=["admin"])
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _representative(partnership):
    link = PartnerRepresentative.objects.filter(organisation_id=partnership.organisation_id).first()
    return link.user if link else None


def _carry_out(community, need, staff, partner_name, final, today):
    task = task_services.task_create(
        actor=staff,
        community=community,
        need_ids=[need.pk],
        title=f"{need.title[:30]}：征集承接单位",
        description=need.description,
        due_on=today + timedelta(days=14),
        budget=500_000,
    )
    task_services.task_publish(actor=staff, community=community, task=task)
    partnership = _partner(partner_name)
    representative = _representative(partnership) if partnership else None
    if representative is None:
        return
    response = task_services.task_respond(
        actor=representative,
        community=community,
        task=task,
        partnership=partnership,
        offer="我们负责方案和施工，社区协调居民意见。",
    )
    project = task_services.task_choose(
        actor=staff, community=community, task=task, response_ids=[response.pk]
    )
    project_services.project_update_post(
        actor=representative,
        community=community,
        project=project,
        text="已完成现场勘查，制定方案。",
    )
    if final == "resolved":
        project_services.project_complete(
            actor=staff, community=community, project=project, note="按期完成，居民满意。"
        )


def load(community, data) -> None:
    if Need.objects.exists():
        return
    staff = _office(community)
    centre = (float(data["centre_lat"]), float(data["centre_lng"]))
    today = timezone.localdate()
    for title, description, category, place, final, partner, offset in NEEDS.get(data["slug"], []):
        lat, lng = _point(centre, offset)
        need = need_services.need_record_offline(
            actor=staff,
            community=community,
            title=title,
            description=description,
            category=category,
            origin="courtyard_meeting",
            place=place,
            lat=lat,
            lng=lng,
        )
        for verb in PATH[final]:
            need = need_services._move(actor=staff, community=community, need=need, verb=verb)
        if final in ("in_progress", "resolved"):
            _carry_out(community, need, staff, partner, final, today)
    for title, kind, categories, description in OWN_RESOURCES:
        resource_services.community_resource_create(
            actor=staff,
            community=community,
            title=title,
            kind=kind,
            categories=categories,
            description=description,
            place="党群服务中心",
            lat=centre[0],
            lng=centre[1],
        )
