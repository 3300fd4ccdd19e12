"""Demo partners from the seeds (DEMO_PARTNERS), with a history, commitments and ratings.

枫树社区's 红枫·社区治理合伙人 grew from 11 partners (2020-06) to 41: the seed names 16 of them,
the others are generic neighbourhood partners so that the dashboard draws the real curve.
Idempotent: organisations are found by name, partnerships by organisation.
"""

import hashlib
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from commonweal.partners.models import (
    Fulfilment,
    Obligation,
    Partnership,
    PartnershipStatus,
    PartnershipTransition,
    Recognition,
    ResourceCommitment,
    ServiceRating,
)
from commonweal.partners.registry.credit_code import make_code
from commonweal.partners.registry.models import OrganisationKind, PartnerOrganisation
from commonweal.partners.services.partnerships import _mirror, sync_search
from commonweal.platform.accounts.models import User
from commonweal.platform.accounts.services import membership_add
from commonweal.platform.kernel.roles import Role
from commonweal.tenants.demo_data import DEMO_FACTS, DEMO_PARTNERS

S = PartnershipStatus
DIVISIONS = {"fengshu": "510104", "jiahonglu": "510104", "duyuanjie": "510104"}  # 锦江区
# Generic neighbourhood partners that make up 枫树社区's 41 (the seed gives only the count).
EXTRA_FENGSHU = [
    ("枫树社区便民超市", "enterprise", "market", ["生活日用品", "老人送货上门"]),
    ("枫叶鲜花店", "enterprise", "market", ["鲜花绿植", "社区活动布置"]),
    ("红枫社区食堂", "enterprise", "low_fee", ["老年助餐", "公益午餐"]),
    ("枫树口腔诊所", "enterprise", "market", ["口腔检查", "老人义诊"]),
    ("成龙路药房", "enterprise", "market", ["常用药品", "健康咨询"]),
    ("枫树书香驿站", "social_org", "free", ["图书借阅", "亲子阅读"]),
    ("锦江区青年志愿者协会", "social_org", "free", ["志愿服务", "环保活动"]),
    ("乐龄社会工作服务中心", "social_org", "free", ["独居老人探访", "老年心理关怀"]),
    ("阳光助残服务社", "social_org", "free", ["助残服务", "康复指导"]),
    ("社区心理咨询师周老师", "professional", "free", ["心理咨询", "家庭关系辅导"]),
    ("社区营养师孙老师", "professional", "free", ["营养讲座", "老年膳食指导"]),
    ("退休教师吴老师", "professional", "free", ["课后辅导", "书法课堂"]),
    ("社区社工赵老师", "professional", "free", ["个案服务", "社区活动策划"]),
    ("开锁换锁匠人钱师傅", "craftsman", "low_fee", ["开锁换锁", "公益维修日"]),
    ("裁缝匠人许师傅", "craftsman", "low_fee", ["改衣缝补", "老人义务缝补"]),
    ("水电维修匠人郑师傅", "craftsman", "low_fee", ["水电维修", "上门检修"]),
    ("磨刀匠人冯师傅", "craftsman", "free", ["磨刀", "公益服务日"]),
    ("枫树洗衣店", "enterprise", "market", ["洗衣", "老人上门取送"]),
    ("锦江家政服务公司", "enterprise", "low_fee", ["家政保洁", "老人居家照护"]),
    ("成都小太阳艺术培训", "enterprise", "market", ["少儿美术", "公益课堂"]),
    ("社区物业服务中心", "enterprise", "low_fee", ["小区维修", "环境整治"]),
    ("锦江区社区教育学院", "social_org", "free", ["老年大学", "技能培训"]),
    ("社区摄影匠人蒋师傅", "craftsman", "free", ["老人免费证件照", "社区活动摄影"]),
    ("枫树快递驿站", "enterprise", "low_fee", ["快递代收", "老人送件上门"]),
    ("锦江文化馆枫树分馆", "social_org", "free", ["文化活动", "非遗课堂"]),
    ("社区理疗师何医生", "professional", "free", ["康复理疗", "健康讲座"]),
]
PENDING_FENGSHU = [
    ("枫树咖啡馆", "enterprise", "market", ["社区会客厅", "公益咖啡日"], S.APPLIED),
    ("社区插花匠人林师傅", "craftsman", "low_fee", ["插花课堂"], S.UNDER_REVIEW),
]
COMMENTS = [
    (5, "服务很耐心，老人很满意。"),
    (5, "上门及时，态度好。"),
    (4, "不错，就是要提前预约。"),
    (5, "家门口就能办，太方便了。"),
    (3, "排队时间有点长。"),
    (4, "师傅手艺好，价格实惠。"),
]
RESIDENTS = [("王阿姨", "13800001001"), ("李大爷", "13800001002"), ("陈女士", "13800001003")]
CATEGORY_OF = {"craftsman": "repair", "professional": "community_service", "social_org": "culture"}
# What a resident would look the partner up under, from what it is and offers (first match
# wins): a nutritionist or a doctor is health care, not legal aid.
CATEGORY_WORDS = [
    ("community_service", ("代表工作室",)),
    ("legal_aid", ("律师", "法律", "调解", "调处")),
    ("clinic", ("医生", "医院", "诊所", "义诊", "理疗", "营养", "健康", "康复", "药")),
    ("elderly_care", ("养老", "照护", "助老", "独居老人")),
    ("canteen", ("食堂", "助餐", "午餐")),
    ("childcare", ("托育", "幼儿", "婴")),
    ("convenience_retail", ("快剪", "义剪", "理发")),
    ("repair", ("维修", "修", "锁", "缝补", "裁缝", "磨刀")),
    ("community_service", ("社工", "社会工作", "志愿", "心理", "个案", "助残")),
    ("culture", ("文化", "非遗", "阅读", "图书", "书法", "艺术", "摄影", "课堂", "辅导", "教育")),
]


