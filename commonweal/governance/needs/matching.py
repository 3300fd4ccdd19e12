"""The resources list (资源清单) as one list, and what it suggests for a need.

Resources are partners' commitments (from the partners app; their categories and place come
from the partner's service points) and the community's own resources. A need is matched with
each by three signals, each in [0, 1], weighted so that the right kind of help counts most:

    score = 0.5 · same category + 0.3 · text similarity + 0.2 · closeness

text similarity is the Dice coefficient of the two texts' CJK bigrams and words; closeness is
1 at the need's place falling linearly to 0 at `NEAR_M`. The reason shown to staff names the
signals that contributed. Duplicate suggestions use the same text measure with a hard rule:
same category, both placed, within `DUPLICATE_RADIUS_M`.
"""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from commonweal.governance.needs import resource_terms
from commonweal.governance.needs.models import (
    CommunityResource,
    Need,
    NeedCategory,
    Task,
    TaskStatus,
)
from commonweal.partners.models import Partnership, PartnershipStatus, ResourceCommitment
from commonweal.search.documents import word_terms
from commonweal.welfaremap.categories import ServiceCategory
from commonweal.welfaremap.coordinates import distance_m
from commonweal.welfaremap.models import ServicePoint

WEIGHTS = {"category": 0.5, "text": 0.3, "distance": 0.2}
NEAR_M = 2000.0
DUPLICATE_RADIUS_M = 200.0
DUPLICATE_MIN_SIMILARITY = 0.2

C, S = NeedCategory, ServiceCategory
# Which needs a partner's service point of each category can serve.
SERVES = {
    S.CANTEEN: {C.ELDERLY},
    S.ELDERLY_CARE: {C.ELDERLY},
    S.CHILDCARE: {C.CHILDREN},
    S.CLINIC: {C.HEALTH, C.ELDERLY},
    S.REPAIR: {C.REPAIR, C.FACILITIES},
    S.LEGAL_AID: {C.LEGAL},
    S.SPORTS: {C.CULTURE},
    S.CULTURE: {C.CULTURE},
    S.EDUCATION: {C.CHILDREN, C.EMPLOYMENT},
    S.COMMUNITY_SERVICE: {C.FACILITIES, C.ENVIRONMENT},
    S.RECYCLING: {C.ENVIRONMENT},
    S.SAFETY: {C.SAFETY},
    S.TRANSPORT: {C.FACILITIES},
    S.PUBLIC_TOILET: {C.FACILITIES},
}


def terms(text: str) -> set[str]:
    return word_terms(text)


def similarity(a: set[str], b: set[str]) -> float:
    """Dice coefficient: 2|A∩B| / (|A|+|B|)."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


@dataclass(frozen=True)
class Resource:
    """One entry of the resources list, whoever provides it."""

    source: str  # "partner" | "community"
    pk: int
    title: str
    description: str
    provider: str
    categories: frozenset[str]
    lat: float | None = None
    lng: float | None = None
    partnership_id: int | None = None
    terms: frozenset[str] = field(default=frozenset(), compare=False)
    # Where, in words: the community's own as entered, a partner's its first service point's.
    place: str = ""


def resources_list(
    *,
    categories=None,
    text: str = "",
    place: str = "",
    near=None,
    radius_m=NEAR_M,
    store_words: bool = True,
) -> list[Resource]:
    """Every available resource — active partners' commitments, then the community's own —
    optionally only those serving one of `categories`, sharing words with `text`, whose place
    names `place`, or placed within `radius_m` of `near` (lat, lng). Four queries whatever
    the number of rows, and one more when some resources' words had to be cut again
    (`resource_terms`). Public reads pass `store_words=False`: a visitor's read writes
    nothing (the isolation harness holds every read to that); the office's suggestions store."""
    commitments = (
        ResourceCommitment.objects.filter(partnership__status=PartnershipStatus.ACTIVE)
        .select_related("partnership")
        .only("title", "schedule", "partnership_id", "partnership__organisation_id")
        .annotate(stored_terms=resource_terms.stored("partner", "title", "schedule"))
        .order_by("pk")
    )
    points = {
        p.pk: list(p.service_points.all())
        for p in Partnership.objects.filter(status=PartnershipStatus.ACTIVE).prefetch_related(
            "service_points"
        )
    }
    names = _organisation_names({c.partnership.organisation_id for c in commitments})
    cut_now: list = []

    def words(source: str, row, description: str) -> frozenset[str]:
        if row.stored_terms is not None:
            return frozenset(row.stored_terms)
        text = resource_terms.resource_text(row.title, description)
        found = resource_terms.cut(text)
        cut_now.append((source, row.pk, text, found))
        return found

    found = []
    for commitment in commitments:
        served = points.get(commitment.partnership_id, [])
        first = served[0] if served else None
        found.append(
            Resource(
                source="partner",
                pk=commitment.pk,
                title=commitment.title,
                description=commitment.schedule,
                provider=names.get(commitment.partnership.organisation_id, ""),
                categories=frozenset(c for p in served for c in SERVES.get(p.category, ())),
                lat=first.lat if first else None,
                lng=first.lng if first else None,
                partnership_id=commitment.partnership_id,
                terms=words("partner", commitment, commitment.schedule),
                place=(first.address or first.name) if first else "",
            )
        )
    # Only what a Resource holds: 5,000 rows' unused columns (a timestamp each) cost more
    # than scoring them.
    own_resources = (
        CommunityResource.objects.filter(available=True)
        .only("title", "description", "categories", "place", "lat", "lng")
        .annotate(stored_terms=resource_terms.stored("community", "title", "description"))
        .order_by("pk")
    )
    community = _("Community")  # once: a translation lookup per row costs as much as a score
    for own in own_resources:
        found.append(
            Resource(
                source="community",
                pk=own.pk,
                title=own.title,
                description=own.description,
                provider=community,
                categories=frozenset(own.categories),
                lat=own.lat,
                lng=own.lng,
                terms=words("community", own, own.description),
                place=own.place,
            )
        )
    if store_words:
        resource_terms.remember(cut_now)
    if categories:
        wanted = set(categories)
        found = [r for r in found if r.categories & wanted]
    if text.strip():
        words_wanted = terms(text)
        found = [r for r in found if words_wanted & r.terms]
    if place.strip():
        wanted_place = place.strip().casefold()
        found = [r for r in found if wanted_place in r.place.casefold()]
    if near is not None:
        found = [
            r
            for r in found
            if r.lat is not None and distance_m(near[0], near[1], r.lat, r.lng) <= radius_m
        ]
    return found


