"""Working time on the community's calendar: what every SLA clock counts.

A day is worked when the calendar says so (a holiday on a weekday is not; a 调休 weekend day
is), otherwise Monday to Friday; a worked day runs from `day_starts` to `day_ends` in the
community's time zone. `add_working_time` is exact to the microsecond, so an escalation's due
time is the same whenever the job that notices it runs.
"""

import datetime as dt
import zoneinfo

from django.conf import settings

from commonweal.governance.hazards.models import HazardSettings, Holiday

HORIZON_DAYS = 3 * 366  # a limit longer than this is a misconfiguration, not a wait


class Calendar:
    def __init__(self, *, rules: HazardSettings, tz, overrides: dict[dt.date, bool]):
        self.rules = rules
        self.tz = tz
        self.overrides = overrides

    @classmethod
    def of(cls, community=None) -> "Calendar":
        """The current schema's calendar, in `community`'s time zone."""
        name = getattr(community, "time_zone", "") or settings.TIME_ZONE
        return cls(
            rules=HazardSettings.current(),
            tz=zoneinfo.ZoneInfo(name),
            overrides=dict(Holiday.objects.values_list("day", "is_workday")),
        )

    def is_workday(self, day: dt.date) -> bool:
        return self.overrides.get(day, day.weekday() < 5)

    def add(self, start: dt.datetime, hours: float) -> dt.datetime:
        """The moment `hours` of working time after `start` (aware), as an aware datetime."""
        remaining = dt.timedelta(hours=hours)
        cursor = start.astimezone(self.tz)
        day = cursor.date()
        for _ in range(HORIZON_DAYS):
            if self.is_workday(day):
                opens = dt.datetime.combine(day, self.rules.day_starts, tzinfo=self.tz)
                closes = dt.datetime.combine(day, self.rules.day_ends, tzinfo=self.tz)
                begin = max(cursor, opens)
                if begin < closes:
                    if remaining <= closes - begin:
                        return begin + remaining
                    remaining -= closes - begin
            day += dt.timedelta(days=1)
            cursor = dt.datetime.combine(day, dt.time(0), tzinfo=self.tz)
        raise ValueError("no working time within the horizon: check the calendar")
