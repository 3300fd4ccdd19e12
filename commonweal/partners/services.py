"""Writes of a community's partner programme. Each runs in the community's schema.

Status changes go through `_move`, which locks the partnership, checks the transition table,
records the transition, mirrors the status to the platform listing, keeps the search document
in step and notifies the organisation's representatives — all in the caller's transaction.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.partners.error_codes import PartnerErrorCode
from commonweal.partners.models import (
    Evaluation,
    Fulfilment,
    Obligation,
    PartnerCall,
    Partnership,
    PartnershipStatus,
    PartnershipTransition,
    Recognition,
    ResourceCommitment,
    ResourceKind,
    ServiceRating,
)
from commonweal.partners.notify import (
    notify_application_received,
    notify_evaluated,
    notify_status_changed,
)
from commonweal.partners.registry.models import OrganisationKind, PartnershipListing
from commonweal.partners.registry.services import organisations_represented_by
from commonweal.platform.accounts.roles import Role
from commonweal.platform.choices import ServiceTier
from commonweal.platform.errors import DomainError, NotFound
from commonweal.search.documents import index_document, remove_document
from commonweal.welfaremap.selectors import listed_points

S = PartnershipStatus
# verb: (statuses it may start from, status it leads to, reason required)
TRANSITIONS = {
    "start_review": ({S.APPLIED}, S.UNDER_REVIEW, False),
    "approve": ({S.UNDER_REVIEW}, S.APPROVED, False),
    "reject": ({S.APPLIED, S.UNDER_REVIEW}, S.REJECTED, True),
    "activate": ({S.APPROVED, S.SUSPENDED}, S.ACTIVE, False),
    "suspend": ({S.ACTIVE}, S.SUSPENDED, True),
    "exit": ({S.APPROVED, S.ACTIVE, S.SUSPENDED}, S.EXITED, False),
}
# An organisation may apply again after a refusal or an exit: it keeps its one partnership.
REAPPLY_FROM = frozenset({S.REJECTED, S.EXITED})
PUBLIC_STATUSES = frozenset({S.ACTIVE})


def not_found() -> NotFound:
    return NotFound(PartnerErrorCode.NOT_FOUND, _("Nothing found with this id."))


def member_user(community, membership_id):
    """The user of a membership of `community`; other communities' members are not found."""
    from commonweal.platform.accounts.models import Membership

    membership = (
        Membership.objects.select_related("user")
        .filter(pk=membership_id, community=community)
        .first()
    )
    if membership is None:
        raise not_found()
    return membership.user


def access_partnership(partnership_id, *, public_only=False) -> Partnership:
    queryset = Partnership.objects.select_related("organisation")
    if public_only:
        queryset = queryset.filter(status__in=PUBLIC_STATUSES)
    partnership = queryset.filter(pk=partnership_id).first()
    if partnership is None:
        raise not_found()
    return partnership


def access_partner_representative(representative_id):
    """A representative of an organisation that has a partnership with this community."""
    from commonweal.partners.registry.services import access_representative

    return access_representative(
        representative_id=representative_id,
        organisations=Partnership.objects.values("organisation_id"),
    )


def _record(partnership, *, from_status, actor, reason, at=None) -> PartnershipTransition:
    return PartnershipTransition.objects.create(
        partnership=partnership,
        from_status=from_status,
        to_status=partnership.status,
        actor=actor,
        reason=reason,
        at=at or partnership.status_changed_at,
    )


def _mirror(community, partnership) -> None:
    PartnershipListing.objects.update_or_create(
        organisation_id=partnership.organisation_id,
        community=community,
        defaults={
            "partnership_id": partnership.pk,
            "status": partnership.status,
            "tier": partnership.tier,
        },
    )


def sync_search(community, partnership) -> None:
    """The directory's search document: present while the partnership is public."""
    if partnership.status not in PUBLIC_STATUSES:
        remove_document(community=community, kind="partner", key=partnership.pk)
        return
    organisation = partnership.organisation
    point = listed_points().filter(partnerships=partnership).order_by("pk").first()
    index_document(
        community=community,
        kind="partner",
        key=partnership.pk,
        title=organisation.legal_name,
        body="\n".join([organisation.description, " ".join(partnership.offers)]),
        category=organisation.kind,
        tags=[partnership.tier, *partnership.offers],
        lat=point.lat if point else None,
        lng=point.lng if point else None,
        url=f"/partners/{partnership.pk}/",
    )


