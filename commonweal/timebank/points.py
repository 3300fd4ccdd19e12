"""Points on the ledger (unit PTS). The only module of the time bank that posts.

Accounts (all PTS):
- `timebank:issued`          where awards come from; its balance is minus the points ever issued
- `timebank:volunteer:<id>`  a volunteer's points (never below zero: see `lock_wallet`)
- `timebank:held`            points held for redemptions waiting for the merchant
- `timebank:merchant:<id>`   points a partner took in exchange (per partnership)
- `timebank:expired`         points that expired unused

Entries and their idempotency keys (the ledger's `external_id`):
- award    issued → volunteer       `timebank:award:<task>:<volunteer>`
- report   issued → volunteer       `timebank:report:<hazard report>` (有奖举报, one per report)
- hold     volunteer → held         `timebank:hold:<redemption>`
- redeem   held → merchant          `timebank:redeem:<redemption>`
- return   held → volunteer         `timebank:return:<redemption>`
- expire   volunteer → expired      `timebank:expire:<volunteer>:<cutoff day>`
"""

from django.db.models import Sum

from commonweal.ledger import services as ledger
from commonweal.ledger.models import PTS, Account, Leg
from commonweal.timebank.models.volunteers import wallet_code

ISSUED = "timebank:issued"
HELD = "timebank:held"
EXPIRED = "timebank:expired"
KIND_AWARD = "points_issued"
KIND_HOLD = "points_held"
KIND_REDEEM = "points_redeemed"
KIND_RETURN = "points_returned"
KIND_EXPIRE = "points_expired"


def merchant_code(partnership_id) -> str:
    return f"timebank:merchant:{partnership_id}"


def _account(code: str, name: str, kind: str) -> Account:
    return ledger.account(code, name=name, kind=kind, unit=PTS)


def wallet(user_id) -> Account:
    return _account(wallet_code(user_id), f"志愿者 {user_id}", "tb_wallet")


def lock_wallet(user_id) -> Account:
    """The volunteer's account, locked until the caller's transaction ends: read the balance
    after this and decide, so no two redemptions spend the same points."""
    wallet(user_id)
    return Account.objects.select_for_update().get(code=wallet_code(user_id))


def balance_of(user_id) -> int:
    found = Account.objects.filter(code=wallet_code(user_id)).values_list("balance", flat=True)
    return found.first() or 0


def award(*, task, volunteer_id, actor=None):
    """Credit the task's points once per volunteer and task, however often it is asked."""
    issued = _account(ISSUED, "时间银行 积分发行", "tb_issued")
    return ledger.post(
        kind=KIND_AWARD,
        external_id=f"timebank:award:{task.pk}:{volunteer_id}",
        legs=[(issued, -task.points), (wallet(volunteer_id), task.points)],
        memo=f"志愿服务 · {task.title}",
        actor=actor,
    )


def award_report(*, report_id, user_id, points: int, memo: str, actor=None):
    """Credit a confirmed hazard report's reward once, however often it is asked. Counted as
    an award (`KIND_AWARD`), so it expires like any other issued points."""
    issued = _account(ISSUED, "时间银行 积分发行", "tb_issued")
    return ledger.post(
        kind=KIND_AWARD,
        external_id=f"timebank:report:{report_id}",
        legs=[(issued, -points), (wallet(user_id), points)],
        memo=memo,
        actor=actor,
    )


def hold(*, redemption, account: Account, actor=None):
    held = _account(HELD, "时间银行 兑换冻结", "tb_held")
    return ledger.post(
        kind=KIND_HOLD,
        external_id=f"timebank:hold:{redemption.pk}",
        legs=[(account, -redemption.points), (held, redemption.points)],
        memo=f"兑换冻结 · {redemption.offer.item}",
        actor=actor,
    )


def redeem(*, redemption, actor=None):
    held = _account(HELD, "时间银行 兑换冻结", "tb_held")
    partnership_id = redemption.offer.partnership_id
    merchant = _account(merchant_code(partnership_id), f"商家 {partnership_id}", "tb_merchant")
    return ledger.post(
        kind=KIND_REDEEM,
        external_id=f"timebank:redeem:{redemption.pk}",
        legs=[(held, -redemption.points), (merchant, redemption.points)],
        memo=f"兑换完成 · {redemption.offer.item}",
        actor=actor,
    )


def give_back(*, redemption, actor=None):
    held = _account(HELD, "时间银行 兑换冻结", "tb_held")
    return ledger.post(
        kind=KIND_RETURN,
        external_id=f"timebank:return:{redemption.pk}",
        legs=[(held, -redemption.points), (wallet(redemption.volunteer_id), redemption.points)],
        memo=f"兑换退回 · {redemption.offer.item}",
        actor=actor,
    )


def expire(*, account: Account, volunteer_id, amount: int, cutoff):
    expired = _account(EXPIRED, "时间银行 过期积分", "tb_expired")
    return ledger.post(
        kind=KIND_EXPIRE,
        external_id=f"timebank:expire:{volunteer_id}:{cutoff:%Y-%m-%d}",
        legs=[(account, -amount), (expired, amount)],
        memo=f"积分过期 · {cutoff:%Y-%m-%d} 前发放",
    )


def expirable(*, account: Account, cutoff) -> int:
    """Points issued before `cutoff` and not spent since, oldest spent first: what leaves the
    wallet (holds net of returns, expiries) is taken from the oldest points."""
    legs = Leg.objects.filter(account=account)
    issued_before = (
        legs.filter(entry__kind=KIND_AWARD, entry__occurred_at__lt=cutoff).aggregate(
            t=Sum("amount")
        )["t"]
        or 0
    )
    spent = -(
        legs.filter(entry__kind__in=[KIND_HOLD, KIND_RETURN, KIND_EXPIRE]).aggregate(
            t=Sum("amount")
        )["t"]
        or 0
    )
    return max(0, min(account.balance, issued_before - spent))


def history(user_id):
    """The volunteer's legs, newest first, with their entries."""
    return (
        Leg.objects.filter(account__code=wallet_code(user_id))
        .select_related("entry")
        .order_by("-entry__occurred_at", "-entry_id")
    )