def category_for(kind: str, name: str, offers=()) -> str:
    text = " ".join([name, *offers])
    for category, words in CATEGORY_WORDS:
        if any(word in text for word in words):
            return category
    return CATEGORY_OF.get(kind, "other")


def _digits(seed: str, n: int) -> str:
    return str(int(hashlib.sha256(seed.encode()).hexdigest(), 16))[:n]


def demo_credit_code(name: str, kind: str, division: str) -> str:
    """A valid, stable, made-up code: 91 for companies, 52 for 民办非企业 social organisations."""
    authority, sub = ("5", "2") if kind == OrganisationKind.SOCIAL_ORG else ("9", "1")
    return make_code(authority=authority, kind=sub, division=division, body=_digits(name, 8))


def _organisation(entry: dict, division: str, index: int) -> PartnerOrganisation:
    organisation = PartnerOrganisation.objects.filter(legal_name=entry["name"]).first()
    if organisation is not None:
        return organisation
    is_org = entry["kind"] in (OrganisationKind.ENTERPRISE, OrganisationKind.SOCIAL_ORG)
    return PartnerOrganisation.objects.create(
        kind=entry["kind"],
        legal_name=entry["name"],
        credit_code=demo_credit_code(entry["name"], entry["kind"], division) if is_org else "",
        description=entry.get("description", ""),
        contact_phone=f"138{_digits(entry['name'] + 'phone', 8):0>8}",
    )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _history(partnership, active_on: date, final: str) -> None:
    """Applied a month before, reviewed, approved, active on `active_on`; or stop earlier."""
    steps = [
        ("", S.APPLIED, active_on - timedelta(days=30)),
        (S.APPLIED, S.UNDER_REVIEW, active_on - timedelta(days=20)),
        (S.UNDER_REVIEW, S.APPROVED, active_on - timedelta(days=10)),
        (S.APPROVED, S.ACTIVE, active_on),
    ]
    for previous, status, day in steps:
        PartnershipTransition.objects.create(
            partnership=partnership,
            from_status=previous,
            to_status=status,
            at=_at(day),
            reason="红枫·社区治理合伙人" if status == S.APPROVED else "",
        )
        if status == final:
            break


def _residents(community) -> list[User]:
    users = []
    for name, phone in RESIDENTS:
        phone = phone[:-2] + f"{community.pk % 10}{phone[-1]}"
        user = User.objects.filter(phone=phone).first() or User.objects.create_user(
            None, f"{community.slug}-resident-demo", phone=phone, display_name=name
        )
        membership_add(community=community, user=user, roles=[Role.RESIDENT])
        users.append(user)
    return users


def _service_point(community, organisation, tier, centre, rng, offers=()):
    from django.db.models import Q

    from commonweal.welfaremap.models import ServicePoint

    name = organisation.legal_name
    existing = ServicePoint.objects.filter(Q(operator_name=name) | Q(name=name)).first()
    if existing is not None or organisation.kind == OrganisationKind.ENTERPRISE:
        return existing
    try:
        from commonweal.welfaremap.services import point_create
    except ImportError:
        return None
    lat, lng = centre
    return point_create(
        actor=None,
        community=community,
        data={
            "name": organisation.legal_name,
            "category": category_for(organisation.kind, organisation.legal_name, offers),
            "description": organisation.description,
            "tier": tier,
            "operator_name": organisation.legal_name,
            "lat": round(lat + rng.uniform(-0.003, 0.003), 6),
            "lng": round(lng + rng.uniform(-0.003, 0.003), 6),
            "system": "gcj02",
            "is_public": True,
        },
    )