def _move(*, community, actor, partnership, verb: str, reason: str = "", at=None) -> Partnership:
    sources, target, needs_reason = TRANSITIONS[verb]
    partnership = (
        Partnership.objects.select_for_update()
        .select_related("organisation")
        .get(pk=partnership.pk)
    )
    if partnership.status not in sources:
        raise DomainError(
            PartnerErrorCode.INVALID_TRANSITION,
            _("A partnership that is %(status)s cannot be moved this way.")
            % {"status": S(partnership.status).label},
        )
    reason = (reason or "").strip()
    if needs_reason and not reason:
        raise DomainError(PartnerErrorCode.REASON_REQUIRED, _("Give a reason."), field="reason")
    previous = partnership.status
    partnership.status = target
    partnership.status_reason = reason
    partnership.status_changed_at = at or timezone.now()
    if target == S.ACTIVE and partnership.activated_at is None:
        partnership.activated_at = partnership.status_changed_at
    partnership.save(update_fields=["status", "status_reason", "status_changed_at", "activated_at"])
    _record(partnership, from_status=previous, actor=actor, reason=reason)
    _mirror(community, partnership)
    sync_search(community, partnership)
    if target == S.ACTIVE:
        _grant_representative_role(community, partnership)
    notify_status_changed(community=community, partnership=partnership)
    return partnership


def _grant_representative_role(community, partnership) -> None:
    from commonweal.partners.registry.services import representatives_of
    from commonweal.platform.accounts.services import membership_add

    for user in representatives_of(partnership.organisation):
        membership_add(community=community, user=user, roles=[Role.PARTNER_REPRESENTATIVE])


@transaction.atomic
def partnership_start_review(*, community, actor, partnership) -> Partnership:
    return _move(community=community, actor=actor, partnership=partnership, verb="start_review")


@transaction.atomic
def partnership_approve(*, community, actor, partnership, note: str = "") -> Partnership:
    return _move(
        community=community, actor=actor, partnership=partnership, verb="approve", reason=note
    )


@transaction.atomic
def partnership_reject(*, community, actor, partnership, reason: str) -> Partnership:
    return _move(
        community=community, actor=actor, partnership=partnership, verb="reject", reason=reason
    )


@transaction.atomic
def partnership_activate(*, community, actor, partnership, note: str = "") -> Partnership:
    return _move(
        community=community, actor=actor, partnership=partnership, verb="activate", reason=note
    )


@transaction.atomic
def partnership_suspend(*, community, actor, partnership, reason: str) -> Partnership:
    return _move(
        community=community, actor=actor, partnership=partnership, verb="suspend", reason=reason
    )


@transaction.atomic
def partnership_exit(*, community, actor, partnership, reason: str = "") -> Partnership:
    return _move(
        community=community, actor=actor, partnership=partnership, verb="exit", reason=reason
    )


# --- applying -----------------------------------------------------------------------------


def _open_call(call_id) -> PartnerCall:
    call = PartnerCall.objects.filter(pk=call_id, published_at__isnull=False).first()
    if call is None:
        raise not_found()
    if call.closed_at is not None:
        raise DomainError(
            PartnerErrorCode.CALL_CLOSED, _("The office closed this call."), field="callId"
        )
    if call.deadline < timezone.localdate():
        raise DomainError(
            PartnerErrorCode.CALL_CLOSED, _("This call closed on its deadline."), field="callId"
        )
    return call


@transaction.atomic
def partnership_apply(
    *,
    community,
    actor,
    organisation_id,
    call_id=None,
    tier: str = ServiceTier.FREE,
    statement: str = "",
    offers=(),
) -> Partnership:
    """A representative applies for their organisation, reusing its platform identity."""
    organisation = organisations_represented_by(actor).filter(pk=organisation_id).first()
    if organisation is None:
        raise DomainError(
            PartnerErrorCode.NOT_A_REPRESENTATIVE,
            _("Only a representative of the organisation may apply for it."),
            field="organisationId",
        )
    call = _open_call(call_id) if call_id is not None else None
    if call is not None and organisation.kind not in call.kinds_allowed:
        raise DomainError(
            PartnerErrorCode.KIND_NOT_ALLOWED,
            _("This call is not open to %(kind)s.")
            % {"kind": OrganisationKind(organisation.kind).label},
            field="callId",
        )
    now = timezone.now()
    fields = {
        "call": call,
        "tier": ServiceTier(tier),
        "statement": statement.strip(),
        "offers": [o.strip()[:60] for o in offers if o.strip()],
        "applied_by": actor,
        "applied_at": now,
        "status": S.APPLIED,
        "status_reason": "",
        "status_changed_at": now,
    }
    existing = Partnership.objects.select_for_update().filter(organisation=organisation).first()
    if existing is not None and existing.status not in REAPPLY_FROM:
        raise DomainError(
            PartnerErrorCode.ALREADY_PARTNER,
            _("This organisation already has a partnership with this community."),
            field="organisationId",
        )
    if existing is None:
        partnership = Partnership.objects.create(organisation=organisation, **fields)
        previous = ""
    else:
        previous = existing.status
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save()
        partnership = existing
    _record(partnership, from_status=previous, actor=actor, reason=partnership.statement)
    _mirror(community, partnership)
    notify_status_changed(community=community, partnership=partnership)
    notify_application_received(community=community, partnership=partnership)
    return partnership


