"""Random sequences of tasks, check-ins, redemptions, expiries and cancellations keep the
time bank's invariants: every entry balanced, no wallet below zero, what is held matches
the waiting codes, stock matches the exchanges, hours = the sum of the tasks credited."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonweal.ledger.models import Account
from commonweal.platform.kernel.errors import DomainError
from commonweal.timebank import codes, points
from commonweal.timebank.models import (
    CheckIn,
    Offer,
    Redemption,
    RedemptionStatus,
    ServiceRecord,
    Task,
    TimebankSettings,
)
from commonweal.timebank.services import (
    checkins,
    expiry,
    offers,
    redemptions,
    signups,
    tasks,
)
from tests.timebank.fixtures import hours_from_now

index = st.integers(0, 5)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("task"), st.integers(1, 120), st.sampled_from(["0", "1.5", "2", "3.25"])),
        st.tuples(st.just("sign"), index, index),
        st.tuples(st.just("scan"), index, index, st.integers(1, 3)),
        st.tuples(st.just("cancel_sign"), index, index),
        st.tuples(st.just("cancel_task"), index),
        st.tuples(st.just("redeem"), index, index),
        st.tuples(st.just("verify"), index),
        st.tuples(st.just("cancel_redemption"), index),
        st.tuples(st.just("expire_codes")),
        st.tuples(st.just("expire_points")),
    ),
    max_size=16,
)


RETURNED = [RedemptionStatus.EXPIRED, RedemptionStatus.CANCELLED]


class _Rollback(Exception):
    pass


def _pick(items, i):
    return items[i % len(items)] if items else None


def _apply(world, op):
    community, kind = world["community"], op[0]
    people, rep = world["people"], world["rep"]
    task_list = list(Task.objects.order_by("pk"))
    if kind == "task":
        tasks.task_create(
            community=community,
            actor=world["staff"],
            title="巡逻",
            place_name="大观湖",
            slots=3,
            hours=op[2],
            points=op[1],
            starts_at=hours_from_now(-0.25),
            ends_at=hours_from_now(2),
            publish=True,
        )
    elif kind == "sign" and task_list:
        signups.sign_up(
            community=community, actor=_pick(people, op[1]), task=_pick(task_list, op[2])
        )
    elif kind == "scan" and task_list:
        task = _pick(task_list, op[2])
        code = codes.issue(task, step_seconds=45)
        for _ in range(op[3]):
            checkins.check_in(community=community, actor=_pick(people, op[1]), code=code)
    elif kind == "cancel_sign" and task_list:
        signups.sign_up_cancel(
            community=community, actor=_pick(people, op[1]), task=_pick(task_list, op[2])
        )
    elif kind == "cancel_task" and task_list:
        tasks.task_cancel(
            community=community, actor=world["staff"], task=_pick(task_list, op[1]), reason="天气"
        )
    elif kind == "redeem":
        offer = _pick(world["offers"], op[2])
        redemptions.redeem(community=community, actor=_pick(people, op[1]), offer=offer)
    elif kind in ("verify", "cancel_redemption"):
        waiting = list(Redemption.objects.filter(status=RedemptionStatus.HELD).order_by("pk"))
        chosen = _pick(waiting, op[1])
        if chosen is None:
            return
        if kind == "verify":
            redemptions.verify(community=community, actor=rep, code=chosen.code)
        else:
            redemptions.redemption_cancel(
                community=community, actor=chosen.volunteer, redemption=chosen
            )
    elif kind == "expire_codes":
        redemptions.expire_due(community=community, now=timezone.now() + timedelta(days=60))
    elif kind == "expire_points":
        TimebankSettings.objects.update_or_create(pk=1, defaults={"points_expire_after_months": 1})
        expiry.points_expire(community=community, today=timezone.localdate() + timedelta(days=62))


def _check_invariants(world):
    schema = connection.schema_name
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred balance triggers, now
        cursor.execute(
            f'SELECT entry_id, unit FROM "{schema}".ledger_leg '
            "GROUP BY entry_id, unit HAVING sum(amount) <> 0"
        )
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT a.code, a.balance, coalesce(sum(l.amount), 0) "
            f'FROM "{schema}".ledger_account a '
            f'LEFT JOIN "{schema}".ledger_leg l ON l.account_id = a.id GROUP BY a.id'
        )
        for code, running, summed in cursor.fetchall():
            assert running == summed, code
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for wallet in Account.objects.filter(kind="tb_wallet"):
        assert wallet.balance >= 0, wallet.code
    held = Account.objects.filter(code=points.HELD).values_list("balance", flat=True).first() or 0
    waiting = Redemption.objects.filter(status=RedemptionStatus.HELD).aggregate(s=Sum("points"))
    assert held == (waiting["s"] or 0)
    for offer in Offer.objects.annotate(
        taken=Count("redemptions", filter=~Q(redemptions__status__in=RETURNED))
    ):
        assert offer.stock == offer.initial_stock - offer.taken >= 0
    for person in world["people"]:
        recorded = ServiceRecord.objects.filter(volunteer_id=person.pk).aggregate(h=Sum("hours"))
        served = sum(
            (
                c.task.hours
                for c in CheckIn.objects.filter(volunteer_id=person.pk).select_related("task")
            ),
            Decimal(0),
        )
        assert (recorded["h"] or Decimal(0)) == served


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_random_sequences_keep_the_time_banks_invariants(tb, ops):
    partnership, rep = tb.partner_once()
    people = tb.people_once()
    connection.set_tenant(tb.community)
    try:
        with transaction.atomic():
            today = timezone.localdate()
            world = {
                "community": tb.community,
                "staff": tb.staff,
                "rep": rep,
                "people": people,
                "offers": [
                    offers.offer_create(
                        community=tb.community,
                        actor=rep,
                        partnership_id=partnership.pk,
                        item=f"兑换品{price}",
                        price=price,
                        stock=2,
                        per_person_limit=limit,
                        valid_from=today,
                        valid_until=today + timedelta(days=5),
                    )
                    for price, limit in ((30, None), (75, 1), (10, 2))
                ],
            }
            for op in ops:
                try:
                    with transaction.atomic():
                        _apply(world, op)
                except DomainError:
                    pass  # a refusal changes nothing; the invariants must still hold
                _check_invariants(world)
            raise _Rollback
    except _Rollback:
        pass
    finally:
        connection.set_schema_to_public()
