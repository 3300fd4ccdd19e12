"""Optional expiry of points after N months (per community), as ordinary ledger entries.

Points are spent oldest first: what is due to expire on a day is what the volunteer was
awarded before the cutoff less everything that has left the wallet since it opened (see
`points.expirable`). Each run posts at most one entry per volunteer and cutoff day, keyed
`timebank:expire:<volunteer>:<cutoff>`, so a rerun or a second worker posts nothing more.
"""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from commonweal.ledger.models import Account
from commonweal.timebank import points
from commonweal.timebank.models import TimebankSettings


def months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def points_expire(*, community, today: date | None = None) -> int:
    """Expire what is due in every wallet; returns the points expired."""
    months = TimebankSettings.current().points_expire_after_months
    if not months:
        return 0
    today = today or timezone.localdate()
    cutoff_day = months_before(today, months)
    cutoff = timezone.make_aware(datetime.combine(cutoff_day, time.min))
    total = 0
    for account_id in Account.objects.filter(kind="tb_wallet").values_list("pk", flat=True):
        with transaction.atomic():
            account = Account.objects.select_for_update().get(pk=account_id)
            amount = points.expirable(account=account, cutoff=cutoff)
            if amount <= 0:
                continue
            volunteer_id = account.code.rsplit(":", 1)[1]
            posting = points.expire(
                account=account, volunteer_id=volunteer_id, amount=amount, cutoff=cutoff_day
            )
            total += amount if posting.created else 0
    return total