# --- calls --------------------------------------------------------------------------------


def access_call(call_id, *, published_only=False) -> PartnerCall:
    queryset = PartnerCall.objects.all()
    if published_only:
        queryset = queryset.filter(published_at__isnull=False)
    call = queryset.filter(pk=call_id).first()
    if call is None:
        raise not_found()
    return call


@transaction.atomic
def call_create(
    *, community, actor, title: str, needs: str, kinds_allowed, deadline: date, publish=False
) -> PartnerCall:
    title, needs = (title or "").strip(), (needs or "").strip()
    if not title:
        raise DomainError(PartnerErrorCode.NAME_REQUIRED, _("Enter a title."), field="title")
    if deadline < timezone.localdate():
        raise DomainError(
            PartnerErrorCode.INVALID_DEADLINE,
            _("The deadline cannot be in the past."),
            field="deadline",
        )
    kinds = sorted({OrganisationKind(k) for k in kinds_allowed}) or list(OrganisationKind)
    call = PartnerCall.objects.create(
        title=title, needs=needs, kinds_allowed=kinds, deadline=deadline, created_by=actor
    )
    if publish:
        call = call_publish(community=community, actor=actor, call=call)
    return call


def _locked(call: PartnerCall) -> PartnerCall:
    return PartnerCall.objects.select_for_update().get(pk=call.pk)


def _refuse_closed(call: PartnerCall) -> None:
    if call.closed_at is not None:
        raise DomainError(PartnerErrorCode.CALL_CLOSED, _("This call is already closed."))


def _refuse_draft(call: PartnerCall) -> None:
    if call.published_at is None:
        raise DomainError(PartnerErrorCode.CALL_NOT_PUBLISHED, _("This call is not published."))


@transaction.atomic
def call_publish(*, community, actor, call: PartnerCall) -> PartnerCall:
    """Publish a draft (or re-index a published call); a closed call stays closed."""
    call = _locked(call)
    _refuse_closed(call)
    if call.published_at is None:
        call.published_at = timezone.now()
        call.save(update_fields=["published_at"])
    index_document(
        community=community,
        kind="partner_call",
        key=call.pk,
        title=call.title,
        body=call.needs,
        category="partner_call",
        tags=list(call.kinds_allowed),
        url=f"/partners/#call-{call.pk}",
    )
    return call


@transaction.atomic
def call_unpublish(*, community, actor, call: PartnerCall) -> PartnerCall:
    """Take a published call back to draft: hidden from the public and from search."""
    call = _locked(call)
    _refuse_draft(call)
    call.published_at = None
    call.save(update_fields=["published_at"])
    remove_document(community=community, kind="partner_call", key=call.pk)
    return call


@transaction.atomic
def call_close(*, community, actor, call: PartnerCall) -> PartnerCall:
    """Stop taking applications before the deadline. The call stays visible, marked closed;
    applications already made are kept."""
    call = _locked(call)
    _refuse_draft(call)
    _refuse_closed(call)
    call.closed_at = timezone.now()
    call.save(update_fields=["closed_at"])
    remove_document(community=community, kind="partner_call", key=call.pk)
    return call


# --- the agreement ------------------------------------------------------------------------


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


def may_act_for(user, partnership, roles) -> bool:
    """Office roles act for every partnership; a representative only for their own."""
    if roles & {Role.ADMIN, Role.STAFF}:
        return True
    return (
        Role.PARTNER_REPRESENTATIVE in roles
        and organisations_represented_by(user).filter(pk=partnership.organisation_id).exists()
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


@transaction.atomic
def service_points_set(*, community, actor, partnership, service_point_ids) -> Partnership:
    from commonweal.welfaremap.models import ServicePoint

    points = list(ServicePoint.objects.filter(pk__in=service_point_ids, retired_at__isnull=True))
    if len(points) != len(set(service_point_ids)):
        raise not_found()
    partnership.service_points.set(points)
    sync_search(community, partnership)
    return partnership
