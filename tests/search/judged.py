"""A judged query set on the demo data: what residents type (the seeds' vocabulary) and which
items answer it, judged by meaning, not by what the search happened to return.

`demo_documents.json` is what `commonweal demo` indexes (`tenants.demo.ensure_demo`, 151
items of 枫树, 佳宏路 and 督院街; category labels as the apps pass them), snapshotted so a test
loads it in a second instead of provisioning three communities. Relevance is by title: every
item with a listed title is relevant (the same service point is listed by each community).
Used by tests/search/test_judged.py (both backends equal) and bench/search_recall.py.
"""

import json
from dataclasses import dataclass
from pathlib import Path

DOCUMENTS = Path(__file__).with_name("demo_documents.json")
COMMUNITIES = {
    "fengshu": {"name": "枫树社区", "district": "锦江区"},
    "jiahonglu": {"name": "佳宏路社区", "district": "锦江区"},
    "duyuanjie": {"name": "督院街社区", "district": "锦江区"},
}

_LAWYERS = (
    "辖区公益律师工作室",
    "辖区公益律师张律师",
    "社区律师赵律师接待点",
    "社区律师赵律师",
    "公益律师郑律师接待点",
    "公益律师郑律师",
)
_REPAIRS = (
    "家电维修匠人刘师傅",
    "家电维修匠人黄师傅",
    "水电维修匠人郑师傅",
    "缝补修理匠人何师傅",
)
_CANTEENS = ("枫树社区综合体·社区食堂", "红枫社区食堂", "督院街社区共享食堂")
_TRANSIT = (
    "中国邮政成龙路营业所·公交卡代办点",
    "枫树社区公交卡代办点",
    "中国邮政狮子山营业所·公交卡代办点",
    "中国邮政春熙路营业所·公交卡代办点",
)
_ELDERLY = ("锦欣逸居养老服务站", "锦欣逸居养老服务公司")
_MEDIATION = ("赖老师调解室", "萍妹儿解忧站", "小宋哥聊天社")

# query → titles of the relevant items
JUDGED: dict[str, tuple[str, ...]] = {
    "法律援助": _LAWYERS,
    "律师": _LAWYERS,
    "法律咨询": ("辖区公益律师张律师", "社区律师赵律师", "公益律师郑律师", "人大代表工作室"),
    "小修小补": ("社区修鞋匠人王师傅", *_REPAIRS, "开锁换锁匠人钱师傅", "裁缝匠人许师傅"),
    "维修": _REPAIRS,
    "修理": _REPAIRS,
    "xiuli": _REPAIRS,
    "家电维修": ("家电维修匠人刘师傅", "家电维修匠人黄师傅", "缝补修理匠人何师傅"),
    "修鞋": ("社区修鞋匠人王师傅",),
    "开锁": ("开锁换锁匠人钱师傅",),
    "理发": ("社区快剪陈师傅", "社区义剪匠人孙师傅"),
    "义剪": ("社区义剪匠人孙师傅", "社区快剪陈师傅"),
    "快剪": ("社区快剪陈师傅",),
    "食堂": (*_CANTEENS, "乡村基"),
    "社区食堂": (*_CANTEENS, "乡村基"),
    "助餐": ("春熙嬢嬢老年助餐点", "红枫社区食堂", "乡村基", "锦欣逸居养老服务公司"),
    "老年餐桌": ("春熙嬢嬢老年助餐点", *_CANTEENS),
    "公交卡": (*_TRANSIT, "锦江邮政", "成都天府通"),
    "gjk": _TRANSIT,
    "天府通": ("成都天府通", "枫树社区公交卡代办点", "锦江邮政"),
    "老年卡": ("中国邮政成龙大道营业所·老年卡学生卡代办", "锦江邮政"),
    "养老": _ELDERLY,
    "日间照料": _ELDERLY,
    "助老": _ELDERLY,
    "托育": ("苗苗家托育中心", "苗苗家托育公司"),
    "幼儿园": ("锦绣幼儿园", "成都市锦江区锦绣幼儿园"),
    "调解": _MEDIATION,
    "矛盾调处": (*_MEDIATION, "人大代表工作室", "社区律师赵律师"),
    "心理咨询": ("社区心理咨询师周老师",),
    "时间银行": ("时间银行广场", "红旗连锁", "华西奶业", "伊利奶业", "社区义剪匠人孙师傅"),
    "积分兑换": ("红旗连锁", "华西奶业", "伊利奶业", "吉百汇超市川师店"),
    "便利店": ("红旗连锁便利店",),
    "超市": ("吉百汇超市川师店", "枫树社区便民超市"),
    "快递": ("枫树快递驿站",),
    "图书": ("枫树书香驿站",),
    "志愿者": ("锦江区青年志愿者协会", "“督院雏鹰”青少年志愿服务队", "“春熙嬢嬢”志愿服务队"),
    "志愿服务队": ("“督院雏鹰”青少年志愿服务队", "“春熙嬢嬢”志愿服务队"),
    "微基金": ("老旧院落“美院子”微更新",),
    "微创投": ("老年人智能手机课堂", "院落互助议事角"),
    "美院子": ("老旧院落“美院子”微更新", "院落居民自管小组"),
    "坝坝会": ("院落互助议事角", "“小狮妹”老党员工作室"),
    "党群服务中心": ("社区党群服务中心",),
    "卫生服务中心": ("锦城逸景社区卫生服务中心",),
    "义诊": ("义诊点·吴医生", "义诊医生吴医生", "枫树口腔诊所", "成都锦欣沙河堡医院"),
    "家政": ("锦江家政服务公司", "一享生活"),
    "洗衣": ("枫树洗衣店",),
    "助残": ("阳光助残服务社",),
    "垃圾分类": ("社区再生资源回收点",),
    "公交站": ("公交站·成龙路", "公交站·狮子山", "公交站·春熙路"),
    "银行": ("成都银行沙河堡支行", "光大银行比华利社区银行"),
    "物业": ("四川佳宏物业", "金科物业", "社区物业服务中心"),
    "老年大学": ("锦江区社区教育学院",),
    "文化活动": ("社区文化活动站", "锦江文化馆枫树分馆"),
    "运动场": ("社区小型运动场",),
    "fengshu": (
        "枫树社区综合体·社区食堂",
        "枫树社区公交卡代办点",
        "枫树社区便民超市",
        "枫树口腔诊所",
        "枫树书香驿站",
        "枫树洗衣店",
        "枫树快递驿站",
        "枫叶鲜花店",
    ),
}


