"""我为群众办实事: the public board's monthly figures.

Per month (in the community's time zone): needs received, accepted and resolved; the response
rate (received needs that staff have answered — accepted, declined, merged or made a wish — of
all received); median days from raising to resolution of the needs resolved that month; and
the average satisfaction of ratings given that month. Four queries whatever the number of needs.
"""

from dataclasses import dataclass
from datetime import date
from statistics import median

from django.db.models import Avg, Count, F, Q
from django.db.models.functions import TruncMonth

from commonweal.governance.needs.models import Need, NeedRating, NeedStatus

ANSWERED = Q(accepted_at__isnull=False) | Q(
    status__in=[NeedStatus.DECLINED, NeedStatus.MERGED, NeedStatus.WISH]
)


@dataclass(frozen=True)
class BoardMonth:
    month: date
    received: int = 0
    accepted: int = 0
    resolved: int = 0
    answered: int = 0
    median_days_to_resolve: float | None = None
    satisfaction: float | None = None
    ratings: int = 0

    @property
    def response_rate(self) -> float | None:
        return round(self.answered / self.received, 4) if self.received else None


def _by_month(queryset, field, **aggregates) -> dict[date, dict]:
    rows = (
        queryset.filter(**{f"{field}__isnull": False})
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(**aggregates)
    )
    return {
        row["month"].date() if hasattr(row["month"], "date") else row["month"]: row for row in rows
    }


def monthly_figures(year: int | None = None) -> list[BoardMonth]:
    needs = Need.objects.all()
    if year is not None:
        needs = needs.filter(created_at__year=year)
    received = _by_month(
        needs, "created_at", received=Count("pk"), answered=Count("pk", filter=ANSWERED)
    )
    accepted = _by_month(Need.objects.all(), "accepted_at", accepted=Count("pk"))
    resolved_rows = (
        Need.objects.filter(resolved_at__isnull=False)
        .annotate(month=TruncMonth("resolved_at"), took=F("resolved_at") - F("created_at"))
        .values_list("month", "took")
    )
    durations: dict[date, list[float]] = {}
    for month, took in resolved_rows:
        durations.setdefault(month.date(), []).append(took.total_seconds() / 86400)
    rated = _by_month(
        NeedRating.objects.all(), "created_at", average=Avg("score"), ratings=Count("pk")
    )
    months = sorted({*received, *accepted, *durations, *rated})
    if year is not None:
        months = [m for m in months if m.year == year]
    return [
        BoardMonth(
            month=month,
            received=received.get(month, {}).get("received", 0),
            answered=received.get(month, {}).get("answered", 0),
            accepted=accepted.get(month, {}).get("accepted", 0),
            resolved=len(durations.get(month, [])),
            median_days_to_resolve=round(median(durations[month]), 2)
            if month in durations
            else None,
            satisfaction=round(rated[month]["average"], 2) if month in rated else None,
            ratings=rated.get(month, {}).get("ratings", 0),
        )
        for month in months
    ]
