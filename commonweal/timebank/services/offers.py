"""Partners' redemption offers. Each offer is also a resource commitment of the partnership
(资源清单: "积分兑换 · 义剪", quantity = stock), so it shows among what the partner gives."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.partners.models import ResourceCommitment, ResourceKind
from commonweal.platform.kernel.errors import DomainError
from commonweal.search.documents import index_document, remove_document
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.error_codes import not_found
from commonweal.timebank.models import Offer, OfferStatus
from commonweal.timebank.roles import is_office
from commonweal.timebank.services.partners import represented_partnerships


def _positive(value, *, field, code, message, upper) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= upper:
        raise DomainError(code, message, field=field)
    return value


def partnership_for(community, actor, partnership_id):
    """The partnership an offer is made for: one the actor represents, or any active one
    for the office."""
    from commonweal.partners.models import Partnership, PartnershipStatus

    if is_office(community, actor):
        found = Partnership.objects.filter(pk=partnership_id, status=PartnershipStatus.ACTIVE)
    else:
        found = represented_partnerships(actor).filter(pk=partnership_id)
    partnership = found.select_related("organisation").first()
    if partnership is None:
        raise DomainError(
            E.NOT_A_PARTNER,
            _("Offers are made by an active partner you represent."),
            field="partnershipId",
        )
    return partnership


def sync_search(community, offer) -> None:
    today = timezone.localdate()
    if offer.status != OfferStatus.ACTIVE or offer.valid_until < today:
        remove_document(community=community, kind="timebank_offer", key=offer.pk)
        return
    organisation = offer.partnership.organisation
    index_document(
        community=community,
        kind="timebank_offer",
        key=offer.pk,
        title=offer.item,
        body="\n".join([offer.description, organisation.legal_name]),
        category="timebank_offer",
        tags=[f"{offer.price}积分", organisation.legal_name],
        url=f"/timebank/offers/{offer.pk}/",
    )


@transaction.atomic
def offer_create(
    *,
    community,
    actor,
    partnership_id,
    item: str,
    price: int,
    stock: int,
    valid_from,
    valid_until,
    description: str = "",
    per_person_limit: int | None = None,
    kind: str = ResourceKind.GOODS,
) -> Offer:
    partnership = partnership_for(community, actor, partnership_id)
    item = (item or "").strip()
    if not item:
        raise DomainError(E.TITLE_REQUIRED, _("Name the item."), field="item")
    if len(item) > 120:
        raise DomainError(E.TOO_LONG, _("This is too long."), field="item")
    price = _positive(
        price,
        field="price",
        code=E.INVALID_PRICE,
        message=_("A price is 1 point or more."),
        upper=1_000_000,
    )
    stock = _positive(
        stock,
        field="stock",
        code=E.INVALID_STOCK,
        message=_("Stock is 1 to 100,000."),
        upper=100_000,
    )
    if per_person_limit is not None:
        _positive(
            per_person_limit,
            field="perPersonLimit",
            code=E.INVALID_LIMIT,
            message=_("A limit per person is 1 or more."),
            upper=100_000,
        )
    if valid_from is None or valid_until is None or valid_until < valid_from:
        raise DomainError(
            E.INVALID_VALIDITY,
            _("The offer must end on or after its first day."),
            field="validUntil",
        )
    commitment = ResourceCommitment.objects.create(
        partnership=partnership,
        kind=kind if kind in ResourceKind.values else ResourceKind.GOODS,
        title=f"积分兑换 · {item}"[:120],
        quantity=stock,
        unit="份",
        schedule=f"{price} 积分/份"[:120],
        due_on=valid_until,
    )
    offer = Offer.objects.create(
        partnership=partnership,
        commitment=commitment,
        item=item,
        description=(description or "").strip(),
        price=price,
        stock=stock,
        initial_stock=stock,
        per_person_limit=per_person_limit,
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=actor,
    )
    sync_search(community, offer)
    return offer


def access_offer_to_manage(community, actor, offer_id) -> Offer:
    offer = Offer.objects.select_related("partnership__organisation").filter(pk=offer_id).first()
    if offer is None:
        raise not_found()
    if (
        not is_office(community, actor)
        and not represented_partnerships(actor).filter(pk=offer.partnership_id).exists()
    ):
        raise not_found()
    return offer


@transaction.atomic
def offer_withdraw(*, community, actor, offer) -> Offer:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    offer.status = OfferStatus.WITHDRAWN
    offer.save(update_fields=["status"])
    sync_search(community, offer)
    return offer


def restock(offer_id, quantity: int = 1) -> None:
    Offer.objects.filter(pk=offer_id).update(stock=F("stock") + quantity)