def documents() -> list[list]:
    """[community slug, kind, key, title, body, category, category label, tags] rows."""
    return json.loads(DOCUMENTS.read_text())


def load(communities: dict) -> None:
    """Index the demo snapshot into `communities` (slug → Community), in file order."""
    from commonweal.search.documents import index_document

    for slug, kind, key, title, body, category, label, tags in documents():
        index_document(
            community=communities[slug],
            kind=kind,
            key=key,
            title=title,
            body=body,
            category=category,
            category_name=label,
            tags=tags,
            url=f"/{kind}/{key}/",
        )


@dataclass
class Judgement:
    query: str
    ranked: list[str]  # titles of the top 10
    relevant_found: int
    relevant_total: int
    first_relevant: int | None  # 1-based rank

    @property
    def recall(self) -> float:
        return self.relevant_found / min(self.relevant_total, 10) if self.relevant_total else 1.0

    @property
    def reciprocal_rank(self) -> float:
        return 1 / self.first_relevant if self.first_relevant else 0.0


def judge(query: str, ranked_titles: list[str], counts: dict[str, int]) -> Judgement:
    """Recall@10 (relevant items in the top 10 over min(relevant items, 10)) and the rank of
    the first relevant hit; `counts` is how many items carry each title."""
    relevant = set(JUDGED[query])
    top = ranked_titles[:10]
    first = next((i + 1 for i, t in enumerate(top) if t in relevant), None)
    return Judgement(
        query=query,
        ranked=top,
        relevant_found=sum(1 for t in top if t in relevant),
        relevant_total=sum(counts.get(t, 0) for t in relevant),
        first_relevant=first,
    )


def title_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in documents():
        counts[row[3]] = counts.get(row[3], 0) + 1
    return counts


def summary(judgements: list[Judgement]) -> tuple[float, float]:
    """(mean recall@10, mean reciprocal rank) over the set."""
    n = len(judgements)
    return (
        sum(j.recall for j in judgements) / n,
        sum(j.reciprocal_rank for j in judgements) / n,
    )
