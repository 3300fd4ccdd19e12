"""Demo service points and compounds around each demo community's centre (idempotent).

Names and operators come from the seed documents via DEMO_PARTNERS (锦欣逸居养老, 苗苗家托育,
锦江邮政's transit-card outlets …); positions are invented offsets from the community's centre.
"""

import math
import zlib

from django.db import transaction

from commonweal.welfaremap.living_circle import ensure_facility_types
from commonweal.welfaremap.models import Compound, ServicePoint
from commonweal.welfaremap.services import clean_point, sync_search

# (name, category, tier, operator, opening hours, metres east, metres north, facility type)
SHARED = [
    (
        "中国邮政{sub}营业所·公交卡代办点",
        "transit_card",
        "low_fee",
        "锦江邮政",
        "09:00-17:00",
        420,
        -260,
        "",
    ),
    ("社区党群服务中心", "community_service", "free", "{community}居委会", "09:00-18:00", 0, 0, ""),
    ("社区文化活动站", "culture", "free", "{community}居委会", "09:00-21:00", -180, 120, ""),
    ("社区小型运动场", "sports", "free", "{community}居委会", "06:00-22:00", 230, 310, ""),
    (
        "社区再生资源回收点",
        "recycling",
        "free",
        "{community}物业联盟",
        "08:00-18:00",
        -350,
        -150,
        "",
    ),
    ("公交站·{sub}", "transport", "free", "成都公交", "06:30-22:30", 150, -380, ""),
    ("红旗连锁便利店", "convenience_retail", "market", "红旗连锁", "00:00-24:00", 90, 160, ""),
]
BY_COMMUNITY = {
    "fengshu": [
        (
            "枫树社区综合体·社区食堂",
            "canteen",
            "low_fee",
            "锦欣逸居养老服务公司",
            "11:00-13:00, 17:00-19:00",
            60,
            40,
            "",
        ),
        (
            "锦欣逸居养老服务站",
            "elderly_care",
            "low_fee",
            "锦欣逸居养老服务公司",
            "08:00-18:00",
            80,
            60,
            "",
        ),
        ("苗苗家托育中心", "childcare", "low_fee", "苗苗家托育公司", "07:30-18:30", 100, 30, ""),
        (
            "锦城逸景社区卫生服务中心",
            "clinic",
            "free",
            "锦城逸景社区卫生服务中心",
            "08:00-17:30",
            40,
            90,
            "health_center",
        ),
        (
            "中国邮政成龙大道营业所·老年卡学生卡代办",
            "transit_card",
            "low_fee",
            "锦江邮政",
            "09:00-17:00",
            -520,
            380,
            "",
        ),
        (
            "枫树社区公交卡代办点",
            "transit_card",
            "low_fee",
            "锦江邮政 / 成都天府通",
            "09:00-12:00, 14:00-17:00",
            20,
            -20,
            "",
        ),
        ("社区修鞋匠人王师傅", "repair", "low_fee", "王师傅", "09:00-18:00", -120, -60, ""),
        ("家电维修匠人刘师傅", "repair", "low_fee", "刘师傅", "09:00-18:00", 130, 70, ""),
        (
            "赖老师调解室",
            "legal_aid",
            "free",
            "赖老师调解室",
            "周二、周四 14:00-17:00",
            -30,
            70,
            "",
        ),
        ("辖区公益律师工作室", "legal_aid", "free", "张律师", "每周五 14:00-17:00", -40, 80, ""),
        (
            "一享生活便民服务站",
            "convenience_retail",
            "low_fee",
            "一享生活",
            "08:00-20:00",
            110,
            50,
            "",
        ),
    ],
    "jiahonglu": [
        ("时间银行广场", "community_service", "free", "佳宏路社区", "全天开放", 30, 20, ""),
        (
            "成都锦欣沙河堡医院",
            "clinic",
            "free",
            "成都锦欣沙河堡医院",
            "00:00-24:00",
            600,
            -200,
            "clinic",
        ),
        (
            "锦绣幼儿园",
            "childcare",
            "free",
            "成都市锦江区锦绣幼儿园",
            "07:30-17:30",
            -260,
            200,
            "kindergarten",
        ),
        ("缝补修理匠人何师傅", "repair", "low_fee", "何师傅", "09:00-18:00", 120, -90, ""),
        ("社区律师赵律师接待点", "legal_aid", "free", "赵律师", "每周三 14:00-17:00", 10, 40, ""),
        (
            "吉百汇超市川师店",
            "convenience_retail",
            "market",
            "吉百汇超市",
            "08:30-22:00",
            -300,
            -220,
            "",
        ),
    ],
    "duyuanjie": [
        (
            "督院街社区共享食堂",
            "canteen",
            "low_fee",
            "乡村基",
            "10:30-13:30, 16:30-19:30",
            40,
            -30,
            "",
        ),
        (
            "同心小站",
            "community_service",
            "free",
            "同心小站运营社会组织",
            "09:00-18:00",
            -60,
            50,
            "",
        ),
        ("成师附小", "education", "free", "成师附小", "08:00-17:00", 250, 180, ""),
        ("义诊点·吴医生", "clinic", "free", "吴医生", "每月第一个周六上午", 80, 20, ""),
        ("公益律师郑律师接待点", "legal_aid", "free", "郑律师", "每周四 14:00-17:00", -70, 60, ""),
        ("家电维修匠人黄师傅", "repair", "low_fee", "黄师傅", "09:00-18:00", 150, -120, ""),
        (
            "春熙嬢嬢老年助餐点",
            "elderly_care",
            "low_fee",
            "“春熙嬢嬢”志愿服务队",
            "11:00-13:00",
            -150,
            -90,
            "",
        ),
    ],
}


def _offset(lat: float, lng: float, east_m: float, north_m: float) -> tuple[float, float]:
    return (
        lat + north_m / 111_320.0,
        lng + east_m / (111_320.0 * math.cos(math.radians(lat))),
    )


@transaction.atomic
def load(community, data) -> None:
    ensure_facility_types()
    lat0, lng0 = community.centre_lat, community.centre_lng
    names = {"sub": data.get("subdistrict", "").removesuffix("街道"), "community": data["name"]}
    rows = SHARED + BY_COMMUNITY.get(data["slug"], [])
    for name, category, tier, operator, hours, east, north, facility_type in rows:
        lat, lng = _offset(lat0, lng0, east, north)
        cleaned = clean_point(
            {
                "name": name.format(**names),
                "category": category,
                "tier": tier,
                "operator_name": operator.format(**names),
                "opening_hours": hours,
                "address": f"{data.get('district', '')}{data.get('subdistrict', '')}",
                "facility_type": facility_type,
                "lat": round(lat, 6),
                "lng": round(lng, 6),
                "system": "gcj02",
            }
        )
        point, _created = ServicePoint.objects.update_or_create(
            name=cleaned.pop("name"), defaults=cleaned
        )
        sync_search(community=community, point=point)
    for index, name in enumerate(data.get("compounds") or ()):
        angle = 2 * math.pi * index / max(1, len(data["compounds"]))
        lat, lng = _offset(lat0, lng0, 450 * math.cos(angle), 450 * math.sin(angle))
        households = 600 + zlib.crc32(name.encode()) % 1400
        entrance = _offset(lat, lng, -40 * math.cos(angle), -40 * math.sin(angle))
        Compound.objects.update_or_create(
            name=name,
            defaults={
                "households": households,
                "population": round(households * 2.5),
                "lat": round(lat, 6),
                "lng": round(lng, 6),
                "entrances": [{"lat": round(entrance[0], 6), "lng": round(entrance[1], 6)}],
            },
        )
