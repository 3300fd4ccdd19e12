"""积分兑换: hold, verify, expire and return — and never more than the balance or the stock."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commonweal.ledger.models import Entry
from commonweal.partners.models import ResourceCommitment
from commonweal.platform.kernel.errors import DomainError
from commonweal.timebank import codes, points
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.models import Offer, Redemption, RedemptionStatus
from commonweal.timebank.services import checkins, offers, redemptions
from tests.timebank.fixtures import (
    TimeBank,
    at_once,
    in_schema,
    make_task,
    make_volunteer,
    racing_community,
    signed_up,
)


def earn(bank, volunteer, times=1, points_each=50):
    """`volunteer` checks in to `times` tasks worth `points_each`."""
    for _ in range(times):
        task = make_task(bank.community, bank.staff, points=points_each)
        signed_up(bank.community, task, volunteer)
        with in_schema(bank.community):
            checkins.check_in(
                community=bank.community,
                actor=volunteer,
                code=codes.issue(task, step_seconds=45),
            )


def make_offer(bank, representative, partnership, **fields):
    values = {
        "item": "义剪一次",
        "price": 30,
        "stock": 100,
        "valid_from": timezone.localdate(),
        "valid_until": timezone.localdate() + timedelta(days=30),
    }
    values.update(fields)
    with in_schema(bank.community):
        return offers.offer_create(
            community=bank.community,
            actor=representative,
            partnership_id=partnership.pk,
            **values,
        )


def _redeem(tb, who, offer):
    with in_schema(tb.community):
        return redemptions.redeem(community=tb.community, actor=who, offer=offer)


def _verify(tb, who, code):
    with in_schema(tb.community):
        return redemptions.verify(community=tb.community, actor=who, code=code)


def test_an_offer_is_one_of_the_partners_commitments(tb):
    partnership, rep = tb.partner("红旗超市")
    offer = make_offer(tb, rep, partnership, item="10元购物券", price=200, stock=20)
    with in_schema(tb.community):
        commitment = ResourceCommitment.objects.get(partnership=partnership)
    assert (commitment.title, commitment.quantity, commitment.schedule) == (
        "积分兑换 · 10元购物券",
        20,
        "200 积分/份",
    )
    assert offer.commitment_id == commitment.pk


def test_redeem_holds_the_points_and_the_merchant_completes_it(tb):
    partnership, rep = tb.partner("红旗超市")
    offer = make_offer(tb, rep, partnership)
    earn(tb, tb.volunteer, 2)

    redemption = _redeem(tb, tb.volunteer, offer)

    with in_schema(tb.community):
        assert points.balance_of(tb.volunteer.pk) == 70
        assert Offer.objects.get(pk=offer.pk).stock == 99
    assert len(redemption.code) == 6 and redemption.code.isdigit()
    done = _verify(tb, rep, f"{redemption.code[:3]} {redemption.code[3:]}")
    assert done.status == RedemptionStatus.COMPLETED
    with in_schema(tb.community):
        held = points._account(points.HELD, "", "tb_held")
        merchant = points._account(points.merchant_code(partnership.pk), "", "tb_merchant")
        assert (held.balance, merchant.balance) == (0, 30)
        assert ResourceCommitment.objects.get(pk=offer.commitment_id).delivered_quantity == 1
    # the code is spent: a second verification finds nothing
    with pytest.raises(DomainError) as refusal:
        _verify(tb, rep, redemption.code)
    assert refusal.value.code == E.CODE_UNKNOWN


def test_another_partners_staff_cannot_verify_the_code(tb):
    partnership, rep = tb.partner("红旗超市")
    _other, other_rep = tb.partner("伊利奶业")
    offer = make_offer(tb, rep, partnership)
    earn(tb, tb.volunteer)
    redemption = _redeem(tb, tb.volunteer, offer)
    for outsider in (other_rep, tb.staff, tb.volunteer):
        with pytest.raises(DomainError) as refusal:
            _verify(tb, outsider, redemption.code)
        assert refusal.value.code == E.CODE_UNKNOWN
    with in_schema(tb.community):
        assert Redemption.objects.get(pk=redemption.pk).status == RedemptionStatus.HELD


def test_an_unverified_code_expires_and_the_points_come_back(tb):
    partnership, rep = tb.partner()
    offer = make_offer(tb, rep, partnership)
    earn(tb, tb.volunteer)
    redemption = _redeem(tb, tb.volunteer, offer)
    later = timezone.now() + timedelta(days=2)
    with in_schema(tb.community):
        Redemption.objects.filter(pk=redemption.pk).update(expires_at=timezone.now())
        with pytest.raises(DomainError) as refusal:
            redemptions.verify(community=tb.community, actor=rep, code=redemption.code)
        assert refusal.value.code == E.REDEMPTION_EXPIRED
        assert redemptions.expire_due(community=tb.community, now=later) == 1
        assert redemptions.expire_due(community=tb.community, now=later) == 0
        assert points.balance_of(tb.volunteer.pk) == 50
        assert Offer.objects.get(pk=offer.pk).stock == 100
        assert Redemption.objects.get(pk=redemption.pk).status == RedemptionStatus.EXPIRED
        assert Entry.objects.filter(kind=points.KIND_RETURN).count() == 1


@pytest.mark.parametrize(
    ("fields", "earned", "code"),
    [
        ({"price": 60}, 1, E.INSUFFICIENT_POINTS),
        ({"stock": 1}, 2, E.OUT_OF_STOCK),
        ({"per_person_limit": 1}, 3, E.LIMIT_REACHED),
    ],
)
def test_refusals_change_nothing(tb, fields, earned, code):
    partnership, rep = tb.partner()
    offer = make_offer(tb, rep, partnership, **fields)
    earn(tb, tb.volunteer, earned)
    if code != E.INSUFFICIENT_POINTS:
        _redeem(tb, tb.volunteer, offer)
    with in_schema(tb.community):
        before = (points.balance_of(tb.volunteer.pk), Offer.objects.get(pk=offer.pk).stock)
    with pytest.raises(DomainError) as refusal:
        _redeem(tb, tb.volunteer, offer)
    assert refusal.value.code == code
    with in_schema(tb.community):
        after = (points.balance_of(tb.volunteer.pk), Offer.objects.get(pk=offer.pk).stock)
    assert after == before


def test_offers_are_made_by_an_active_partner_one_represents(tb):
    partnership, _rep = tb.partner()
    with pytest.raises(DomainError) as refusal:
        make_offer(tb, tb.volunteer, partnership)
    assert refusal.value.code == E.NOT_A_PARTNER


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_redemptions_of_30_against_100_points_hold_exactly_three():
    with racing_community("redeemrace") as community:
        bank = TimeBank(community)
        partnership, rep = bank.partner()
        offer = make_offer(bank, rep, partnership, stock=1000)
        earn(bank, bank.volunteer, 2)  # 100 points

        outcomes = at_once(
            community,
            [
                lambda: (
                    redemptions.redeem(
                        community=community, actor=bank.volunteer, offer=offer
                    ).status
                )
                for _ in range(50)
            ],
        )

        assert outcomes.count(RedemptionStatus.HELD) == 3
        assert outcomes.count(E.INSUFFICIENT_POINTS) == 47
        with in_schema(community):
            assert points.balance_of(bank.volunteer.pk) == 10
            assert Offer.objects.get(pk=offer.pk).stock == 997


@pytest.mark.django_db(transaction=True)
def test_stock_never_goes_below_zero_under_a_rush():
    with racing_community("stockrace") as community:
        bank = TimeBank(community)
        partnership, rep = bank.partner()
        offer = make_offer(bank, rep, partnership, stock=5, price=10)
        people = [make_volunteer(community) for _ in range(12)]
        for person in people:
            earn(bank, person)

        outcomes = at_once(
            community,
            [
                (lambda p=p: redemptions.redeem(community=community, actor=p, offer=offer).status)
                for p in people
            ],
        )

        assert outcomes.count(RedemptionStatus.HELD) == 5
        assert outcomes.count(E.OUT_OF_STOCK) == 7
        with in_schema(community):
            assert Offer.objects.get(pk=offer.pk).stock == 0
