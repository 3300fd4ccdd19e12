"""Calls for partners (招募): drafted, published, taken back, closed early."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.partners.error_codes import PartnerErrorCode
from commonweal.partners.models import PartnerCall
from commonweal.partners.registry.models import OrganisationKind
from commonweal.platform.kernel.errors import DomainError
from commonweal.search.documents import DocumentKind, index_document, remove_document


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
        kind=DocumentKind.PARTNER_CALL,
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
    remove_document(community=community, kind=DocumentKind.PARTNER_CALL, key=call.pk)
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
    remove_document(community=community, kind=DocumentKind.PARTNER_CALL, key=call.pk)
    return call
