"""How a partner is judged: residents' ratings of services, the office's periodic
evaluations, and recognitions (e.g. 最美商家)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from commonweal.partners.error_codes import PartnerErrorCode, not_found
from commonweal.partners.models import (
    Evaluation,
    Fulfilment,
    PartnershipStatus,
    Recognition,
    ServiceRating,
)
from commonweal.partners.notify import notify_evaluated
from commonweal.platform.kernel.errors import DomainError

S = PartnershipStatus


@transaction.atomic
def rating_give(*, actor, fulfilment_id, score: int, comment: str = "") -> ServiceRating:
    """The resident who received a service rates it, once."""
    fulfilment = Fulfilment.objects.select_for_update().filter(pk=fulfilment_id).first()
    if fulfilment is None:
        raise not_found()
    if fulfilment.recipient_id != actor.pk:
        raise DomainError(
            PartnerErrorCode.NOT_RECIPIENT, _("Only the resident who was served may rate it.")
        )
    if not 1 <= score <= 5:
        raise DomainError(
            PartnerErrorCode.INVALID_RATING, _("A rating is from 1 to 5."), field="score"
        )
    if ServiceRating.objects.filter(fulfilment=fulfilment).exists():
        raise DomainError(PartnerErrorCode.ALREADY_RATED, _("You already rated this service."))
    return ServiceRating.objects.create(
        fulfilment=fulfilment,
        partnership_id=fulfilment.partnership_id,
        rater=actor,
        score=score,
        comment=comment.strip(),
    )


@transaction.atomic
def evaluation_make(
    *,
    community,
    actor,
    partnership,
    period_start: date,
    period_end: date,
    staff_score: int,
    comment: str = "",
) -> Evaluation:
    """Compute the period's figures and store them with the staff's score."""
    from commonweal.partners.selectors import period_figures

    if period_end < period_start:
        raise DomainError(
            PartnerErrorCode.INVALID_PERIOD,
            _("The period ends before it starts."),
            field="periodEnd",
        )
    if not 0 <= staff_score <= 100:
        raise DomainError(
            PartnerErrorCode.INVALID_SCORE, _("The score is from 0 to 100."), field="staffScore"
        )
    if Evaluation.objects.filter(
        partnership=partnership, period_start=period_start, period_end=period_end
    ).exists():
        raise DomainError(
            PartnerErrorCode.ALREADY_EVALUATED, _("This period has already been evaluated.")
        )
    evaluation = Evaluation.objects.create(
        partnership=partnership,
        period_start=period_start,
        period_end=period_end,
        staff_score=staff_score,
        comment=comment.strip(),
        evaluated_by=actor,
        **period_figures(partnership, period_start, period_end),
    )
    notify_evaluated(community=community, evaluation=evaluation)
    return evaluation


@transaction.atomic
def recognition_award(
    *, community, actor, partnership, title: str, citation: str = "", awarded_on: date
) -> Recognition:
    if partnership.status != S.ACTIVE:
        raise DomainError(
            PartnerErrorCode.NOT_ACTIVE, _("Only an active partner may be recognised.")
        )
    if not (title or "").strip():
        raise DomainError(PartnerErrorCode.NAME_REQUIRED, _("Enter a title."), field="title")
    recognition = Recognition.objects.create(
        partnership=partnership,
        title=title.strip(),
        citation=citation.strip(),
        awarded_on=awarded_on,
        awarded_by=actor,
    )
    return recognition
