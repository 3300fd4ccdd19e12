"""Scan to check in: genuine, current, this task's, inside the window, signed up — then
points (one ledger entry) and hours (one record), however many scans."""

import time

import pytest

from commonweal.ledger.models import Entry, Leg
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.notifications.models import Notification
from commonweal.timebank import codes, points
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.models import (
    CheckIn,
    CheckInMethod,
    ServiceRecord,
    TaskStatus,
    TaskTransition,
)
from commonweal.timebank.services import checkins
from tests.timebank.fixtures import (
    TimeBank,
    at_once,
    in_schema,
    make_task,
    make_volunteer,
    racing_community,
    signed_up,
)

STEP = 45


def _code(task, at=None):
    return codes.issue(task, step_seconds=STEP, at=at)


def _scan(tb, who, code, **kw):
    with in_schema(tb.community):
        return checkins.check_in(community=tb.community, actor=who, code=code, **kw)


def _refused(tb, who, code, **kw):
    with pytest.raises(DomainError) as refusal:
        _scan(tb, who, code, **kw)
    return refusal.value.code


def _ledger_state(tb):
    with in_schema(tb.community):
        return Entry.objects.count(), Leg.objects.count(), ServiceRecord.objects.count()


def test_a_scan_credits_50_points_and_the_hours_and_starts_the_task(tb):
    task = make_task(tb.community, tb.staff, hours="2.5")
    signed_up(tb.community, task, tb.volunteer)

    arrival = _scan(tb, tb.volunteer, _code(task))

    assert (arrival.credited, arrival.record.points, str(arrival.record.hours)) == (
        True,
        50,
        "2.50",
    )
    with in_schema(tb.community):
        assert points.balance_of(tb.volunteer.pk) == 50
        task.refresh_from_db()
        assert task.status == TaskStatus.IN_PROGRESS
        last = TaskTransition.objects.filter(task=task).last()
        assert (last.to_status, last.actor_id, last.reason) == (
            "in_progress",
            tb.volunteer.pk,
            "首次签到",
        )
        entry = Entry.objects.get(external_id=f"timebank:award:{task.pk}:{tb.volunteer.pk}")
        assert sorted(entry.legs.values_list("account__code", "amount")) == [
            ("timebank:issued", -50),
            (f"timebank:volunteer:{tb.volunteer.pk}", 50),
        ]
        told = Notification.objects.filter(user=tb.volunteer, kind="timebank.points_credited")
        assert told.count() == 1


def test_a_check_in_replayed_100_times_is_one_award(tb):
    task = make_task(tb.community, tb.staff)
    signed_up(tb.community, task, tb.volunteer)
    code = _code(task)
    credited = [_scan(tb, tb.volunteer, code).credited for _ in range(100)]
    assert credited == [True] + [False] * 99
    with in_schema(tb.community):
        assert points.balance_of(tb.volunteer.pk) == 50
        assert CheckIn.objects.count() == ServiceRecord.objects.count() == 1
        assert Entry.objects.filter(kind=points.KIND_AWARD).count() == 1


@pytest.mark.parametrize("case", ["forged", "expired", "other_task", "garbage"])
def test_bad_codes_are_refused_and_nothing_is_posted(tb, case):
    task = make_task(tb.community, tb.staff)
    other = make_task(tb.community, tb.staff, title="燃气安全入户")
    signed_up(tb.community, task, tb.volunteer)
    signed_up(tb.community, other, tb.volunteer)
    genuine = _code(task)
    task_id, step, signature = genuine.split(".")
    bad = {
        "forged": f"{task_id}.{step}.{'0' * len(signature)}",
        "expired": _code(task, at=time.time() - 3 * STEP),
        "other_task": _code(other),
        "garbage": "not-a-code",
    }[case]
    expected = {
        "forged": E.CODE_FORGED,
        "expired": E.CODE_EXPIRED,
        "other_task": E.CODE_OTHER_TASK,
        "garbage": E.CODE_FORGED,
    }[case]
    before = _ledger_state(tb)
    with in_schema(tb.community), pytest.raises(DomainError) as refusal:
        checkins.check_in(community=tb.community, actor=tb.volunteer, code=bad, task_id=task.pk)
    assert refusal.value.code == expected
    assert _ledger_state(tb) == before


