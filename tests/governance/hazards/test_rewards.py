"""有奖举报: a confirmed, non-duplicate report earns points once, within the daily cap."""

from commonweal.governance.hazards.models import ReportReward
from commonweal.governance.hazards.services import reports as services
from commonweal.governance.hazards.services import rewards
from commonweal.ledger.models import Entry
from commonweal.timebank.points import balance_of
from tests.governance.hazards.fixtures import file_report, rules
from tests.partners.fixtures import in_schema


def _confirm(fengshu, people, report):
    with in_schema(fengshu):
        return services.report_confirm(actor=people.grid_worker, community=fengshu, report=report)


def _balance(fengshu, user):
    with in_schema(fengshu):
        return balance_of(user.pk)


def test_a_confirmed_report_earns_the_reporter_the_community_amount_once(fengshu, grid_map, people):
    rules(fengshu, reward_points=15, daily_cap=100)
    report = _confirm(fengshu, people, file_report(fengshu, people.resident))

    with in_schema(fengshu):
        again = rewards.reward_confirmed(community=fengshu, report=report)
        assert list(Entry.objects.values_list("external_id", flat=True)) == [
            f"timebank:report:{report.pk}"
        ]
        assert ReportReward.objects.count() == 1
    assert again.points == 15
    assert _balance(fengshu, people.resident) == 15


def test_duplicates_and_rejected_reports_earn_nothing(fengshu, grid_map, people):
    original = file_report(fengshu, people.neighbour)
    copy = file_report(fengshu, people.resident)
    wrong = file_report(fengshu, people.resident)

    with in_schema(fengshu):
        services.report_mark_duplicate(
            actor=people.staff, community=fengshu, report=copy, original=original
        )
        services.report_reject(actor=people.staff, community=fengshu, report=wrong, reason="正常")
        assert ReportReward.objects.count() == 0
    assert _balance(fengshu, people.resident) == 0


def test_the_daily_cap_limits_what_one_person_earns_in_a_day(fengshu, grid_map, people):
    rules(fengshu, reward_points=10, daily_cap=25)
    for _ in range(4):
        _confirm(fengshu, people, file_report(fengshu, people.resident))

    with in_schema(fengshu):
        assert list(ReportReward.objects.order_by("pk").values_list("points", flat=True)) == [
            10,
            10,
            5,
            0,
        ]
    assert _balance(fengshu, people.resident) == 25


def test_an_anonymous_report_still_rewards_its_reporter(fengshu, grid_map, people):
    _confirm(fengshu, people, file_report(fengshu, people.resident, anonymous=True))

    assert _balance(fengshu, people.resident) == 10
