"""积分兑换: a volunteer redeems an offer, the points are held, the merchant verifies the
one-time code and the exchange completes; a code left unverified expires and the points
come back.

Concurrency: `redeem` locks the offer row, then the volunteer's ledger account (the order
the ledger asks for: own rows, then accounts), and only then reads stock, the per-person
count and the balance. Fifty parallel redemptions of a 30-point offer against 100 points
therefore hold exactly three, leave 10, and stock never goes below zero (a CHECK constraint
backs the lock).
"""

import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.errors import DomainError
from commonweal.timebank import notify, points
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.error_codes import not_found
from commonweal.timebank.models import (
    Offer,
    OfferStatus,
    Redemption,
    RedemptionStatus,
    TimebankSettings,
)
from commonweal.timebank.services.offers import restock
from commonweal.timebank.services.partners import represented_partnerships
from commonweal.timebank.services.volunteers import access_volunteer

SPENDING = (RedemptionStatus.HELD, RedemptionStatus.COMPLETED)


def _new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def _insert_with_code(redemption: Redemption) -> Redemption:
    """Six digits unique among waiting codes; a collision draws again."""
    for _attempt in range(8):
        redemption.code = _new_code()
        try:
            with transaction.atomic():
                redemption.save()
            return redemption
        except IntegrityError:
            redemption.pk = None
    raise RuntimeError("no free redemption code after 8 draws")


@transaction.atomic
def redeem(*, community, actor, offer) -> Redemption:
    access_volunteer(actor)
    offer = (
        Offer.objects.select_for_update()
        .select_related("partnership__organisation")
        .filter(pk=offer.pk)
        .first()
    )
    today = timezone.localdate()
    if offer is None or offer.status != OfferStatus.ACTIVE:
        raise not_found()
    if not offer.valid_from <= today <= offer.valid_until:
        raise DomainError(E.OFFER_NOT_AVAILABLE, _("This offer is not valid today."))
    if offer.stock <= 0:
        raise DomainError(E.OUT_OF_STOCK, _("Sold out."))
    if offer.per_person_limit is not None:
        mine = Redemption.objects.filter(offer=offer, volunteer=actor, status__in=SPENDING)
        if mine.count() >= offer.per_person_limit:
            raise DomainError(
                E.LIMIT_REACHED,
                _("At most %(n)s per person.") % {"n": offer.per_person_limit},
            )
    wallet = points.lock_wallet(actor.pk)
    if wallet.balance < offer.price:
        raise DomainError(
            E.INSUFFICIENT_POINTS,
            _("You have %(balance)s points; this needs %(price)s.")
            % {"balance": wallet.balance, "price": offer.price},
        )
    Offer.objects.filter(pk=offer.pk).update(stock=F("stock") - 1)
    now = timezone.now()
    minutes = TimebankSettings.current().redemption_code_minutes
    redemption = _insert_with_code(
        Redemption(
            offer=offer,
            volunteer=actor,
            points=offer.price,
            created_at=now,
            expires_at=now + timedelta(minutes=minutes),
        )
    )
    points.hold(redemption=redemption, account=wallet, actor=actor)
    notify.redemption_code(community=community, redemption=redemption)
    return redemption


def _clean_code(code: str) -> str:
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6:
        raise DomainError(E.CODE_UNKNOWN, _("A redemption code has six digits."), field="code")
    return code


@transaction.atomic
def verify(*, community, actor, code: str) -> Redemption:
    """The merchant's staff confirm a code at the counter. Only codes of offers of a partner
    the caller represents are found; any other code reads as unknown."""
    code = _clean_code(code)
    redemption = (
        Redemption.objects.select_for_update(of=("self",))
        .select_related("offer__partnership__organisation")
        .filter(
            code=code,
            status=RedemptionStatus.HELD,
            offer__partnership__in=represented_partnerships(actor).values("pk"),
        )
        .first()
    )
    if redemption is None:
        raise DomainError(E.CODE_UNKNOWN, _("No waiting redemption has this code."), field="code")
    if redemption.expires_at <= timezone.now():
        raise DomainError(
            E.REDEMPTION_EXPIRED,
            _("This code has expired; the points go back to the volunteer."),
            field="code",
        )
    redemption.status = RedemptionStatus.COMPLETED
    redemption.settled_at = timezone.now()
    redemption.verified_by = actor
    redemption.save(update_fields=["status", "settled_at", "verified_by"])
    points.redeem(redemption=redemption, actor=actor)
    commitment_id = redemption.offer.commitment_id
    if commitment_id is not None:
        from commonweal.partners.models import ResourceCommitment

        ResourceCommitment.objects.filter(pk=commitment_id).update(
            delivered_quantity=F("delivered_quantity") + 1
        )
    return redemption


def _give_back(redemption, status, actor=None) -> Redemption:
    redemption.status = status
    redemption.settled_at = timezone.now()
    redemption.save(update_fields=["status", "settled_at"])
    # The offer before the ledger accounts: the lock order of `redeem`, so no deadlock.
    restock(redemption.offer_id)
    points.give_back(redemption=redemption, actor=actor)
    return redemption


@transaction.atomic
def redemption_cancel(*, community, actor, redemption) -> Redemption:
    redemption = (
        Redemption.objects.select_for_update(of=("self",))
        .select_related("offer")
        .filter(pk=redemption.pk, volunteer=actor)
        .first()
    )
    if redemption is None:
        raise not_found()
    if redemption.status != RedemptionStatus.HELD:
        raise DomainError(E.INVALID_TRANSITION, _("This exchange is already settled."))
    return _give_back(redemption, RedemptionStatus.CANCELLED, actor)


def expire_due(*, community, now=None) -> int:
    """Return the points of every code left unverified past its expiry; safe to run from
    several workers at once (SKIP LOCKED, and the return entry is keyed by redemption)."""
    now = now or timezone.now()
    done = 0
    while True:
        with transaction.atomic():
            batch = list(
                Redemption.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("offer")
                .filter(status=RedemptionStatus.HELD, expires_at__lte=now)
                .order_by("expires_at", "pk")[:200]
            )
            for redemption in batch:
                _give_back(redemption, RedemptionStatus.EXPIRED)
                notify.redemption_expired(community=community, redemption=redemption)
        done += len(batch)
        if len(batch) < 200:
            return done


def access_my_redemption(actor, redemption_id) -> Redemption:
    found = (
        Redemption.objects.select_related("offer__partnership__organisation")
        .filter(pk=redemption_id, volunteer_id=actor.pk)
        .first()
    )
    if found is None:
        raise not_found()
    return found
