"""Shared by the search benchmarks: a throwaway database and realistic Chinese documents."""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PLACES = [
    "枫树",
    "佳宏路",
    "长宁",
    "督院街",
    "锦江",
    "成龙路",
    "狮子山",
    "玉林",
    "望江",
    "双桥子",
    "水井坊",
    "合江亭",
    "东光",
    "牛市口",
    "龙舟路",
    "沙河",
    "万年场",
    "桂溪",
    "石羊",
    "和平",
]
SERVICES = [
    "公交卡充值点",
    "老年食堂",
    "理发店",
    "图书角",
    "便利店",
    "社区医院",
    "志愿服务队",
    "微基金项目",
    "家政服务",
    "家电维修站",
    "托育中心",
    "党群服务中心",
    "邻里中心",
    "菜市场",
    "药店",
    "快递驿站",
    "健身广场",
    "调解室",
    "法律援助站",
    "心理咨询室",
    "儿童之家",
    "助残服务站",
    "垃圾分类站",
    "充电桩",
    "洗衣店",
    "裁缝铺",
    "修鞋摊",
    "茶馆",
    "书法班",
    "舞蹈队",
]
SUFFIXES = [
    "",
    "一号",
    "二号",
    "服务站",
    "分店",
    "（东区）",
    "（西区）",
    "便民点",
    "合作社",
    "工作室",
]
KINDS = ["partner", "service_point", "partner_call", "campaign", "grant"]
CATEGORIES = ["便民服务", "养老", "托育", "文体", "医疗", "法律", "环保", "邻里服务", "微基金"]
DISTRICTS = ["锦江区", "武侯区", "成华区", "青羊区", "金牛区", "高新区"]
SENTENCES = [
    "为辖区居民提供低偿服务，每周三上午开放。",
    "社区匠人免费上门维修小家电。",
    "志愿者协助高龄老人就餐和测量血压。",
    "支持时间银行积分兑换，可享受会员价。",
    "收益的百分之五反哺社区微基金。",
    "周末开设亲子阅读和手工课程。",
    "提供公交卡充值、水电气缴费和快递代收。",
    "联合物业开展垃圾分类宣传与安全隐患排查。",
    "专业社工提供心理疏导与邻里调解。",
    "坝坝会征集居民需求，形成项目清单。",
]


def boot(env: dict | None = None, *, keep: Path | None = None) -> None:
    """An embedded PostgreSQL (throwaway, or kept in `keep` to be reused by the next run),
    then Django, then the public schema (migrating a kept corpus like a deployment would)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "commonweal.platform.kernel.settings"
    os.environ.pop("DATABASE_URL", None)
    for key, value in (env or {}).items():
        os.environ[key] = value
    from commonweal.platform.kernel.database import start_embedded

    if keep is not None:
        start_embedded(Path(keep) / "pgdata", cleanup_mode="stop")
    else:
        start_embedded(
            Path(tempfile.mkdtemp(prefix="commonweal-bench-search-")) / "pgdata",
            cleanup_mode="delete",
        )
    import django

    django.setup()
    from commonweal.tenants.migrate import migrate_public

    migrate_public()


def corpus_key(documents: int, communities: int) -> str:
    """What a kept corpus was built from: its size and the code that cuts terms. The stored
    terms are only right for the code that computed them (a migration may recompute them)."""
    import hashlib

    digest = hashlib.sha256()
    for path in ("bench/_search_data.py", "commonweal/search/text.py"):
        digest.update((ROOT / path).read_bytes())
    return f"{documents}/{communities}/{digest.hexdigest()[:12]}"


def kept_corpus(key: str) -> bool:
    """Whether the database already holds the corpus `key` (see boot's `keep`)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_corpus (key text)")
        cursor.execute("SELECT key FROM bench_corpus")
        row = cursor.fetchone()
        if row and row[0] == key:
            return True
        cursor.execute("DELETE FROM bench_corpus")
        cursor.execute("TRUNCATE search_searchdocument, tenants_community CASCADE")
    return False


def remember_corpus(key: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_corpus VALUES (%s)", [key])


def create_communities(n: int) -> list:
    """Community rows only: search documents live in the public schema, so no schemas."""
    from commonweal.tenants.models import Community

    rng = random.Random(7)
    rows = [
        Community(
            schema_name=f"bench_{i:04d}",
            slug=f"c{i:04d}",
            name=f"{rng.choice(PLACES)}{i}社区",
            city="成都市",
            district=rng.choice(DISTRICTS),
            subdistrict="成龙路街道",
            area_km2="0.73",
            population=30000,
            households=10000,
            centre_lat=30.5 + rng.random() * 0.3,
            centre_lng=103.9 + rng.random() * 0.3,
        )
        for i in range(n)
    ]
    return Community.objects.bulk_create(rows, batch_size=500)


def documents(communities: list, n: int, *, seed: int = 11):
    """Yield n unsaved SearchDocuments with realistic titles, bodies and places."""
    from commonweal.search.documents import names_of, terms_of
    from commonweal.search.models import SearchDocument

    rng = random.Random(seed)
    for i in range(n):
        community = communities[i % len(communities)]
        title = f"{rng.choice(PLACES)}{rng.choice(SERVICES)}{rng.choice(SUFFIXES)}"
        body = "".join(rng.sample(SENTENCES, 2))
        kind, category = rng.choice(KINDS), rng.choice(CATEGORIES)
        names = names_of(kind=kind, category=category, community_name=community.name)
        yield SearchDocument(
            community=community,
            kind=kind,
            key=str(i),
            title=title,
            body=body,
            category=category,
            lat=community.centre_lat + rng.uniform(-0.01, 0.01),
            lng=community.centre_lng + rng.uniform(-0.01, 0.01),
            url=f"/items/{i}/",
            visible=True,
            version=0,
            **terms_of(title, body, (), names),
        )


def insert_documents(communities: list, n: int, *, batch: int = 2000, report=print) -> float:
    """Bulk insert with versions from the real sequence; returns seconds."""
    from django.db import connection

    from commonweal.search.models import SearchDocument

    start = time.perf_counter()
    pending = []
    for document in documents(communities, n):
        pending.append(document)
        if len(pending) == batch:
            _flush(pending, connection, SearchDocument)
            report(len(pending))
            pending = []
    if pending:
        _flush(pending, connection, SearchDocument)
        report(len(pending))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
    return time.perf_counter() - start


def _flush(pending, connection, model) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval('public.search_document_version') FROM generate_series(1, %s)",
            [len(pending)],
        )
        for document, (version,) in zip(pending, cursor.fetchall(), strict=True):
            document.version = version
    model.objects.bulk_create(pending)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)
