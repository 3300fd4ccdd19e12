"""The agreement of a partnership: resource commitments (资源清单), obligations (公益义务) and
the deliveries (fulfilments) recorded against them."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.partners.error_codes import PartnerErrorCode, not_found
from commonweal.partners.models import (
    Fulfilment,
    Obligation,
    PartnershipStatus,
    ResourceCommitment,
    ResourceKind,
)
from commonweal.platform.kernel.errors import DomainError

S = PartnershipStatus


def _require_agreement_open(partnership) -> None:
    if partnership.status not in (S.APPROVED, S.ACTIVE):
        raise DomainError(
            PartnerErrorCode.NOT_ACTIVE,
            _("Only an approved or active partnership takes new commitments."),
        )


def _positive(value, field: str) -> Decimal:
    value = Decimal(value).quantize(Decimal("0.01"))
    if value <= 0:
        raise DomainError(
            PartnerErrorCode.INVALID_QUANTITY, _("Enter a quantity above zero."), field=field
        )
    return value


@transaction.atomic
def commitment_add(
    *,
    actor,
    partnership,
    kind: str,
    title: str,
    quantity,
    unit: str,
    schedule: str = "",
    tier: str = "free",
    due_on: date | None = None,
) -> ResourceCommitment:
    _require_agreement_open(partnership)
    if not (title or "").strip():
        raise DomainError(PartnerErrorCode.NAME_REQUIRED, _("Enter a title."), field="title")
    return ResourceCommitment.objects.create(
        partnership=partnership,
        kind=ResourceKind(kind),
        title=title.strip(),
        quantity=_positive(quantity, "quantity"),
        unit=unit.strip(),
        schedule=schedule.strip(),
        tier=tier,
        due_on=due_on,
    )


@transaction.atomic
def obligation_add(
    *,
    actor,
    partnership,
    description: str,
    free_services_per_month: int | None = None,
    senior_discount_percent: int | None = None,
) -> Obligation:
    _require_agreement_open(partnership)
    if not (description or "").strip():
        raise DomainError(
            PartnerErrorCode.NAME_REQUIRED, _("Describe the obligation."), field="description"
        )
    if senior_discount_percent is not None and not 0 < senior_discount_percent <= 100:
        raise DomainError(
            PartnerErrorCode.INVALID_QUANTITY,
            _("A discount is between 1 and 100 per cent."),
            field="seniorDiscountPercent",
        )
    return Obligation.objects.create(
        partnership=partnership,
        description=description.strip(),
        free_services_per_month=free_services_per_month,
        senior_discount_percent=senior_discount_percent,
    )


@transaction.atomic
def fulfilment_record(
    *,
    actor,
    partnership,
    commitment_id=None,
    obligation_id=None,
    quantity=1,
    delivered_on: date,
    recipient=None,
    beneficiary: str = "",
    evidence: str = "",
) -> Fulfilment:
    """Record a delivery against exactly one commitment or obligation of `partnership`."""
    if partnership.status != S.ACTIVE:
        raise DomainError(
            PartnerErrorCode.NOT_ACTIVE, _("Only an active partnership delivers services.")
        )
    if (commitment_id is None) == (obligation_id is None):
        raise DomainError(
            PartnerErrorCode.INVALID_TARGET,
            _("Record a delivery against one commitment or one obligation."),
        )
    commitment = obligation = None
    if commitment_id is not None:
        commitment = (
            ResourceCommitment.objects.select_for_update()
            .filter(pk=commitment_id, partnership=partnership)
            .first()
        )
        if commitment is None:
            raise not_found()
    else:
        obligation = Obligation.objects.filter(pk=obligation_id, partnership=partnership).first()
        if obligation is None:
            raise not_found()
    if delivered_on > timezone.localdate():
        raise DomainError(
            PartnerErrorCode.INVALID_PERIOD,
            _("A delivery cannot be recorded in the future."),
            field="deliveredOn",
        )
    quantity = _positive(quantity, "quantity")
    fulfilment = Fulfilment.objects.create(
        partnership=partnership,
        commitment=commitment,
        obligation=obligation,
        quantity=quantity,
        delivered_on=delivered_on,
        recipient=recipient,
        beneficiary=beneficiary.strip(),
        evidence=evidence.strip(),
        recorded_by=actor,
    )
    if commitment is not None:
        ResourceCommitment.objects.filter(pk=commitment.pk).update(
            delivered_quantity=F("delivered_quantity") + quantity
        )
    return fulfilment
