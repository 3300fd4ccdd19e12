"""The public statistics of hazard reports over GraphQL: the figures of the statistics page."""

import datetime as dt
from typing import Annotated

import strawberry

from commonweal.governance.hazards import stats


@strawberry.type(name="HazardMonth", description="Reports received and fixed in a month.")
class MonthType:
    month: dt.date = strawberry.field(description="The month's first day.")
    received: int = strawberry.field(description="Reports filed that month.")
    fixed: int = strawberry.field(description="Reports fixed that month.")


@strawberry.type(name="HazardCount", description="A count under a name.")
class CountType:
    name: str = strawberry.field(description="Category, grid or level, by name.")
    count: int = strawberry.field(description="How many reports.")


@strawberry.type(name="HazardStatistics", description="The community's report figures.")
class StatisticsType:
    months: list[MonthType] = strawberry.field(description="The last twelve months.")
    by_category: list[CountType] = strawberry.field(description="Reports per category.")
    grids_counted: int = strawberry.field(
        description="Grids with any report: how far `byGrid`'s pages run."
    )
    total: int = strawberry.field(description="Reports ever filed.")
    response_rate: float | None = strawberry.field(
        description="Share of reports someone acted on (0–1)."
    )
    resolution_rate: float | None = strawberry.field(
        description="Share of real hazards fixed (duplicates and non-hazards left out)."
    )
    median_hours_to_respond: float | None = strawberry.field(
        description="Median hours to the first response."
    )
    median_hours_to_fix: float | None = strawberry.field(description="Median hours to the fix.")
    red_by_level: list[CountType] = strawberry.field(
        description="Open reports on a red warning, by handling level."
    )

    @strawberry.field(description="Reports per grid, busiest first, a page at a time.")
    def by_grid(
        self,
        first: Annotated[int, strawberry.argument(description="How many grids (≤ 100).")] = 20,
        offset: Annotated[int, strawberry.argument(description="How many to skip.")] = 0,
    ) -> list[CountType]:
        return [
            CountType(name=n, count=c) for n, c in stats.grid_counts(offset=offset, limit=first)
        ]


def statistics() -> StatisticsType:
    found = stats.figures()

    def counts(rows):
        return [CountType(name=name, count=n) for name, n in rows]

    return StatisticsType(
        months=[
            MonthType(month=m.month, received=m.received, fixed=m.resolved) for m in found.months
        ],
        by_category=counts(found.by_category),
        grids_counted=found.grids_counted,
        total=found.total,
        response_rate=found.response_rate,
        resolution_rate=found.resolution_rate,
        median_hours_to_respond=found.median_hours_to_respond,
        median_hours_to_fix=found.median_hours_to_fix,
        red_by_level=counts(found.red_by_level),
    )
