"""Living-circle coverage (15分钟社区生活圈, GB 50180-2018; 完整居住社区建设标准 2020).

For every compound and facility type: the great-circle distance from the compound's nearest
entrance to the nearest facility of that type, and whether it is within the type's radius.
The community's score weighs each compound's share of covered types by its population.
"""

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db import connection, transaction

from commonweal.welfaremap.models import Compound, FacilityType

DEFAULTS_CSV = Path(__file__).with_name("living_circle.csv")


@cache
def default_rows() -> tuple[dict, ...]:
    """The package's defaults (a copy of shared/domain/living-circle.csv)."""
    with DEFAULTS_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def default_codes() -> frozenset[str]:
    return frozenset(row["code"] for row in default_rows())


@transaction.atomic
def ensure_facility_types() -> int:
    """Create the default facility types this community lacks; overrides are never touched.

    New community schemas are copies of the template's structure only, so defaults are seeded
    on first use (coverage, the staff's facility-type list, the demo) rather than by migration.
    Returns how many were created.
    """
    existing = set(FacilityType.objects.values_list("code", flat=True))
    missing = [
        FacilityType(
            code=row["code"],
            name=row["name_zh"],
            level=row["level"],
            radius_m=int(row["radius_m"]),
            default_radius_m=int(row["radius_m"]),
            source=row["source"],
            confidence=row["confidence"],
        )
        for row in default_rows()
        if row["code"] not in existing
    ]
    FacilityType.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


@dataclass(frozen=True)
class CoverageItem:
    facility_type: FacilityType
    distance_m: float | None  # None: no facility of this type at all
    nearest_point_id: int | None
    nearest_point_name: str

    @property
    def covered(self) -> bool:
        return self.distance_m is not None and self.distance_m <= self.facility_type.radius_m


@dataclass(frozen=True)
class CompoundCoverage:
    compound: Compound
    items: tuple[CoverageItem, ...]

    @property
    def scored(self) -> tuple[CoverageItem, ...]:
        return tuple(i for i in self.items if i.facility_type.counts_toward_score)

    @property
    def covered_count(self) -> int:
        return sum(1 for i in self.scored if i.covered)

    @property
    def share(self) -> float:
        return self.covered_count / len(self.scored) if self.scored else 1.0

    @property
    def gaps(self) -> tuple[CoverageItem, ...]:
        return tuple(i for i in self.scored if not i.covered)


@dataclass(frozen=True)
class CoverageReport:
    compounds: tuple[CompoundCoverage, ...]
    facility_types: tuple[FacilityType, ...] = field(default=())

    @property
    def score(self) -> float:
        """Population-weighted mean share of covered types, 0–1 (unweighted if nobody lives
        in any compound; 1.0 with no compounds)."""
        if not self.compounds:
            return 1.0
        weights = [c.compound.population for c in self.compounds]
        if sum(weights) == 0:
            weights = [1] * len(self.compounds)
        total = sum(w * c.share for w, c in zip(weights, self.compounds, strict=True))
        return total / sum(weights)

    @property
    def gaps(self) -> list[tuple[Compound, CoverageItem]]:
        return [(c.compound, item) for c in self.compounds for item in c.gaps]


# For each (compound entrance, facility type with at least one facility) the nearest
# facility, found by a KNN scan of the (facility_type, ll_to_earth) GiST index.
_NEAREST_SQL = """
WITH entrance AS (
    SELECT c.id AS compound_id,
           coalesce((e.value->>'lat')::float8, c.lat) AS lat,
           coalesce((e.value->>'lng')::float8, c.lng) AS lng
    FROM welfaremap_compound c
    LEFT JOIN LATERAL jsonb_array_elements(
        CASE WHEN jsonb_typeof(c.entrances) = 'array' AND jsonb_array_length(c.entrances) > 0
             THEN c.entrances ELSE '[null]'::jsonb END
    ) e ON true
    WHERE c.id = ANY(%s)
),
kind AS (
    SELECT DISTINCT facility_type AS code FROM welfaremap_servicepoint
    WHERE retired_at IS NULL AND facility_type = ANY(%s)
)
SELECT DISTINCT ON (entrance.compound_id, kind.code)
       entrance.compound_id, kind.code, hit.id, hit.name, hit.distance_m
FROM entrance CROSS JOIN kind
CROSS JOIN LATERAL (
    SELECT p.id, p.name,
           public.earth_distance(public.ll_to_earth(entrance.lat, entrance.lng),
                                 public.ll_to_earth(p.lat, p.lng)) AS distance_m
    FROM welfaremap_servicepoint p
    WHERE p.facility_type = kind.code AND p.retired_at IS NULL
    ORDER BY public.ll_to_earth(p.lat, p.lng)
             OPERATOR(public.<->) public.ll_to_earth(entrance.lat, entrance.lng)
    LIMIT 1
) hit
ORDER BY entrance.compound_id, kind.code, hit.distance_m, hit.id
"""


def living_circle_coverage(*, compounds=None) -> CoverageReport:
    """Coverage of `compounds` (default: all) by every facility type, in three queries.

    Facilities are the service points that are not retired, public or not: a clinic that is
    off the public map still serves its neighbours.
    """
    ensure_facility_types()
    types = tuple(FacilityType.objects.order_by("level", "code"))
    compound_list = list(compounds if compounds is not None else Compound.objects.all())
    nearest: dict[tuple[int, str], tuple[int, str, float]] = {}
    if compound_list and types:
        with connection.cursor() as cursor:
            cursor.execute(_NEAREST_SQL, [[c.id for c in compound_list], [t.code for t in types]])
            for compound_id, code, point_id, point_name, distance in cursor.fetchall():
                nearest[(compound_id, code)] = (point_id, point_name, distance)
    results = []
    for compound in compound_list:
        items = []
        for facility_type in types:
            hit = nearest.get((compound.id, facility_type.code))
            items.append(
                CoverageItem(
                    facility_type=facility_type,
                    distance_m=hit[2] if hit else None,
                    nearest_point_id=hit[0] if hit else None,
                    nearest_point_name=hit[1] if hit else "",
                )
            )
        results.append(CompoundCoverage(compound=compound, items=tuple(items)))
    return CoverageReport(compounds=tuple(results), facility_types=types)
