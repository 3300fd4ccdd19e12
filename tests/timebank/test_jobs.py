"""Jobs: the day-before reminder, and points that expire oldest first."""

from datetime import timedelta

from django.utils import timezone

from commonweal.ledger import services as ledger
from commonweal.ledger.models import PTS, Account
from commonweal.platform.notifications.models import Notification
from commonweal.timebank import codes, points
from commonweal.timebank.models import TimebankSettings
from commonweal.timebank.services import checkins, expiry
from commonweal.timebank.tasks import remind_tomorrow
from tests.timebank.fixtures import in_schema, make_task, signed_up


def test_volunteers_are_reminded_the_day_before_once(tb):
    tomorrow = make_task(tb.community, tb.staff, starts_in=20, what_to_bring="手套")
    make_task(tb.community, tb.staff, starts_in=40)  # the day after: not yet
    signed_up(tb.community, tomorrow, tb.volunteer)
    assert remind_tomorrow(tb.community) == 1
    assert remind_tomorrow(tb.community) == 0
    reminders = Notification.objects.filter(kind="timebank.reminder")
    assert [(n.user_id, "手套" in n.body) for n in reminders] == [(tb.volunteer.pk, True)]


def test_points_expire_after_n_months_oldest_first(tb):
    # given 50 points awarded 7 months ago, 30 spent since, and 50 earned today
    recent = make_task(tb.community, tb.staff, points=50, title="燃气安全入户")
    signed_up(tb.community, recent, tb.volunteer)
    with in_schema(tb.community):
        wallet = points.wallet(tb.volunteer.pk)
        issued = ledger.account(points.ISSUED, kind="tb_issued", unit=PTS)
        ledger.post(
            kind=points.KIND_AWARD,
            external_id="timebank:award:old",
            legs=[(issued, -50), (wallet, 50)],
            occurred_at=timezone.now() - timedelta(days=210),
        )
        held = ledger.account(points.HELD, kind="tb_held", unit=PTS)
        ledger.post(kind=points.KIND_HOLD, external_id="spent", legs=[(wallet, -30), (held, 30)])
        checkins.check_in(
            community=tb.community, actor=tb.volunteer, code=codes.issue(recent, step_seconds=45)
        )
        TimebankSettings.objects.update_or_create(pk=1, defaults={"points_expire_after_months": 6})

        # when expiry runs (twice)
        first = expiry.points_expire(community=tb.community)
        second = expiry.points_expire(community=tb.community)

        # then the 20 old points left expire, the recent 50 stay
        assert (first, second) == (20, 0)
        assert Account.objects.get(pk=wallet.pk).balance == 50


def test_months_before_keeps_the_day_or_the_months_last():
    from datetime import date

    assert expiry.months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert expiry.months_before(date(2026, 3, 15), 3) == date(2025, 12, 15)