def test_outside_the_window_and_not_signed_up_are_refused(tb):
    later = make_task(tb.community, tb.staff, starts_in=3)  # margin is 30 minutes
    signed_up(tb.community, later, tb.volunteer)
    assert _refused(tb, tb.volunteer, _code(later)) == E.OUTSIDE_WINDOW
    now = make_task(tb.community, tb.staff)
    stranger = make_volunteer(tb.community)
    assert _refused(tb, stranger, _code(now)) == E.NOT_SIGNED_UP
    assert _ledger_state(tb) == (0, 0, 0)


def test_the_geofence_asks_for_a_position_and_says_how_far(tb):
    # 大观湖 at GCJ-02 (30.6207, 104.1062); a check-in within 200 m is asked
    task = make_task(tb.community, tb.staff, lat=30.6207, lng=104.1062, geofence_metres=200)
    signed_up(tb.community, task, tb.volunteer)
    code = _code(task)
    assert _refused(tb, tb.volunteer, code) == E.POSITION_REQUIRED
    with in_schema(tb.community), pytest.raises(DomainError) as refusal:
        checkins.check_in(
            community=tb.community, actor=tb.volunteer, code=code, lat=30.6307, lng=104.1035
        )
    assert refusal.value.code == E.TOO_FAR
    assert "200" in str(refusal.value.message) and "大观湖小广场" in str(refusal.value.message)
    # the browser's WGS-84 position of the lake itself (GCJ-02 is ~500 m off) is accepted
    from commonweal.welfaremap.coordinates import gcj02_to_wgs84

    lat, lng = gcj02_to_wgs84(30.6207, 104.1062)
    assert _scan(tb, tb.volunteer, code, lat=lat, lng=lng).credited is True


def test_the_organiser_checks_in_a_senior_without_a_phone(tb):
    task = make_task(tb.community, tb.grid_worker)
    senior = make_volunteer(tb.community, name="李大爷")
    signed_up(tb.community, task, senior)
    with in_schema(tb.community):
        with pytest.raises(DomainError) as refusal:
            checkins.proxy_check_in(
                community=tb.community, actor=tb.volunteer, task=task, volunteer=senior
            )
        assert refusal.value.code == E.NOT_FOUND
        arrival = checkins.proxy_check_in(
            community=tb.community, actor=tb.grid_worker, task=task, volunteer=senior
        )
        assert (arrival.check_in.method, arrival.check_in.recorded_by_id) == (
            CheckInMethod.PROXY,
            tb.grid_worker.pk,
        )
        assert points.balance_of(senior.pk) == 50


def test_checking_out_records_the_time_and_credits_nothing_more(tb):
    task = make_task(tb.community, tb.staff)
    signed_up(tb.community, task, tb.volunteer)
    code = _code(task)
    _scan(tb, tb.volunteer, code)
    with in_schema(tb.community):
        found = checkins.check_out(community=tb.community, actor=tb.volunteer, code=code)
        assert found.checked_out_at is not None
        assert points.balance_of(tb.volunteer.pk) == 50


def test_a_task_with_check_ins_cannot_be_cancelled(tb):
    from commonweal.timebank.services import tasks

    task = make_task(tb.community, tb.staff)
    signed_up(tb.community, task, tb.volunteer)
    _scan(tb, tb.volunteer, _code(task))
    with in_schema(tb.community), pytest.raises(DomainError) as refusal:
        tasks.task_cancel(community=tb.community, actor=tb.staff, task=task, reason="下雨")
    assert refusal.value.code == E.HAS_CHECK_INS


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_scans_of_one_volunteer_credit_once():
    with racing_community("scanrace") as community:
        bank = TimeBank(community)
        task = make_task(community, bank.staff)
        signed_up(community, task, bank.volunteer)
        code = _code(task)

        outcomes = at_once(
            community,
            [
                lambda: (
                    checkins.check_in(community=community, actor=bank.volunteer, code=code).credited
                )
                for _ in range(20)
            ],
        )

        assert sorted(outcomes) == [False] * 19 + [True]
        with in_schema(community):
            assert points.balance_of(bank.volunteer.pk) == 50
            assert Entry.objects.filter(kind=points.KIND_AWARD).count() == 1