def _agreement(partnership, offers, active_on, today, residents, rng) -> None:
    for i, offer in enumerate(offers[:2]):
        due = today + timedelta(days=rng.choice([-20, -5, 10, 25, 60]))
        commitment = ResourceCommitment.objects.create(
            partnership=partnership,
            kind="service",
            title=offer,
            quantity=Decimal(rng.choice([4, 6, 10, 12])),
            unit="次",
            schedule=rng.choice(["每月第一个周六", "每周三下午", "预约上门", "每月两次"]),
            tier="free" if partnership.tier == "free" or i else "low_fee",
            due_on=due,
        )
        delivered = 0
        for n in range(rng.randint(1, int(commitment.quantity))):
            day = max(active_on, today - timedelta(days=rng.randint(0, 40)))
            recipient = rng.choice(residents) if n < 2 else None
            fulfilment = Fulfilment.objects.create(
                partnership=partnership,
                commitment=commitment,
                quantity=1,
                delivered_on=day,
                recipient=recipient,
                beneficiary=recipient.display_name if recipient else "辖区居民",
                evidence="服务签到表",
            )
            delivered += 1
            if recipient is not None:
                score, comment = rng.choice(COMMENTS)
                ServiceRating.objects.create(
                    fulfilment=fulfilment,
                    partnership=partnership,
                    rater=recipient,
                    score=score,
                    comment=comment,
                )
        ResourceCommitment.objects.filter(pk=commitment.pk).update(delivered_quantity=delivered)
    if partnership.organisation.kind == OrganisationKind.CRAFTSMAN:
        Obligation.objects.create(
            partnership=partnership,
            description="每月提供4次免费公益服务",
            free_services_per_month=4,
        )
    elif partnership.tier != "free":
        Obligation.objects.create(
            partnership=partnership, description="60岁以上老人九折优惠", senior_discount_percent=10
        )


def _entries(slug: str):
    for entry in DEMO_PARTNERS.get(slug, []):
        yield entry, S.ACTIVE
    if slug == "fengshu":
        for name, kind, tier, offers in EXTRA_FENGSHU:
            yield (
                {
                    "name": name,
                    "kind": kind,
                    "tier": tier,
                    "offers": offers,
                    "description": f"红枫·社区治理合伙人,提供{'、'.join(offers)}。",
                },
                S.ACTIVE,
            )
        for name, kind, tier, offers, status in PENDING_FENGSHU:
            yield (
                {
                    "name": name,
                    "kind": kind,
                    "tier": tier,
                    "offers": offers,
                    "description": f"申请加入红枫·社区治理合伙人,提供{'、'.join(offers)}。",
                },
                status,
            )


def _activation_days(slug: str, count: int, today: date) -> list[date]:
    facts = DEMO_FACTS.get(slug, {})
    founded = facts.get("alliance_founded") or facts.get("founded") or "2021-07"
    start = date.fromisoformat(f"{founded[:7]}-15")
    initial = facts.get("partners_initial") or facts.get("alliance_founding_members") or count
    later = count - min(initial, count)
    span = (today - timedelta(days=45) - start).days
    # Slow at first, faster once the complex opened: a quadratic ramp of activation days.
    return [start] * min(initial, count) + [
        start + timedelta(days=int(span * ((i + 1) / later) ** 0.8)) for i in range(later)
    ]


def load(community, data) -> None:
    slug = data["slug"]
    entries = list(_entries(slug))
    if not entries:
        return
    rng = random.Random(slug)
    today = timezone.localdate()
    residents = _residents(community)
    active = [e for e, status in entries if status == S.ACTIVE]
    days = dict(
        zip((e["name"] for e in active), _activation_days(slug, len(active), today), strict=True)
    )
    centre = (float(data["centre_lat"]), float(data["centre_lng"]))
    for index, (entry, status) in enumerate(entries):
        organisation = _organisation(entry, DIVISIONS.get(slug, "510104"), index)
        if Partnership.objects.filter(organisation=organisation).exists():
            continue
        active_on = days.get(entry["name"], today - timedelta(days=5))
        applied = _at(active_on - timedelta(days=30))
        partnership = Partnership.objects.create(
            organisation=organisation,
            status=status,
            tier=entry["tier"],
            statement=entry.get("description", ""),
            offers=entry.get("offers", []),
            applied_at=applied,
            status_changed_at=_at(active_on) if status == S.ACTIVE else applied,
            activated_at=_at(active_on) if status == S.ACTIVE else None,
        )
        _history(partnership, active_on, status)
        if status == S.ACTIVE:
            point = _service_point(
                community, organisation, entry["tier"], centre, rng, entry.get("offers", ())
            )
            if point is not None:
                partnership.service_points.add(point)
            _agreement(partnership, entry.get("offers", []), active_on, today, residents, rng)
        _mirror(community, partnership)
        sync_search(community, partnership)
    _recognise(slug)


def _recognise(slug: str) -> None:
    if Recognition.objects.exists():
        return
    best = Partnership.objects.filter(status=S.ACTIVE, organisation__kind="enterprise").first()
    if best is not None:
        Recognition.objects.create(
            partnership=best,
            title="最美商家",
            citation="热心社区公益,服务居民有口皆碑。",
            awarded_on=date(timezone.localdate().year - 1, 12, 20),
        )