def tasks_fitting(partnerships) -> list[Task]:
    """Published tasks that fit what these partnerships do (任务清单 as a partner reads it):
    of a kind their service points serve (`SERVES`), or sharing words with what they have
    committed. Soonest due first."""
    partnerships = list(partnerships)
    if not partnerships:
        return []
    ids = [p.pk for p in partnerships]
    served = {
        kind
        for category in ServicePoint.objects.filter(partnerships__in=ids).values_list(
            "category", flat=True
        )
        for kind in SERVES.get(category, ())
    }
    committed: set[str] = set()
    for title, schedule in ResourceCommitment.objects.filter(partnership__in=ids).values_list(
        "title", "schedule"
    ):
        committed |= terms(f"{title} {schedule}")
    published = Task.objects.filter(status=TaskStatus.PUBLISHED).order_by("due_on", "pk")
    return [
        task
        for task in published
        if task.category in served or committed & terms(f"{task.title} {task.description}")
    ]


def _organisation_names(ids) -> dict[int, str]:
    from commonweal.partners.registry.models import PartnerOrganisation

    return dict(PartnerOrganisation.objects.filter(pk__in=ids).values_list("pk", "legal_name"))


@dataclass(frozen=True)
class Suggestion:
    resource: Resource
    score: float
    category_match: bool
    text_similarity: float
    distance_m: float | None

    @property
    def reason(self) -> str:
        parts = []
        if self.category_match:
            parts.append(_("same kind of need"))
        if self.text_similarity > 0:
            parts.append(
                _("similar wording %(percent)d%%") % {"percent": round(self.text_similarity * 100)}
            )
        if self.distance_m is not None and self.distance_m < NEAR_M:
            parts.append(_("%(metres)d m away") % {"metres": round(self.distance_m)})
        return " · ".join(parts)


def _distance(need, resource) -> float | None:
    if None in (need.lat, need.lng, resource.lat, resource.lng):
        return None
    return distance_m(need.lat, need.lng, resource.lat, resource.lng)


def score(need: Need, resource: Resource, need_terms: set[str] | None = None) -> Suggestion:
    need_terms = need_terms if need_terms is not None else terms(f"{need.title} {need.description}")
    category_match = need.category in resource.categories
    text = similarity(need_terms, set(resource.terms))
    distance = _distance(need, resource)
    closeness = 0.0 if distance is None else max(0.0, 1 - distance / NEAR_M)
    total = (
        WEIGHTS["category"] * category_match
        + WEIGHTS["text"] * text
        + WEIGHTS["distance"] * closeness
    )
    return Suggestion(resource, round(total, 6), category_match, text, distance)


def suggestions_for(need: Need, *, limit: int = 10, resources=None) -> list[Suggestion]:
    """The resources most likely to meet `need`, best first; nothing that shares no signal."""
    need_terms = terms(f"{need.title} {need.description}")
    scored = [
        score(need, r, need_terms)
        for r in (resources if resources is not None else resources_list())
    ]
    scored = [s for s in scored if s.score > 0]
    scored.sort(key=lambda s: (-s.score, s.resource.source, s.resource.pk))
    return scored[:limit]


def _bbox_degrees(lat: float, radius_m: float) -> tuple[float, float]:
    dlat = radius_m / 111_320.0
    dlng = radius_m / (111_320.0 * max(0.01, math.cos(math.radians(lat))))
    return dlat, dlng


def likely_duplicates(
    *, title: str, description: str, category: str, lat, lng, exclude=None, limit: int = 5
) -> list[tuple[Need, float, float]]:
    """Open needs of the same category within `DUPLICATE_RADIUS_M` whose text is similar:
    (need, distance in m, similarity), most similar first."""
    from commonweal.governance.needs.services.needs import OPEN_STATUSES

    if lat is None or lng is None:
        return []
    dlat, dlng = _bbox_degrees(lat, DUPLICATE_RADIUS_M)
    candidates = Need.objects.filter(
        category=category,
        status__in=OPEN_STATUSES,
        lat__range=(lat - dlat, lat + dlat),
        lng__range=(lng - dlng, lng + dlng),
    ).order_by("pk")
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude)
    wanted = terms(f"{title} {description}")
    found = []
    for need in candidates[:200]:
        distance = distance_m(lat, lng, need.lat, need.lng)
        if distance > DUPLICATE_RADIUS_M:
            continue
        alike = similarity(wanted, terms(f"{need.title} {need.description}"))
        if alike >= DUPLICATE_MIN_SIMILARITY:
            found.append((need, distance, alike))
    found.sort(key=lambda item: (-item[2], item[1], item[0].pk))
    return found[:limit]
