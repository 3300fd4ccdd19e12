"""Setup shared by the welfare-map benchmarks: a throwaway embedded PostgreSQL, Django, one
community with random points around Chengdu, and percentile figures.

Self-contained (no bench/_common.py) so it runs on any checkout: `python bench/map_spatial.py`.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Chengdu's centre (GCJ-02); points fall in a box of about 30 km × 30 km around it.
CENTRE = (30.66, 104.07)
SPAN_DEG = 0.15


def boot() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "commonweal.platform.kernel.settings"
    os.environ.pop("DATABASE_URL", None)
    from commonweal.platform.kernel.database import start_embedded

    start_embedded(
        Path(tempfile.mkdtemp(prefix="commonweal-bench-map-")) / "pgdata", cleanup_mode="delete"
    )
    import django

    django.setup()
    from commonweal.tenants.migrate import migrate_everything

    migrate_everything()


def community(slug: str):
    from commonweal.tenants.services import community_create

    return community_create(
        slug=slug,
        name=f"{slug}社区",
        city="成都市",
        district="锦江区",
        subdistrict="测试街道",
        area_km2="1",
        population=1,
        households=1,
        centre_lat=CENTRE[0],
        centre_lng=CENTRE[1],
    )


def random_point(rng: random.Random) -> tuple[float, float]:
    return (
        CENTRE[0] + rng.uniform(-SPAN_DEG, SPAN_DEG),
        CENTRE[1] + rng.uniform(-SPAN_DEG, SPAN_DEG),
    )


def fill_points(n: int, rng: random.Random, *, facility_types=None) -> float:
    """Insert `n` points straight into the current schema (COPY-speed bulk insert); seconds."""
    from django.db import connection

    from commonweal.welfaremap.categories import ServiceCategory

    categories = [c.value for c in ServiceCategory]
    start = time.perf_counter()
    with connection.cursor() as cursor:
        with cursor.copy(
            "COPY welfaremap_servicepoint (name, category, facility_type, description, address,"
            " lat, lng, raw_lat, raw_lng, raw_system, tier, operator_name, opening_hours, phone,"
            " is_public, created_at, updated_at) FROM STDIN"
        ) as copy:
            for i in range(n):
                lat, lng = random_point(rng)
                kind = rng.choice(facility_types) if facility_types else ""
                copy.write_row(
                    (
                        f"点{i}",
                        rng.choice(categories),
                        kind,
                        "",
                        "",
                        lat,
                        lng,
                        lat,
                        lng,
                        "gcj02",
                        "free",
                        "",
                        "",
                        "",
                        i % 20 != 0,
                        "now",
                        "now",
                    )
                )
        cursor.execute("ANALYZE welfaremap_servicepoint")
    return time.perf_counter() - start


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return q[49], q[94]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"
