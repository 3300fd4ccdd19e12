"""有奖举报: a confirmed, non-duplicate report earns its reporter the community's points, once.

The amount and the daily cap per person are the community's (`HazardSettings`). The reporter's
wallet row is locked before today's awards are summed, so two confirmations at once cannot both
pass the cap; `ReportReward` is one row per report and the ledger posting has its own
idempotency key (`timebank:report:<id>`), so a retry awards nothing twice. Once the cap is
reached the report is still recorded, with 0 points.
"""

from django.db.models import Sum
from django.utils import timezone

from commonweal.governance.hazards.models import HazardReport, HazardSettings, ReportReward
from commonweal.timebank import points


def reward_confirmed(*, community, report: HazardReport, actor=None) -> ReportReward | None:
    """Caller holds the report's row lock (services lock reports before ledger accounts)."""
    if report.reporter_id is None or report.duplicate_of_id is not None:
        return None
    existing = ReportReward.objects.filter(report=report).first()
    if existing is not None:
        return existing
    rules = HazardSettings.current()
    points.lock_wallet(report.reporter_id)
    today = timezone.localdate()
    given = (
        ReportReward.objects.filter(user_id=report.reporter_id, day=today).aggregate(
            total=Sum("points")
        )["total"]
        or 0
    )
    amount = max(0, min(rules.reward_points, rules.daily_cap - given))
    reward = ReportReward.objects.create(
        report=report, user_id=report.reporter_id, points=amount, day=today, at=timezone.now()
    )
    if amount:
        points.award_report(
            report_id=report.pk,
            user_id=report.reporter_id,
            points=amount,
            memo=f"有奖举报 · {report.get_category_display()}",
            actor=actor,
        )
        from commonweal.governance.hazards import notify

        notify.rewarded(community=community, report=report, points=amount)
    return reward
