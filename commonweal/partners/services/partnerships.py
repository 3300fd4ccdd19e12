"""A partnership's life in one community: applying, the status lifecycle, where it serves,
and its directory search document.

Status changes go through `_move`, which locks the partnership, checks the transition table,
records the transition, mirrors the status to the platform listing, keeps the search document
in step and notifies the organisation's representatives — all in the caller's transaction.
"""

from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import tenant_context

from commonweal.partners.error_codes import PartnerErrorCode, not_found
from commonweal.partners.models import Partnership, PartnershipStatus, PartnershipTransition
from commonweal.partners.notify import (
    notify_application_received,
    notify_information_provided,
    notify_status_changed,
)
from commonweal.partners.registry.models import OrganisationKind, PartnershipListing
from commonweal.partners.registry.selectors import organisations_represented_by, representatives_of
from commonweal.partners.selectors import PUBLIC_STATUSES, access_open_call, listings_of
from commonweal.platform.kernel.choices import ServiceTier
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role
from commonweal.platform.kernel.text import too_long
from commonweal.search.documents import DocumentKind, index_document, remove_document
from commonweal.welfaremap.selectors import listed_points

S = PartnershipStatus
# verb: (statuses it may start from, status it leads to, reason required)
TRANSITIONS = {
    "start_review": ({S.APPLIED}, S.UNDER_REVIEW, False),
    "approve": ({S.UNDER_REVIEW}, S.APPROVED, False),
    "reject": ({S.APPLIED, S.UNDER_REVIEW, S.INFO_REQUESTED}, S.REJECTED, True),
    # The office asks the applicant a question; the applicant's answer resumes the review.
    "request_information": ({S.APPLIED, S.UNDER_REVIEW}, S.INFO_REQUESTED, True),
    "provide_information": ({S.INFO_REQUESTED}, S.UNDER_REVIEW, True),
    "activate": ({S.APPROVED, S.SUSPENDED}, S.ACTIVE, False),
    "suspend": ({S.ACTIVE}, S.SUSPENDED, True),
    "exit": ({S.APPROVED, S.ACTIVE, S.SUSPENDED}, S.EXITED, False),
}
# An organisation may apply again after a refusal or an exit: it keeps its one partnership.
REAPPLY_FROM = frozenset({S.REJECTED, S.EXITED})


def _offers(offers) -> list[str]:
    """Non-empty offers, each within its column's limit (refused, never cut)."""
    limit = Partnership._meta.get_field("offers").base_field.max_length
    cleaned = [o.strip() for o in offers if o.strip()]
    for offer in cleaned:
        if len(offer) > limit:
            raise too_long("offers", limit, _("offers"))
    return cleaned


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
        remove_document(community=community, kind=DocumentKind.PARTNER, key=partnership.pk)
        return
    organisation = partnership.organisation
    point = listed_points().filter(partnerships=partnership).order_by("pk").first()
    index_document(
        community=community,
        kind=DocumentKind.PARTNER,
        key=partnership.pk,
        title=organisation.legal_name,
        body="\n".join([organisation.description, " ".join(partnership.offers)]),
        category=organisation.kind,
        category_name=organisation.get_kind_display(),
        tags=[partnership.tier, *partnership.offers],
        lat=point.lat if point else None,
        lng=point.lng if point else None,
        url=f"/partners/{partnership.pk}/",
    )


def organisation_search_refresh(*, organisation) -> None:
    """Rewrite the directory document of `organisation` in every community where its
    partnership is public, after a change to its platform-wide profile. Runs in the caller's
    transaction from any schema, and leaves the connection on the schema it found."""
    for listing in listings_of(organisation).filter(status__in=PUBLIC_STATUSES):
        with tenant_context(listing.community):
            partnership = Partnership.objects.get(pk=listing.partnership_id)
            partnership.organisation = organisation
            sync_search(listing.community, partnership)


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


@contextmanager
def _reason_named(field: str):
    """A missing reason is reported on the caller's own field (the question, the answer)."""
    try:
        yield
    except DomainError as error:
        if error.code == PartnerErrorCode.REASON_REQUIRED:
            raise DomainError(error.code, error.message, field=field) from None
        raise


@transaction.atomic
def partnership_request_information(*, community, actor, partnership, question: str) -> Partnership:
    """The office asks the applicant for more; the question is the transition's reason and
    reaches the representatives with the status change."""
    with _reason_named("question"):
        return _move(
            community=community,
            actor=actor,
            partnership=partnership,
            verb="request_information",
            reason=question,
        )


@transaction.atomic
def partnership_provide_information(*, community, actor, partnership, answer: str) -> Partnership:
    """A representative of the organisation answers; the review resumes and the office is
    told. Other callers are refused as if the application did not exist."""
    if not organisations_represented_by(actor).filter(pk=partnership.organisation_id).exists():
        raise not_found()
    with _reason_named("answer"):
        partnership = _move(
            community=community,
            actor=actor,
            partnership=partnership,
            verb="provide_information",
            reason=answer,
        )
    notify_information_provided(community=community, partnership=partnership)
    return partnership


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
    call = access_open_call(call_id) if call_id is not None else None
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
        "offers": _offers(offers),
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


# --- where it serves ----------------------------------------------------------------------


@transaction.atomic
def service_points_set(*, community, actor, partnership, service_point_ids) -> Partnership:
    from commonweal.welfaremap.models import ServicePoint

    points = list(ServicePoint.objects.filter(pk__in=service_point_ids, retired_at__isnull=True))
    if len(points) != len(set(service_point_ids)):
        raise not_found()
    partnership.service_points.set(points)
    sync_search(community, partnership)
    return partnership
